from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "schoolgate.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from schoolgate.core import checks  # noqa: F401  (registers system checks)

        # Each app's registry.py registers the actions its views declare.
        autodiscover_modules("registry")
