from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "schoolgate.policy"
    label = "policy"

    def ready(self) -> None:
        from schoolgate.policy import (
            actions,  # noqa: F401  (registers actions and nav)
            system_checks,  # noqa: F401  (registers policy.E002-E006)
        )
