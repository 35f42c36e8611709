from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "schoolgate.accounts"
    label = "accounts"

    def ready(self) -> None:
        from schoolgate.accounts import signals  # noqa: F401  (connects receivers)
        from schoolgate.audit import events

        events.register("auth.password_changed", "Changed their password")
