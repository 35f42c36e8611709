"""allauth's OpenID Connect login and callback, each named as a public action.

Only these two of allauth's URLs are served: nobody signs up or manages an
allauth account here. The names are allauth's own, which it reverses.
"""

from allauth.socialaccount.providers.openid_connect import views as oidc
from django.urls import path

from schoolgate.core.views import requires

urlpatterns = [
    path(
        "<str:provider_id>/login/",
        requires("account.sign_in")(oidc.login),
        name="openid_connect_login",
    ),
    path(
        "<str:provider_id>/login/callback/",
        requires("account.sign_in")(oidc.callback),
        name="openid_connect_callback",
    ),
]
