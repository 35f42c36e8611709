from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "schoolgate.publishing"
    label = "publishing"

    def ready(self) -> None:
        # Attach the "publish" checks to the policy rules.
        from schoolgate.publishing import (
            checks,  # noqa: F401
            receivers,  # noqa: F401  (consent, leavers)
        )
