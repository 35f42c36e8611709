from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "schoolgate.people"
    label = "people"
