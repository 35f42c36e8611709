from django.urls import path

from schoolgate.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("verify/", views.VerifyView.as_view(), name="verify"),
    path("enrol/", views.EnrolView.as_view(), name="enrol"),
    path("password/", views.PasswordChangeView.as_view(), name="password"),
    path("backup-codes/", views.BackupCodesView.as_view(), name="backup_codes"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("invitations/", views.InvitationListView.as_view(), name="invitations"),
    path(
        "invitations/sending/<int:pk>/",
        views.InvitationBatchView.as_view(),
        name="invitation_batch",
    ),
    path(
        "invitations/<int:pk>/resend/",
        views.InvitationResendView.as_view(),
        name="invitation_resend",
    ),
    path("invitations/letters/", views.ParentLettersView.as_view(), name="parent_letters"),
    path("letter/", views.LetterCodeView.as_view(), name="letter_code"),
    path("invitation/<str:token>/", views.InvitationAcceptView.as_view(), name="invitation"),
    path("parents/sign-in/", views.ParentMethodView.as_view(), name="parent_method"),
    path("sign-in/providers/", views.SignInProvidersView.as_view(), name="sign_in_providers"),
    path("link/", views.SignInLinkRequestView.as_view(), name="sign_in_link_request"),
    path("link/sign-in/", views.SignInLinkView.as_view(), name="sign_in_link"),
]
