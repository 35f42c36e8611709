"""Safeguarding pages. Every record page fetches through `access_record_for`,
so a record the person may not read answers 404, exactly like a missing one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from schoolgate.audit.services import audit_log
from schoolgate.core.exceptions import ActionDenied, ApplicationError
from schoolgate.core.permissions import can, require
from schoolgate.core.types import SchoolRequest, SignedInRequest, current_school
from schoolgate.core.views import ActionRequiredMixin
from schoolgate.people.models import Pupil, StaffMember
from schoolgate.people.selectors import users_with_role
from schoolgate.safeguarding import forms, policy, selectors, services
from schoolgate.safeguarding.flows import KIND_RULES, steps_for_record
from schoolgate.safeguarding.models import Kind, Record


class RecordListView(ActionRequiredMixin, ListView):  # type: ignore[type-arg]
    action = "safeguarding.view"
    template_name = "safeguarding/records.html"
    paginate_by = 50
    request: SignedInRequest  # the guard let only a signed-in user through

    def get_queryset(self) -> Any:
        qs = selectors.visible_records(self.request.user, self.request.school)
        return qs.select_related("reporter").prefetch_related("pupils", "staff")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        allowed = can(self.request.user, "safeguarding.retention", self.request.school)
        return super().get_context_data(retention_allowed=allowed, **kwargs)


class KindChoiceView(ActionRequiredMixin, View):
    action = "safeguarding.record"

    def get(self, request: SchoolRequest) -> HttpResponse:
        kinds = selectors.kinds_offered(current_school(request))
        return render(request, "safeguarding/kinds.html", {"kinds": kinds})


# The safeguarding lead gets the form without "who are you" and "did you tell the lead".
LEAD = "safeguarding.record_as_lead"


class RecordCreateView(ActionRequiredMixin, View):
    """Raise a concern of one kind; the indecent-images form is a guided screen."""

    action = "safeguarding.record"

    def setup_kind(self, request: SchoolRequest, kind: str) -> None:
        if kind not in Kind.values:
            raise Http404("No such kind of record.")
        offered = selectors.kind_decision(current_school(request), kind)
        if not offered.allowed:
            raise ActionDenied(offered)
        if kind == Kind.ADULT_DISCLOSURE:
            require(request.user, "safeguarding.record_adult_disclosure", request.school)

    def render_form(self, request: SignedInRequest, kind: str, form: Any) -> HttpResponse:
        rule = policy.rule(current_school(request), KIND_RULES[kind])
        context = {
            "form": form,
            "kind": Kind(kind),
            "rule": rule,
            "comment": self.comment,
            "reporter": selectors.reporter_default(request.user, request.school),
        }
        return render(request, "safeguarding/record_form.html", context)

    def get(self, request: SignedInRequest, kind: str) -> HttpResponse:
        self.setup_kind(request, kind)
        self.comment = selectors.moderated_comment_for(
            request.user, request.school, request.GET.get("comment")
        )
        initial = {"reporter_role": selectors.reporter_default(request.user, request.school)}
        form = forms.RecordForm(
            school=request.school,
            kind=kind,
            initial=initial,
            is_dsl=can(request.user, LEAD, request.school),
        )
        return self.render_form(request, kind, form)

    def post(self, request: SignedInRequest, kind: str) -> HttpResponse:
        self.setup_kind(request, kind)
        self.comment = selectors.moderated_comment_for(
            request.user, request.school, request.GET.get("comment")
        )
        form = forms.RecordForm(
            request.POST,
            request.FILES,
            school=request.school,
            kind=kind,
            is_dsl=can(request.user, LEAD, request.school),
        )
        if not form.is_valid():
            return self.render_form(request, kind, form)
        try:
            record = _create(request, kind, form.cleaned_data, self.comment)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.render_form(request, kind, form)
        messages.success(request, "Recorded. The people who need to know have been told.")
        return redirect("safeguarding:record", pk=record.pk)


FIELDS = ["reporter_role", "happened_at", "place", "account", "child_words", "urgency"]
# Fields a kind's form may add (see RecordForm); absent ones keep their default.
KIND_FIELDS = [
    "disclosed_by",
    "reported_by",
    "evidence_described",
    "police_choice",
    "breach_outcome",
    "removal_requested",
    "removal_result",
]


def _create(request: SignedInRequest, kind: str, data: dict[str, Any], comment: Any) -> Record:
    if "reporter_role" not in data:  # the safeguarding lead, signed in
        data["reporter_role"] = selectors.reporter_default(
            request.user,
            request.school,
        )
    new = services.NewRecord(
        kind=kind,
        told_dsl_in_person=data["told_dsl_in_person"],
        pupils=list(data["pupils"]),
        staff=list(data["staff"]),
        **{f: data[f] for f in FIELDS},
        **{f: data[f] for f in KIND_FIELDS if f in data},
    )
    with transaction.atomic():
        record = services.record_create(
            school=request.school,
            data=new,
            actor=request.user,
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )
        if comment is not None:
            services.comment_attach(record=record, comment=comment, actor=request.user)
        upload = data.get("evidence")
        if upload:
            services.evidence_attach(
                record=record, filename=upload.name, data=upload.read(), actor=request.user
            )
    return record


class RecordMixin(ActionRequiredMixin):
    """Object pages: the record, or the same 404 whether missing or forbidden."""

    action = "safeguarding.view"
    record_action = "view"
    kwargs: dict[str, Any]  # the URL's, set by View.setup

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.record = selectors.access_record_for(
            self.request.user, self.kwargs["pk"], action=self.record_action
        )
        return self.record


class RecordDetailView(RecordMixin, View):
    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def get(self, request: SignedInRequest, pk: int) -> HttpResponse:
        return _show_record(request, self.record, _detail_context(request, self.record))


def _show_record(
    request: SignedInRequest, record: Record, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render a record's page, writing the view to the audit trail (C7.8)."""
    services.record_viewed(record=record, actor=request.user)
    return render(request, "safeguarding/record.html", context, status=status)


