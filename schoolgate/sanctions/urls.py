from django.urls import path

from schoolgate.sanctions import views

app_name = "sanctions"
urlpatterns = [
    path("", views.SanctionListView.as_view(), name="list"),
    path("new/", views.SanctionCreateView.as_view(), name="create"),
    path("<int:pk>/lift/", views.SanctionLiftView.as_view(), name="lift"),
]
