from django.urls import path

from schoolgate.publishing import accounts, parents, press, views

app_name = "publishing"
urlpatterns = [
    path("", views.PostListView.as_view(), name="posts"),
    path("export/", views.PostExportView.as_view(), name="posts_export"),
    path("new/", views.ComposeView.as_view(), name="compose"),
    path("check/", views.CheckPanelView.as_view(), name="check"),
    path("<int:pk>/", views.PostView.as_view(), name="post"),
    path("<int:pk>/edit/", views.ComposeView.as_view(), name="edit"),
    path("<int:pk>/submit/", views.PostActionView.as_view(verb="submit"), name="submit"),
    path("<int:pk>/approve/", views.ReviewActionView.as_view(verb="approve"), name="approve"),
    path("<int:pk>/reject/", views.ReviewActionView.as_view(verb="reject"), name="reject"),
    path("<int:pk>/outbox/<int:item>/resend/", views.ResendView.as_view(), name="resend"),
    path("<int:pk>/reshare/<int:channel>/", views.ReshareView.as_view(), name="reshare"),
    path("<int:pk>/face-tags/", views.FaceTagsView.as_view(), name="face_tags"),
    path("<int:pk>/take-down/", views.TakeDownView.as_view(), name="take_down"),
    path("approve-link/<str:token>/", views.ApprovalLinkView.as_view(), name="approval_link"),
    path("takedowns/", views.TakedownListView.as_view(), name="takedowns"),
    path("my-children/", parents.MyChildrenView.as_view(), name="my_children"),
    path(
        "my-children/<int:pk>/withdraw/",
        parents.ChildWithdrawView.as_view(),
        name="child_withdraw",
    ),
    path(
        "my-children/<int:pk>/withdraw/<int:post>/",
        parents.ChildWithdrawItemView.as_view(),
        name="child_withdraw_item",
    ),
    path("blog-accounts/", accounts.BlogAccountsView.as_view(), name="blog_accounts"),
    path("press/", press.PressEnquiryListView.as_view(), name="press"),
    path("press/new/", press.PressEnquiryNewView.as_view(), name="press_new"),
    path("press/<int:pk>/", press.PressEnquiryView.as_view(), name="press_enquiry"),
    path("channels/", views.ChannelListView.as_view(), name="channels"),
    path("channels/<int:pk>/", views.ChannelView.as_view(), name="channel"),
    path("channels/<int:pk>/sent/", views.ChannelSentView.as_view(), name="channel_sent"),
    path(
        "channels/<int:pk>/sent/export/",
        views.ChannelSentExportView.as_view(),
        name="channel_sent_export",
    ),
    path("pause/", views.PauseView.as_view(), name="pause"),
]
