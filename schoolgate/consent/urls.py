from django.urls import path

from schoolgate.consent import views

app_name = "consent"
urlpatterns = [
    path("", views.RegisterView.as_view(), name="register"),
    path("export/", views.RegisterExportView.as_view(), name="export"),
    path("pupils/<int:pk>/", views.PupilConsentView.as_view(), name="pupil"),
    path("pupils/<int:pk>/record/", views.PupilConsentRecordView.as_view(), name="record"),
    path("renewals/", views.RenewalsView.as_view(), name="renewals"),
    path("renewals/export/", views.RenewalsExportView.as_view(), name="renewals_export"),
    path(
        "renewals/letters.pdf", views.RenewalLettersPdfView.as_view(), name="renewal_letters_pdf"
    ),
    path("children/<int:pk>/", views.ParentAnswerView.as_view(), name="answer"),
    path("import/", views.ConsentImportView.as_view(), name="import"),
    path("do-not-post/", views.DoNotPostView.as_view(), name="do_not_post"),
    path("do-not-post.pdf", views.DoNotPostPdfView.as_view(), name="do_not_post_pdf"),
    path("staff/", views.StaffPermissionsView.as_view(), name="staff"),
    path("my-permission/", views.OwnPhotoPermissionView.as_view(), name="own_permission"),
    path("staff/<int:pk>/record/", views.StaffPermissionRecordView.as_view(), name="staff_record"),
]
