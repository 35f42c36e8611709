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
]
