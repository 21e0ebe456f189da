from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "frontdoor.synth"
