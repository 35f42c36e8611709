from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "schoolgate.policy"
    label = "policy"
