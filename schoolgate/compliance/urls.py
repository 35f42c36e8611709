from django.urls import path

from schoolgate.compliance import views

app_name = "compliance"
urlpatterns = [
    path("policy/", views.DocumentView.as_view(), name="document"),
    path("policy.pdf", views.DocumentPdfView.as_view(), name="document_pdf"),
    path("versions/", views.VersionListView.as_view(), name="versions"),
    path("versions/new/", views.VersionPublishView.as_view(), name="version_publish"),
    path("versions/<int:pk>/", views.VersionDetailView.as_view(), name="version"),
    path("sign/", views.SignView.as_view(), name="sign"),
    path("signoffs/", views.SignoffListView.as_view(), name="signoffs"),
    path("signoffs.csv", views.SignoffExportView.as_view(), name="signoffs_csv"),
    path("signoffs/queries/<int:pk>/", views.QueryReplyView.as_view(), name="query_reply"),
    path("training/", views.TrainingView.as_view(), name="training"),
    path("training/new/", views.TrainingRecordView.as_view(), name="training_new"),
    path("training.csv", views.TrainingExportView.as_view(), name="training_csv"),
    path("training/<int:pk>/edit/", views.TrainingEditView.as_view(), name="training_edit"),
    path("training/<int:pk>/delete/", views.TrainingDeleteView.as_view(), name="training_delete"),
    path("self-check/", views.SelfCheckView.as_view(), name="selfcheck"),
    path(
        "self-check/saved/<int:pk>/delete/",
        views.SavedCheckDeleteView.as_view(),
        name="selfcheck_delete",
    ),
    path("trust/", views.TrustView.as_view(), name="trust"),
]
