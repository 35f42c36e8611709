from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "schoolgate.accounts"
    label = "accounts"
