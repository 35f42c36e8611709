from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "schoolgate.audit"
    label = "audit"
