"""The consent pages: the register, a pupil's answers, renewals, import,
export, the do-not-post sheet (HTML and PDF) and staff permissions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from schoolgate.audit.services import audit_log
from schoolgate.consent import policy, selectors
from schoolgate.consent.forms import (
    ConsentRecordForm,
    ConsentUploadForm,
    ParentAnswerForm,
    RegisterFilterForm,
    RenewalsFilterForm,
    SheetFilterForm,
    StaffPermissionForm,
)
from schoolgate.consent.imports import consent_import
from schoolgate.consent.models import Answer, Method
from schoolgate.consent.services import (
    GivenAnswer,
    consent_answer,
    consent_record,
    staff_photo_permission_record,
)
from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.exports import csv_response
from schoolgate.core.pdf import html_to_pdf
from schoolgate.core.permissions import can
from schoolgate.core.types import SchoolRequest, SignedInRequest, current_school
from schoolgate.core.views import ActionRequiredMixin
from schoolgate.people.imports import ImportRefused
from schoolgate.people.models import Pupil, School
from schoolgate.people.selectors import pupil_classes, pupils_of
from schoolgate.web.toolbar import link


def _uses(request: SchoolRequest) -> list[str]:
    return policy.uses_asked(current_school(request))


# ---------------------------------------------------------------------------
# The register and its export
# ---------------------------------------------------------------------------


class RegisterView(ActionRequiredMixin, ListView):  # type: ignore[type-arg]
    """Every current pupil with where their consent stands for each use."""

    action = "consent.view"
    template_name = "consent/register.html"
    paginate_by = 50
    request: SchoolRequest

    def filter_form(self) -> RegisterFilterForm:
        school = current_school(self.request)
        return RegisterFilterForm(
            self.request.GET, classes=pupil_classes(school), uses=_uses(self.request)
        )

    def get_queryset(self) -> selectors.RegisterRows:  # type: ignore[override]
        self.form = form = self.filter_form()
        return selectors.register(
            current_school(self.request),
            q=form.value("q"),
            class_name=form.value("class_name"),
            use=form.value("use"),
            state=form.value("state"),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        query = self.request.GET.copy()
        query.pop("page", None)
        user, school = self.request.user, current_school(self.request)
        return super().get_context_data(**kwargs) | {
            "form": self.form,
            "query": query.urlencode(),
            "filtered": any(v for k, v in self.request.GET.items() if k not in ("page", "show")),
            "uses": [(u, selectors.use_label(u)) for u in _uses(self.request)],
            # A phone lists each pupil's uses that stop a photo or need renewing;
            # "show=all" lists every use, as the columns of a wide screen do.
            "show_all": self.request.GET.get("show") == "all",
            "toggle_query": _toggled(self.request.GET),
            "toolbar_links": [link("Download as CSV", "consent:export", query.urlencode())]
            if can(user, "consent.export", school)
            else [],
            "may_import": can(user, "consent.import", school),
            "policy_source": policy.source(school),
        }


def _toggled(query: QueryDict) -> str:
    """Return the register's query with "show every use" turned the other way."""
    toggled = query.copy()
    if toggled.pop("show", None) != ["all"]:
        toggled["show"] = "all"
    return toggled.urlencode()


class RegisterExportView(ActionRequiredMixin, View):
    """Download the register as CSV, filters applied, one row per pupil."""

    action = "consent.export"

    def get(self, request: SchoolRequest) -> HttpResponse:
        lister = RegisterView(request=request, kwargs={})
        rows = lister.get_queryset()
        uses = _uses(request)
        header = ["MIS ID", "First name", "Surname", "Class"]
        for use in uses:
            label = selectors.use_label(use).capitalize()
            header += [label, f"{label}: expires"]
        audit_log(
            event="consent.exported",
            actor=request.user,
            school=request.school,
            label="photo-consent register as CSV",
            # The filter form is bound to request.GET, a QueryDict.
            extra={"rows": len(rows), "filters": cast(QueryDict, lister.form.data).dict()},
        )
        return csv_response(
            f"{current_school(request).slug}-photo-consent.csv",
            header,
            (_csv_row(r, uses) for r in rows),
        )


def _csv_row(row: selectors.RegisterRow, uses: list[str]) -> list[Any]:
    pupil = row.pupil
    cells: list[Any] = [pupil.mis_id, pupil.first_name, pupil.surname, pupil.class_name]
    for use in uses:
        answer = row.answers[use]
        cells += [answer.state_label, answer.expires_on or ""]
    return cells


# ---------------------------------------------------------------------------
# One pupil
# ---------------------------------------------------------------------------


