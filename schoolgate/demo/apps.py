from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo trust's loader and its `schoolgate demo` command; no models."""

    name = "schoolgate.demo"
    label = "demo"
