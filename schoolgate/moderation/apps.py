from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "schoolgate.moderation"
    label = "moderation"
    verbose_name = "Comment moderation"