class PupilConsentView(ActionRequiredMixin, TemplateView):
    """A pupil's current answers with their evidence, history, and a form."""

    action = "consent.view"
    template_name = "consent/pupil.html"

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.pupil = selectors.access_pupil_for(self.request.user, self.kwargs["pk"])
        return self.pupil

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        audit_log(
            event="record.viewed",
            actor=request.user,
            subject=self.pupil,
            school=self.pupil.school,
            label=f"photo consent of pupil {self.pupil.mis_id}",
        )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | pupil_context(self.request, self.pupil)


def pupil_context(
    request: HttpRequest, pupil: Any, form: ConsentRecordForm | None = None
) -> dict[str, Any]:
    """Return what the pupil's consent page shows."""
    uses = policy.uses_asked(pupil.school)
    may_record = can(request.user, "consent.record", pupil)
    if may_record and form is None:
        form = ConsentRecordForm(pupil=pupil, uses=uses)
    answers = selectors.consent_answers(pupil.school, [pupil])[pupil.pk]
    return {
        "pupil": pupil,
        "answers": answers.values(),
        "history": selectors.consent_history(pupil),
        "requests": pupil.renewal_requests.select_related("parent"),
        "form": form if may_record else None,
        # The DPO answers subject-access requests from here too (C9.3).
        "may_subject_access": can(request.user, "dataprotection.subject_access", pupil.school),
    }


class PupilConsentRecordView(ActionRequiredMixin, View):
    """Record a parent's answer from the pupil's page."""

    action = "consent.record"

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.pupil = selectors.access_pupil_for(
            self.request.user, self.kwargs["pk"], action=self.action
        )
        return self.pupil

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        pupil = self.pupil
        uses = policy.uses_asked(pupil.school)
        form = ConsentRecordForm(request.POST, pupil=pupil, uses=uses)
        if form.is_valid():
            try:
                given = GivenAnswer(**form.cleaned_data)
                added = consent_record(pupil=pupil, given=given, actor=request.user)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _recorded_message(pupil, added))
                return redirect("consent:pupil", pk=pupil.pk)
        context = pupil_context(request, pupil, form)
        return render(request, "consent/pupil.html", context, status=400)


def _recorded_message(pupil: Any, added: list[Any]) -> str:
    if not added:
        return "That answer was already on record; nothing changed."
    uses = ", ".join(selectors.use_label(c.use) for c in added)
    return f"Recorded: {added[0].get_answer_display().lower()} for {uses} ({pupil.first_name})."


# ---------------------------------------------------------------------------
# Renewals, import and the do-not-post sheet
# ---------------------------------------------------------------------------


