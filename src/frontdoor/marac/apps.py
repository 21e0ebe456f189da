from django.apps import AppConfig


class MaracConfig(AppConfig):
    name = "frontdoor.marac"
    verbose_name = "MARAC"
