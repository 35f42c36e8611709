from django.apps import AppConfig


class SanctionsConfig(AppConfig):
    name = "schoolgate.sanctions"
    label = "sanctions"
    verbose_name = "Sanctions"
