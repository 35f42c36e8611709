from django.urls import path

from schoolgate.moderation import views

app_name = "moderation"
urlpatterns = [
    path("", views.QueueView.as_view(), name="queue"),
    path("bulk/", views.BulkView.as_view(), name="bulk"),
    path("stats/", views.StatsView.as_view(), name="stats"),
    path("praise/", views.PraiseView.as_view(), name="praise"),
    path("comments/<int:pk>/", views.CommentDetailView.as_view(), name="comment"),
    path("comments/<int:pk>/act/", views.CommentActView.as_view(), name="act"),
    path("comments/<int:pk>/note/", views.NoteAddView.as_view(), name="note"),
    path("comments/<int:pk>/delete/", views.DeleteView.as_view(), name="delete"),
    path("comments/<int:pk>/contact/", views.ContactView.as_view(), name="contact"),
    path("comments/<int:pk>/meeting/", views.MeetingView.as_view(), name="meeting"),
    path("comments/<int:pk>/report/", views.ReportView.as_view(), name="report"),
    path("comments/<int:pk>/block/", views.BlockView.as_view(), name="block"),
    path("comments/<int:pk>/outcome/", views.OutcomeView.as_view(), name="outcome"),
    path("one-click/<str:token>/", views.OneClickView.as_view(), name="one_click"),
    path(
        "comment/<slug:school>/<slug:slug>/", views.CommentFormView.as_view(), name="comment_form"
    ),
]
