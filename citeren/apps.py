from django.apps import AppConfig


class CiterenConfig(AppConfig):
    name = "citeren"
    verbose_name = "Citeren"
