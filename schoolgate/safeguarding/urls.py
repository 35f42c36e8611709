from django.urls import path

from schoolgate.safeguarding import file_views, views

app_name = "safeguarding"
urlpatterns = [
    path("", views.RecordListView.as_view(), name="records"),
    path("new/", views.KindChoiceView.as_view(), name="record_new"),
    path("new/<slug:kind>/", views.RecordCreateView.as_view(), name="record_create"),
    path("records/<int:pk>/", views.RecordDetailView.as_view(), name="record"),
    path("records/<int:pk>/step/", views.RecordStepView.as_view(), name="record_step"),
    path("records/<int:pk>/amend/", views.RecordAmendView.as_view(), name="record_amend"),
    path("records/<int:pk>/close/", views.RecordCloseView.as_view(), name="record_close"),
    path("records/<int:pk>/evidence/", views.EvidenceAddView.as_view(), name="evidence_add"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence"),
    path("records/<int:pk>/tasks/", views.TaskAddView.as_view(), name="task_add"),
    path("records/<int:pk>/link/", views.RecordLinkView.as_view(), name="record_link"),
    path("tasks/", views.TaskListView.as_view(), name="tasks"),
    path("tasks/<int:pk>/done/", views.TaskDoneView.as_view(), name="task_done"),
    path("pupils/<int:pk>/transfer/", file_views.TransferView.as_view(), name="transfer"),
    path(
        "transfers/<int:pk>/receipt/",
        file_views.TransferReceiptView.as_view(),
        name="transfer_receipt",
    ),
    path("retention/", file_views.RetentionListView.as_view(), name="retention"),
    path(
        "records/<int:pk>/retention/",
        file_views.RetentionReviewView.as_view(),
        name="retention_review",
    ),
    path("pupils/<int:pk>/", views.ChronologyView.as_view(), name="pupil_chronology"),
    path("staff/<int:pk>/", views.StaffChronologyView.as_view(), name="staff_chronology"),
]