def _detail_context(request: SignedInRequest, record: Record, **extra: Any) -> dict[str, Any]:
    full = selectors.reader_level(request.user, record) == "full"
    evidence = record.evidence.select_related("uploaded_by")
    amendments = record.amendments.select_related("made_by")
    if not full:
        evidence = evidence.filter(uploaded_by=request.user)
        amendments = amendments.filter(made_by=request.user)
    done = {s.code: s for s in record.steps.select_related("done_by")} if full else {}
    flow = steps_for_record(record.kind, record.school, record.disclosed_by)
    steps = [(d, done.get(d.code)) for d in flow] if full else []
    return {
        "record": record,
        "full": full,
        "tasks": selectors.record_tasks(record) if full else [],
        "task_form": forms.TaskForm(people=_assignable(record)) if full else None,
        "links": selectors.linked_records(request.user, record) if full else [],
        "link_form": forms.LinkForm(),
        "today": timezone.localdate(),
        "steps": steps,
        "evidence": evidence,
        "amendments": amendments,
        "routes": record.routes.all() if full else [],
        "evidence_form": forms.EvidenceForm(),
        **extra,
    }


def _assignable(record: Record) -> Any:
    """Return the people a follow-up on the record may go to: its full readers."""
    people = users_with_role(record.school, set(record.routes.values_list("role", flat=True)))
    ids = [u.pk for u in people if selectors.may_read_in_full(u, record)]
    return get_user_model().objects.filter(pk__in=ids).order_by("email")


