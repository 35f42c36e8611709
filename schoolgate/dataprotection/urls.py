from django.urls import path

from schoolgate.dataprotection import views

app_name = "dataprotection"
urlpatterns = [
    path("subject-access/", views.RequestListView.as_view(), name="requests"),
    path("subject-access/<int:pk>/answered/", views.AnsweredView.as_view(), name="answered"),
    path("<str:kind>/<int:pk>/", views.PersonView.as_view(), name="person"),
    path("<str:kind>/<int:pk>/export/", views.ExportView.as_view(), name="export"),
]
