"""The people pages: pupils, parents and staff lists, and importing from the MIS."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import FormView, ListView

from schoolgate.audit.services import audit_log
from schoolgate.core.exports import csv_response
from schoolgate.core.permissions import can
from schoolgate.core.types import SchoolRequest, SignedInRequest, current_school
from schoolgate.core.views import ActionRequiredMixin
from schoolgate.people import selectors
from schoolgate.people.forms import (
    ImportUploadForm,
    ParentFilterForm,
    PupilFilterForm,
    StaffFilterForm,
)
from schoolgate.people.imports import column_title
from schoolgate.people.models import ImportJob, RoleAssignment
from schoolgate.people.services import import_job_create
from schoolgate.web.toolbar import link

# ---------------------------------------------------------------------------
# Lists and exports
# ---------------------------------------------------------------------------


class PeopleListView(ActionRequiredMixin, ListView):  # type: ignore[type-arg]
    """A searchable, filtered, paginated list of one kind of person."""

    paginate_by = 50
    filter_form_class: type[forms.Form]
    export_action = ""
    export_url_name = ""
    kind = ""
    request: SchoolRequest

    def filter_form(self) -> Any:
        return self.filter_form_class(self.request.GET)

    def filtered(self, form: Any) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        self.form = self.filter_form()
        return self.filtered(self.form)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        may_export = can(self.request.user, self.export_action, self.request.school)
        context |= {
            "form": self.form,
            "query": query.urlencode(),
            "kind": self.kind,
            "filtered": any(v for k, v in self.request.GET.items() if k != "page"),
            "toolbar_links": [link("Download as CSV", self.export_url_name, query.urlencode())]
            if may_export
            else [],
            "may_import": can(
                self.request.user, f"people.import_{self.kind}", self.request.school
            ),
        }
        return context


class ExportView(ActionRequiredMixin, View):
    """Download a list as CSV, in the import's own columns, filters applied."""

    list_view: type[PeopleListView]
    header: list[str] = []

    def rows(self, queryset: QuerySet[Any]) -> Iterable[list[Any]]:
        raise NotImplementedError

    def get(self, request: SchoolRequest) -> HttpResponse:
        lister = self.list_view(request=request, kwargs={})
        queryset = lister.get_queryset()
        rows = list(self.rows(queryset))
        audit_log(
            event="people.exported",
            actor=request.user,
            school=request.school,
            label=f"{lister.kind} list as CSV",
            extra={"kind": lister.kind, "rows": len(rows), "filters": lister.form.data.dict()},
        )
        return csv_response(f"{current_school(request).slug}-{lister.kind}.csv", self.header, rows)


class PupilListView(PeopleListView):
    action = "people.view_pupils"
    export_action = "people.export_pupils"
    export_url_name = "people:pupils_export"
    template_name = "people/pupils.html"
    kind = "pupils"
    request: SchoolRequest

    def filter_form(self) -> PupilFilterForm:
        data = self.request.GET.copy()
        data.setdefault("status", "current")
        return PupilFilterForm(data, classes=selectors.pupil_classes(current_school(self.request)))

    def filtered(self, form: Any) -> QuerySet[Any]:
        return selectors.pupils_of(
            current_school(self.request),
            q=form.value("q"),
            class_name=form.value("class_name"),
            status=form.value("status"),
        )


class ParentListView(PeopleListView):
    action = "people.view_parents"
    export_action = "people.export_parents"
    export_url_name = "people:parents_export"
    filter_form_class = ParentFilterForm
    template_name = "people/parents.html"
    kind = "parents"
    request: SchoolRequest

    def filtered(self, form: Any) -> QuerySet[Any]:
        return selectors.parents_of(
            current_school(self.request), q=form.value("q")
        ).prefetch_related("parentlink_set__pupil")


class StaffListView(PeopleListView):
    action = "people.view_staff"
    export_action = "people.export_staff"
    export_url_name = "people:staff_export"
    filter_form_class = StaffFilterForm
    template_name = "people/staff.html"
    kind = "staff"
    request: SchoolRequest

    def filtered(self, form: Any) -> QuerySet[Any]:
        roles_here = RoleAssignment.objects.filter(school=self.request.school)
        return selectors.staff_of(
            current_school(self.request), q=form.value("q"), kind=form.value("kind")
        ).prefetch_related(Prefetch("user__role_assignments", queryset=roles_here))