class RenewalsView(ActionRequiredMixin, ListView):  # type: ignore[type-arg]
    """Pupils whose consent is due for renewal or lapsed, and unanswered.

    With the requests and reminders already sent to each parent, search,
    paging, the CSV and the letters for families without email.
    """

    action = "consent.view"
    template_name = "consent/renewals.html"
    paginate_by = 50
    context_object_name = "renewals"
    request: SchoolRequest

    def get_queryset(self) -> selectors.UnansweredRows:  # type: ignore[override]
        self.form = form = RenewalsFilterForm(self.request.GET)
        return selectors.renewals_unanswered(
            current_school(self.request),
            q=form.value("q"),
            letters_only=bool(form.value("letters")),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        school = current_school(self.request)
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(**kwargs) | {
            "form": self.form,
            "query": query.urlencode(),
            "within": policy.renewal_notice_days(school),
            "expiry_months": policy.expiry_months(school),
            "source": policy.source(school),
            "may_chase": can(self.request.user, "consent.chase", self.request.school),
        }


class RenewalsExportView(ActionRequiredMixin, View):
    """The unanswered renewals as CSV, filters applied: one row per pupil."""

    action = "consent.chase"

    def get(self, request: SchoolRequest) -> HttpResponse:
        lister = RenewalsView(request=request, kwargs={})
        rows = lister.get_queryset()
        header = ["MIS ID", "First name", "Surname", "Class", "Uses", "Lapses on", "Lapsed"]
        header += ["Parents", "Emails", "Requested on", "Last reminder", "Needs a letter"]
        audit_log(
            event="consent.renewals_exported",
            actor=request.user,
            school=request.school,
            label="unanswered consent renewals as CSV",
            # The filter form is bound to request.GET, a QueryDict.
            extra={"rows": len(rows), "filters": cast(QueryDict, lister.form.data).dict()},
        )
        return csv_response(
            f"{current_school(request).slug}-consent-renewals.csv",
            header,
            (_renewal_row(r) for r in rows),
        )


def _renewal_row(row: selectors.Unanswered) -> list[Any]:
    pupil, renewal = row.pupil, row.renewal
    requested = [p.requested_at for p in row.parents if p.requested_at]
    return [
        pupil.mis_id,
        pupil.first_name,
        pupil.surname,
        pupil.class_name,
        renewal.use_labels,
        renewal.expires_on,
        "yes" if renewal.lapsed else "no",
        "; ".join(str(p.parent) for p in row.parents),
        "; ".join(p.email for p in row.parents if p.email),
        timezone.localdate(min(requested)) if requested else "",
        "; ".join(p.last_reminder for p in row.parents if p.last_reminder),
        "yes" if row.needs_letter else "no",
    ]


class RenewalLettersPdfView(ActionRequiredMixin, View):
    """Printable renewal letters with a paper form, for families without email.

    One letter per parent (or one to "the parents or carers" where none is on
    record) of each pupil on the list whom nobody can be emailed; `pupil`
    narrows it to one pupil, `q` is the list's search.
    """

    action = "consent.chase"

    def get(self, request: SchoolRequest) -> HttpResponse:
        school = current_school(request)
        form = RenewalsFilterForm(request.GET)
        rows: Sequence[selectors.Unanswered] = selectors.renewals_unanswered(
            school, q=form.value("q"), letters_only=True
        )
        pupil = request.GET.get("pupil", "")
        if pupil.isdigit():
            rows = [r for r in rows if r.pupil.pk == int(pupil)]
        letters = [
            (row, chase.parent if chase else None)
            for row in rows
            for chase in (row.parents or (None,))
        ]
        context = {
            "school": school,
            "letters": letters,
            "uses": [selectors.use_label(u) for u in policy.uses_asked(school)],
            "expiry_months": policy.expiry_months(school),
            "printed_on": timezone.localdate(),
        }
        html = render_to_string("consent/renewal_letters.html", context, request=request)
        pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
        audit_log(
            event="consent.renewal_letters_printed",
            actor=request.user,
            school=school,
            label="consent renewal letters as PDF",
            extra={"letters": len(letters), "pupils": [r.pupil.mis_id for r in rows]},
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="{school.slug}-consent-renewal-letters.pdf"'
        )
        return response


# ---------------------------------------------------------------------------
# A parent answers for their own child
# ---------------------------------------------------------------------------


class ParentAnswerView(ActionRequiredMixin, View):
    """A parent gives, changes or renews consent for each use of their child's photo."""

    action = "consent.answer_own"
    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        school = self.request.school
        self.pupil = selectors.own_child(self.request.user, school, self.kwargs["pk"])
        parent = selectors.own_parent_record(self.request.user, self.pupil)
        if parent is None:
            raise Http404("No such pupil.")
        self.parent = parent
        return school

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_form(request, self.make_form())

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        try:
            added = consent_answer(
                pupil=self.pupil, parent=self.parent, answers=form.cleaned_data, actor=request.user
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.render_form(request, form, status=400)
        withdrawn = [c.use for c in added if c.answer == Answer.WITHDRAWN]
        if withdrawn:
            # The office and the head hear of it, as when a parent withdraws from
            # the photos page (C3.3); publishing owns that message.
            from schoolgate.publishing.notifications import parent_withdrew

            pupil_id, user_id = self.pupil.pk, request.user.pk
            transaction.on_commit(lambda: parent_withdrew(pupil_id, user_id, None, withdrawn))
        name = self.pupil.preferred_name or self.pupil.first_name
        messages.success(request, f"Thank you: your answers for {name} are recorded.")
        return redirect("publishing:my_children")

    def make_form(self, data: Any = None) -> ParentAnswerForm:
        own = {
            c.use: c.answer
            for c in self.parent.photo_consents.filter(
                pupil=self.pupil, superseded_at__isnull=True
            )
        }
        return ParentAnswerForm(data, uses=_uses(self.request), own=own)

    def render_form(
        self, request: HttpRequest, form: ParentAnswerForm, status: int = 200
    ) -> HttpResponse:
        answers = selectors.consent_answers(self.pupil.school, [self.pupil])[self.pupil.pk]
        school = self.pupil.school
        context = {
            "pupil": self.pupil,
            "form": form,
            "rows": [(form[use], answers[use]) for use in answers],
            "expiry_months": policy.expiry_months(school),
            "refusal_wins": policy.refusal_wins(school),
        }
        return render(request, "consent/parent_answer.html", context, status=status)


class ConsentImportView(ActionRequiredMixin, FormView):  # type: ignore[type-arg]
    """Upload a CSV of returned consent forms; show what went in, line by line."""

    action = "consent.import"
    form_class = ConsentUploadForm
    template_name = "consent/import.html"
    request: SignedInRequest  # the guard let only a signed-in user through

    def form_valid(self, form: ConsentUploadForm) -> HttpResponse:
        try:
            report = consent_import(
                school=current_school(self.request),
                text=form.cleaned_data["text"],
                actor=self.request.user,
                dry_run=form.cleaned_data["dry_run"],
                filename=form.cleaned_data["file"].name,
            )
        except ImportRefused as refusal:
            form.add_error("file", str(refusal))
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=form, report=report))


