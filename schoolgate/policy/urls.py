from django.urls import path

from schoolgate.policy import views

app_name = "policy"
urlpatterns = [
    path("", views.OurPolicyView.as_view(), name="ours"),
    path("override/", views.PolicyOverrideView.as_view(), name="override"),
    path("override/remove/", views.PolicyOverrideRemoveView.as_view(), name="override_remove"),
]
