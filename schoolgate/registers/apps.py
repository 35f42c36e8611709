from django.apps import AppConfig


class RegistersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "schoolgate.registers"
    label = "registers"
    verbose_name = "Registers and declarations"
