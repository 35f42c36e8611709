from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "schoolgate.web"
    label = "web"
