from django.apps import AppConfig


class DevicesConfig(AppConfig):
    name = "schoolgate.devices"
    label = "devices"
    verbose_name = "Devices and phones"