def _sheet_context(request: SchoolRequest, *, class_name: str = "", q: str = "") -> dict[str, Any]:
    school = current_school(request)
    rows = selectors.do_not_post(school, class_name=class_name, q=q)
    return {
        "school": school,
        "rows": rows,
        "total": len(rows),
        "uses": [selectors.use_label(u) for u in policy.uses_asked(school)],
        "printed_on": timezone.localdate(),
        "kept_at": policy.sheet_kept_at(school),
        "printable": policy.sheet_printable(school),
        "source": policy.source(school),
    }


class DoNotPostView(ActionRequiredMixin, TemplateView):
    """The do-not-photograph / do-not-post list, on screen: found by class or
    name from a phone, and drawn a page at a time (the PDF holds it all)."""

    request: SchoolRequest

    action = "consent.do_not_post"
    template_name = "consent/do_not_post.html"
    paginate_by = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        school = current_school(self.request)
        form = SheetFilterForm(self.request.GET, classes=pupil_classes(school))
        class_name, q = form.value("class_name"), form.value("q")
        context = _sheet_context(self.request, class_name=class_name, q=q)
        page = Paginator(context["rows"], self.paginate_by).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        # A name that finds nobody on roll must not read as a child allowed everything.
        on_roll = bool(page.object_list) or not q or _anyone_called(school, q, class_name)
        return (
            super().get_context_data(**kwargs)
            | context
            | {
                "form": form,
                "class_name": class_name,
                "q": q,
                "filtered": bool(class_name or q),
                "found_on_roll": on_roll,
                "query": query.urlencode(),
                "page_obj": page,
                "paginator": page.paginator,
                "is_paginated": page.has_other_pages(),
                "rows": page.object_list,
            }
        )


def _anyone_called(school: School, q: str, class_name: str) -> bool:
    current = Pupil.Status.CURRENT
    return pupils_of(school, q=q, class_name=class_name, status=current).exists()


class DoNotPostPdfView(ActionRequiredMixin, View):
    """The same list as a PDF to print for the office wall."""

    action = "consent.do_not_post"

    def get(self, request: SchoolRequest) -> HttpResponse:
        context = _sheet_context(request)
        if not context["printable"]:
            raise Http404("This school's policy does not offer a printed list.")
        html = render_to_string("consent/do_not_post_sheet.html", context, request=request)
        pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
        audit_log(
            event="consent.do_not_post_printed",
            actor=request.user,
            school=request.school,
            label="do-not-post list as PDF",
            extra={"pupils": len(context["rows"])},
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="{current_school(request).slug}-do-not-post.pdf"'
        )
        return response


# ---------------------------------------------------------------------------
# Staff permission for photos of them (C3.4)
# ---------------------------------------------------------------------------


class StaffPermissionsView(ActionRequiredMixin, TemplateView):
    action = "consent.view_staff"
    template_name = "consent/staff.html"
    request: SchoolRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        school = current_school(self.request)
        q = self.request.GET.get("q", "")[:100]
        return super().get_context_data(**kwargs) | {
            "rows": selectors.staff_permissions(school, q=q),
            "q": q,
            "may_record": can(self.request.user, "consent.record_staff", school),
            "form": StaffPermissionForm(),
        }


class StaffPermissionRecordView(ActionRequiredMixin, View):
    action = "consent.record_staff"

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.staff = selectors.access_staff_for(self.request.user, self.kwargs["pk"])
        return self.staff

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = StaffPermissionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose an answer, how it was given and its date.")
            return redirect("consent:staff")
        try:
            staff_photo_permission_record(
                staff=self.staff, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Recorded for {self.staff.formal_name}.")
        return redirect("consent:staff")


class OwnPhotoPermissionView(ActionRequiredMixin, TemplateView):
    """A member of staff says for themselves whether photos of them may go out."""

    action = "consent.own_permission"
    template_name = "consent/own_permission.html"
    request: SignedInRequest  # the guard let only a signed-in user through

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        staff = selectors.own_staff_record(self.request.user, self.request.school)
        answer = selectors.staff_photo_permission(staff) if staff else None
        return super().get_context_data(**kwargs) | {"staff": staff, "answer": answer}

    def post(self, request: SignedInRequest) -> HttpResponse:
        staff = selectors.own_staff_record(request.user, request.school)
        choice = request.POST.get("answer")
        if staff is None or choice not in (Answer.GIVEN, Answer.WITHDRAWN):
            messages.error(request, "Choose whether you agree.")
            return redirect("consent:own_permission")
        staff_photo_permission_record(
            staff=staff,
            answer=choice,
            method=Method.ONLINE,
            given_on=timezone.localdate(),
            actor=request.user,
        )
        messages.success(request, "Thank you: your answer is recorded.")
        return redirect("consent:own_permission")
