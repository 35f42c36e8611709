from django.urls import path

from schoolgate.web import views

app_name = "web"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("family/", views.FamilyView.as_view(), name="family"),
    path("switch-school/", views.SwitchSchoolView.as_view(), name="switch_school"),
    path("health/", views.HealthView.as_view(), name="health"),
]
