from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "frontdoor.triage"
