from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "frontdoor.insights"
    verbose_name = "Insights"
