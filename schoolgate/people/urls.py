from django.urls import path

from schoolgate.people import views

app_name = "people"
urlpatterns = [
    path("pupils/", views.PupilListView.as_view(), name="pupils"),
    path("pupils/export/", views.PupilExportView.as_view(), name="pupils_export"),
    path("parents/", views.ParentListView.as_view(), name="parents"),
    path("parents/export/", views.ParentExportView.as_view(), name="parents_export"),
    path("staff/", views.StaffListView.as_view(), name="staff"),
    path("staff/export/", views.StaffExportView.as_view(), name="staff_export"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/<int:pk>/", views.ImportJobView.as_view(), name="import_job"),
]
