from django.apps import AppConfig


class BronnenConfig(AppConfig):
    name = "bronnen"
    verbose_name = "Bronnen en auteurs"
