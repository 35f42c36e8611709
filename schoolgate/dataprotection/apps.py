from django.apps import AppConfig


class DataProtectionConfig(AppConfig):
    name = "schoolgate.dataprotection"
    label = "dataprotection"
    verbose_name = "Data protection"