PUPIL_COLUMNS = ["mis_id", "first_name", "surname", "preferred_name", "date_of_birth"]
PUPIL_COLUMNS += ["year_group", "class_name", "status", "left_on"]


class PupilExportView(ExportView):
    action = "people.export_pupils"
    list_view = PupilListView
    header = [column_title(c) for c in PUPIL_COLUMNS]

    def rows(self, queryset: QuerySet[Any]) -> Iterable[list[Any]]:
        for pupil in queryset:
            yield [getattr(pupil, c) for c in PUPIL_COLUMNS]


class ParentExportView(ExportView):
    action = "people.export_parents"
    list_view = ParentListView
    header = ["MIS ID", "Title", "First name", "Surname", "Email", "Phone", "Pupils"]
    header += ["Relationship"]

    def rows(self, queryset: QuerySet[Any]) -> Iterable[list[Any]]:
        for parent in queryset:
            links = list(parent.parentlink_set.all())
            relationships = sorted({link.relationship for link in links if link.relationship})
            yield [
                parent.mis_id,
                parent.title,
                parent.first_name,
                parent.surname,
                parent.email,
                parent.phone,
                ";".join(link.pupil.mis_id for link in links),
                "/".join(relationships),
            ]


class StaffExportView(ExportView):
    action = "people.export_staff"
    list_view = StaffListView
    header = ["MIS ID", "Title", "First name", "Surname", "Formal name", "School email"]
    header += ["Staff kind", "Job title", "Roles"]

    def rows(self, queryset: QuerySet[Any]) -> Iterable[list[Any]]:
        for staff in queryset:
            roles = staff.user.role_assignments.all() if staff.user else []
            yield [
                staff.mis_id,
                staff.title,
                staff.first_name,
                staff.surname,
                staff.formal_name,
                staff.email,
                staff.kind,
                staff.job_title,
                ";".join(sorted(r.role for r in roles)),
            ]


# ---------------------------------------------------------------------------
# Importing
# ---------------------------------------------------------------------------


def _importable_kinds(request: SchoolRequest) -> list[str]:
    return [
        k for k in ImportJob.Kind.values if can(request.user, f"people.import_{k}", request.school)
    ]


class ImportView(ActionRequiredMixin, FormView):  # type: ignore[type-arg]
    action = "people.import"
    form_class = ImportUploadForm
    template_name = "people/import.html"
    request: SignedInRequest  # the guard let only a signed-in user through

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"kinds": _importable_kinds(self.request)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        jobs = selectors.import_jobs_for(self.request.user, current_school(self.request))
        return super().get_context_data(**kwargs) | {"jobs": jobs}

    def form_valid(self, form: ImportUploadForm) -> HttpResponse:
        job = import_job_create(
            school=current_school(self.request),
            kind=form.cleaned_data["kind"],
            filename=form.cleaned_data["file"].name,
            text=form.cleaned_data["text"],
            dry_run=form.cleaned_data["dry_run"],
            actor=self.request.user,
        )
        return redirect("people:import_job", pk=job.pk)


class ImportJobView(ActionRequiredMixin, View):
    """An import's progress while it runs, then its summary and refused rows.

    htmx polls the page every second; it answers with the progress fragment
    alone, and stops the polling once the job is finished.
    """

    action = "people.import"

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.job = selectors.access_import_job_for(self.request.user, self.kwargs["pk"])
        return self.job

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.job
        if request.GET.get("format") == "csv":
            rows = (
                [e["line"], e.get("name", ""), e.get("mis_id", ""), e["reason"]]
                for e in job.errors
            )
            header = ["Line", "Name", "MIS ID", "Reason"]
            return csv_response(f"import-{job.pk}-errors.csv", header, rows)
        context = {"job": job}
        if getattr(request, "htmx", False):
            return render(request, "people/_import_progress.html", context)
        return render(request, "people/import_job.html", context)
