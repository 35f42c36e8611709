"""The DPO's pages: open subject-access requests, a person's page, the export (C9.3)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.generic import TemplateView

from schoolgate.core.types import SchoolRequest, SignedInRequest
from schoolgate.core.views import ActionRequiredMixin
from schoolgate.dataprotection import selectors, services, subject_access
from schoolgate.dataprotection.forms import PersonSearchForm, RequestForm
from schoolgate.dataprotection.models import PersonKind, SubjectAccessRequest

ACTION = "dataprotection.subject_access"


class RequestListView(ActionRequiredMixin, TemplateView):
    """Open requests, soonest deadline first, and a search for the person asked about."""

    action = ACTION
    template_name = "dataprotection/requests.html"
    request: SchoolRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        school = self.request.school
        form = PersonSearchForm(self.request.GET or None)
        found = None
        if form.is_valid():
            found = selectors.search(school, form.cleaned_data["kind"], form.cleaned_data["q"])
        return super().get_context_data(**kwargs) | {
            "form": form,
            "found": found,
            "found_kind": form.cleaned_data["kind"] if form.is_valid() else "",
            "panel": selectors.panel_context(self.request),
        }


class PersonMixin(ActionRequiredMixin, View):
    action = ACTION
    request: SchoolRequest

    def person(self) -> Any:
        return selectors.access_person_for(
            self.request.school,
            self.kwargs["kind"],
            self.kwargs["pk"],
        )


class PersonView(PersonMixin, View):
    """What is held about one person, their requests, and recording a new one."""

    def get(self, request: SchoolRequest, kind: str, pk: int) -> HttpResponse:
        return self._page(request, kind, self.person(), RequestForm())

    def post(self, request: SignedInRequest, kind: str, pk: int) -> HttpResponse:
        person = self.person()
        form = RequestForm(request.POST)
        if not form.is_valid():
            return self._page(request, kind, person, form, status=400)
        made = services.subject_access_record(
            school=request.school,
            kind=kind,
            person=person,
            requested_by=form.cleaned_data["requested_by"],
            received_on=form.cleaned_data["received_on"],
            actor=request.user,
        )
        messages.success(request, f"Request recorded: answer by {made.due_on:%d %B %Y}.")
        return redirect("dataprotection:person", kind=kind, pk=pk)

    def _page(
        self, request: SchoolRequest, kind: str, person: Any, form: Any, status: int = 200
    ) -> HttpResponse:
        school = request.school
        context = {
            "person": person,
            "kind": kind,
            "kind_label": PersonKind(kind).label,
            "tables": subject_access.tables_for(kind, person),
            "safeguarding": subject_access.safeguarding_count(kind, person),
            "requests": selectors.requests_for(school, kind, person),
            "form": form,
        }
        return render(request, "dataprotection/person.html", context, status=status)


class ExportView(PersonMixin, View):
    """The ZIP of everything held about the person: CSV files and a PDF summary."""

    def post(self, request: SignedInRequest, kind: str, pk: int) -> HttpResponse:
        person = self.person()
        data = services.subject_access_export(
            school=request.school,
            kind=kind,
            person=person,
            actor=request.user,
        )
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = (
            f'attachment; filename="subject-access-{kind}-{person.pk}.zip"'
        )
        return response


class AnsweredView(ActionRequiredMixin, View):
    """Mark a request answered once the person has their copy."""

    action = ACTION

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        made = get_object_or_404(
            SubjectAccessRequest.objects.open(),
            pk=pk,
            school=request.school,
        )
        services.subject_access_answer(request=made, actor=request.user)
        messages.success(request, "Request marked answered.")
        return redirect("dataprotection:person", kind=made.kind, pk=made.person.pk)