class RecordStepView(RecordMixin, View):
    request: SignedInRequest  # signed in: a visitor is sent to sign in first
    record_action = "step"

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = forms.StepForm(request.POST)
        if not form.is_valid():
            return redirect("safeguarding:record", pk=pk)
        try:
            services.step_record(
                record=self.record,
                code=form.cleaned_data["code"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except services.RecordRefused as exc:
            context = _detail_context(request, self.record, findings=[exc.finding])
            return _show_record(request, self.record, context, 409)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("safeguarding:record", pk=pk)


class FormOnRecordView(RecordMixin, View):
    """A small form about a record: GET shows it, POST calls the service."""

    request: SignedInRequest  # the guard let only a signed-in user through
    form_class: type = forms.AmendForm
    title = ""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.show(request, self.form_class())

    def show(self, request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
        context = {"record": self.record, "form": form, "title": self.title}
        return render(request, "safeguarding/record_small_form.html", context, status=status)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.show(request, form, 400)
        try:
            self.act(form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.show(request, form, 400)
        return redirect("safeguarding:record", pk=pk)

    def act(self, data: dict[str, Any]) -> None:
        raise NotImplementedError


class RecordAmendView(FormOnRecordView):
    record_action = "amend"
    form_class = forms.AmendForm
    title = "Amend the record"

    def act(self, data: dict[str, Any]) -> None:
        services.record_amend(
            record=self.record, text=data["text"], reason=data["reason"], actor=self.request.user
        )


class RecordCloseView(FormOnRecordView):
    record_action = "close"
    form_class = forms.CloseForm
    title = "Close the record"

    def act(self, data: dict[str, Any]) -> None:
        services.record_close(record=self.record, reason=data["reason"], actor=self.request.user)


class EvidenceAddView(RecordMixin, View):
    request: SignedInRequest  # signed in: a visitor is sent to sign in first
    record_action = "attach"

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = forms.EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.evidence_attach(
                    record=self.record,
                    filename=upload.name,
                    data=upload.read(),
                    actor=request.user,
                )
            except services.RecordRefused as exc:
                context = _detail_context(request, self.record, findings=[exc.finding])
                return _show_record(request, self.record, context, 400)
            except ApplicationError as exc:
                form.add_error("file", exc.message)
        if form.errors:
            context = _detail_context(request, self.record, evidence_form=form)
            return _show_record(request, self.record, context, 400)
        return redirect("safeguarding:record", pk=pk)


class EvidenceDownloadView(ActionRequiredMixin, View):
    """Stream a file, decrypted, to someone allowed; never cached, never inline."""

    action = "safeguarding.view"

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.item = selectors.access_evidence_for(self.request.user, self.kwargs["pk"])
        return self.item.record

    def get(self, request: SignedInRequest, pk: int) -> HttpResponse:
        data = services.evidence_open(item=self.item, actor=request.user)
        response = HttpResponse(data, content_type=self.item.content_type)
        response["Content-Disposition"] = f'attachment; filename="evidence-{self.item.pk}"'
        response["Cache-Control"] = "private, no-store"
        return response


class ChronologyView(ActionRequiredMixin, View):
    """Every record about one person that the viewer may read, oldest first."""

    action = "safeguarding.view"
    model: type[Pupil] | type[StaffMember] = Pupil

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.person = selectors.access_person_for(self.request.user, self.model, self.kwargs["pk"])
        return self.person.school

    def get(self, request: SignedInRequest, pk: int) -> HttpResponse:
        person = self.person
        records = list(self.records(request, person))
        audit_log(
            event="safeguarding.chronology_viewed",
            actor=request.user,
            subject=person,
            school=person.school,
            label=f"{self.model._meta.verbose_name} #{person.pk}",
            extra={"records": [r.pk for r in records]},
            about=records,
        )
        transfer_allowed = self.model is Pupil and can(
            request.user, "safeguarding.transfer", person.school
        )
        context = {"person": person, "records": records, "transfer_allowed": transfer_allowed}
        return render(request, "safeguarding/chronology.html", context)

    def records(self, request: SignedInRequest, person: Any) -> Any:
        return selectors.pupil_chronology(request.user, person)


class StaffChronologyView(ChronologyView):
    model = StaffMember

    def records(self, request: SignedInRequest, person: Any) -> Any:
        return selectors.staff_chronology(request.user, person)


class TaskAddView(RecordMixin, View):
    request: SignedInRequest  # signed in: a visitor is sent to sign in first
    record_action = "task"

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = forms.TaskForm(request.POST, people=_assignable(self.record))
        if form.is_valid():
            try:
                services.task_add(record=self.record, actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
        if form.errors:
            context = _detail_context(request, self.record, task_form=form)
            return _show_record(request, self.record, context, 400)
        messages.success(request, "Follow-up added.")
        return redirect("safeguarding:record", pk=pk)


class TaskDoneView(ActionRequiredMixin, View):
    action = "safeguarding.view"

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.task = selectors.access_task_for(self.request.user, self.kwargs["pk"])
        return self.task.record

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        try:
            services.task_done(task=self.task, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("safeguarding:record", pk=self.task.record_id)


class TaskListView(ActionRequiredMixin, ListView):  # type: ignore[type-arg]
    """The signed-in person's open follow-ups, overdue ones flagged."""

    action = "safeguarding.view"
    template_name = "safeguarding/tasks.html"
    paginate_by = 50
    request: SignedInRequest  # the guard let only a signed-in user through

    def get_queryset(self) -> Any:
        return selectors.open_tasks_for(self.request.user, self.request.school)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class RecordLinkView(RecordMixin, View):
    request: SignedInRequest  # signed in: a visitor is sent to sign in first
    record_action = "link"

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = forms.LinkForm(request.POST)
        if form.is_valid():
            other = Record.objects.filter(pk=form.cleaned_data["other"]).first()
            try:
                if other is None:
                    raise ApplicationError("No such record.")
                services.record_link(
                    record=self.record,
                    other=other,
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except ApplicationError as exc:
                form.add_error("other", exc.message)
        if form.errors:
            context = _detail_context(request, self.record, link_form=form)
            return _show_record(request, self.record, context, 400)
        messages.success(request, "Records linked.")
        return redirect("safeguarding:record", pk=pk)
