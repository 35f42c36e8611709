app_name = "safeguarding"
urlpatterns: list = []  # type: ignore[type-arg]
