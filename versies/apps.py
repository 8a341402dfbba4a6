from django.apps import AppConfig


class VersiesConfig(AppConfig):
    name = "versies"
    verbose_name = "Versies"
