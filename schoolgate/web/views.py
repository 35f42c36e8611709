"""The shell: home, dashboard, school switcher, health."""

from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from schoolgate.core.middleware import SESSION_KEY
from schoolgate.core.permissions import can
from schoolgate.core.types import SchoolRequest, SignedInRequest, current_school
from schoolgate.core.views import ActionRequiredMixin
from schoolgate.people.selectors import children_of, roles_at
from schoolgate.web.panels import panels_for


class HomeView(ActionRequiredMixin, View):
    """Send each person to their own starting page."""

    action = "web.home"

    def get(self, request: SchoolRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect("accounts:login")
        school = request.school
        if not can(request.user, "web.dashboard", school) and can(
            request.user, "web.family", school
        ):
            return redirect("web:family")
        return redirect("web:dashboard")


class FamilyView(ActionRequiredMixin, TemplateView):
    """A parent's page: their children at every school of theirs, and how to reach this one."""

    action = "web.family"
    template_name = "web/family.html"
    request: SignedInRequest  # the guard let only a signed-in user through

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        children = [c for s in self.request.schools for c in children_of(user, s)]
        context["children"] = children
        context["several_schools"] = len({c.school_id for c in children}) > 1
        return context


class DashboardView(ActionRequiredMixin, TemplateView):
    action = "web.dashboard"
    template_name = "web/dashboard.html"
    request: SchoolRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from schoolgate.people.roles import Role

        context = super().get_context_data(**kwargs)
        school = current_school(self.request)
        roles = roles_at(self.request.user, school)
        context["role_labels"] = sorted(Role(r).label for r in roles)
        context["counts"] = {
            "pupils": school.pupils.filter(status="current").count(),
            "staff": school.staff.filter(is_current=True).count(),
            "parents": school.parents.count(),
        }
        context["panels"] = panels_for(self.request)
        return context


class SwitchSchoolView(ActionRequiredMixin, View):
    action = "web.switch_school"

    def post(self, request: SchoolRequest) -> HttpResponse:
        wanted = request.POST.get("school")
        if wanted is not None and any(str(s.pk) == wanted for s in request.schools):
            request.session[SESSION_KEY] = int(wanted)
        return redirect("web:dashboard")


class HealthView(ActionRequiredMixin, View):
    action = "web.health"

    def get(self, request: HttpRequest) -> HttpResponse:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})
