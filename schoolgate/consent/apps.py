from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "schoolgate.consent"
    label = "consent"
    verbose_name = "Photo consent"
