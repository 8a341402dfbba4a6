from django.apps import AppConfig


class OmleidingenConfig(AppConfig):
    name = "omleidingen"
    verbose_name = "Omleidingen van oude adressen"
