from django.apps import AppConfig

from frontdoor.arrays import array_lookups_install


class WebConfig(AppConfig):
    name = "frontdoor.web"

    def ready(self) -> None:
        array_lookups_install()
