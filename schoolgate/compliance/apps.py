from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "schoolgate.compliance"
    label = "compliance"
    verbose_name = "Compliance"

    def ready(self) -> None:
        # Attach the self-check's functions to the policy's selfcheck rules.
        from schoolgate.compliance import selfcheck  # noqa: F401
