from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "schoolgate.safeguarding"
    label = "safeguarding"
    verbose_name = "Safeguarding"
