from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "schoolgate.photos"
    label = "photos"
    verbose_name = "Photos in posts"

    def ready(self) -> None:
        from schoolgate.photos import receivers  # noqa: F401  (consent withdrawal)
