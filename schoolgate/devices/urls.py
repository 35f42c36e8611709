from django.urls import path

from schoolgate.devices import views

app_name = "devices"
urlpatterns = [
    path("", views.DeviceListView.as_view(), name="list"),
    path("export/", views.DeviceExportView.as_view(), name="export"),
    path("new/", views.DeviceCreateView.as_view(), name="create"),
    path("<int:pk>/edit/", views.DeviceEditView.as_view(), name="edit"),
    path("<int:pk>/retire/", views.DeviceRetireView.as_view(), name="retire"),
    path("trip-phone/", views.TripPhoneView.as_view(), name="trip_phone"),
    path("trip-phone/sign-out/", views.TripPhoneSignOutView.as_view(), name="trip_phone_sign_out"),
    path(
        "trip-phone/<int:pk>/return/",
        views.TripPhoneReturnView.as_view(),
        name="trip_phone_return",
    ),
    path("phones/", views.HandInView.as_view(), name="hand_in"),
    path("phones/mark/", views.HandInMarkView.as_view(), name="hand_in_mark"),
    path("my-phone/", views.OwnPhoneView.as_view(), name="own_phone"),
]
