from django.apps import AppConfig


class LessenConfig(AppConfig):
    name = "lessen"
    verbose_name = "Lessen en thema's"
