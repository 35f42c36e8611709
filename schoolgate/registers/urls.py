from django.urls import path

from schoolgate.registers import views as v
from schoolgate.registers.record_views import urlpatterns_for_logbooks

app_name = "registers"
urlpatterns = [
    path("accounts/", v.AccountListView.as_view(), name="accounts"),
    path("accounts/new/", v.AccountFormView.as_view(), name="account_create"),
    path("accounts/export.csv", v.AccountCSVView.as_view(), name="accounts_csv"),
    path("accounts/export.pdf", v.AccountPDFView.as_view(), name="accounts_pdf"),
    path("accounts/trust/", v.TrustAccountListView.as_view(), name="trust_accounts"),
    path("accounts/trust/export.csv", v.TrustAccountCSVView.as_view(), name="trust_accounts_csv"),
    path("accounts/trust/export.pdf", v.TrustAccountPDFView.as_view(), name="trust_accounts_pdf"),
    path("accounts/<int:pk>/", v.AccountDetailView.as_view(), name="account"),
    path("accounts/<int:pk>/edit/", v.AccountFormView.as_view(), name="account_edit"),
    path("accounts/<int:pk>/decide/", v.AccountDecideView.as_view(), name="account_decide"),
    path("accounts/<int:pk>/set-up/", v.AccountSetUpView.as_view(), name="account_set_up"),
    path("accounts/<int:pk>/close/", v.AccountCloseView.as_view(), name="account_close"),
    path("applications/", v.ApplicationListView.as_view(), name="applications"),
    path("applications/new/", v.ApplicationFormView.as_view(), name="application_create"),
    path("applications/export.csv", v.ApplicationCSVView.as_view(), name="applications_csv"),
    path("applications/<int:pk>/", v.ApplicationDetailView.as_view(), name="application"),
    path("applications/<int:pk>/edit/", v.ApplicationFormView.as_view(), name="application_edit"),
    path(
        "applications/<int:pk>/decide/",
        v.ApplicationDecideView.as_view(),
        name="application_decide",
    ),
    path("friend-requests/", v.FriendRequestListView.as_view(), name="friend_requests"),
    path("friend-requests/new/", v.FriendRequestFormView.as_view(), name="friend_request_create"),
    path(
        "friend-requests/export.csv", v.FriendRequestCSVView.as_view(), name="friend_requests_csv"
    ),
    path("friend-requests/<int:pk>/", v.FriendRequestDetailView.as_view(), name="friend_request"),
    path(
        "friend-requests/<int:pk>/edit/",
        v.FriendRequestFormView.as_view(),
        name="friend_request_edit",
    ),
    path("friend-requests/<int:pk>/told/", v.ParentsToldView.as_view(), name="parents_told"),
    path("declarations/", v.DeclarationListView.as_view(), name="declarations"),
    path("declarations/export.csv", v.DeclarationCSVView.as_view(), name="declarations_csv"),
    path(
        "declarations/new/<str:kind>/", v.DeclarationFormView.as_view(), name="declaration_create"
    ),
    path("declarations/<int:pk>/", v.DeclarationDetailView.as_view(), name="declaration"),
    path("declarations/<int:pk>/pdf/", v.DeclarationPDFView.as_view(), name="declaration_pdf"),
    path("declarations/<int:pk>/edit/", v.DeclarationFormView.as_view(), name="declaration_edit"),
    path(
        "declarations/<int:pk>/confirm/",
        v.DeclarationConfirmView.as_view(),
        name="declaration_confirm",
    ),
    path(
        "declarations/<int:pk>/review/",
        v.DeclarationReviewView.as_view(),
        name="declaration_review",
    ),
    path(
        "declarations/<int:pk>/withdraw/",
        v.DeclarationWithdrawView.as_view(),
        name="declaration_withdraw",
    ),
]
urlpatterns += urlpatterns_for_logbooks()
