from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "schoolgate.photos"
    label = "photos"
    verbose_name = "Photos in posts"

    def ready(self) -> None:
        from schoolgate.photos import receivers  # noqa: F401  (consent withdrawal)
        from schoolgate.photos.for_posts import PhotosOfPosts
        from schoolgate.publishing.attachments import register_photos

        register_photos(PhotosOfPosts())
