"""Pages: the policy document and its versions, sign-off, training, self-check."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView

from schoolgate.compliance import policy, selectors
from schoolgate.compliance.document import VersionFacts, render_pdf
from schoolgate.compliance.forms import (
    AnswerForm,
    PublishForm,
    ReplyForm,
    SelfCheckForm,
    TrainingForm,
)
from schoolgate.compliance.models import PolicyVersion
from schoolgate.compliance.panels import compliance_table
from schoolgate.compliance.selfcheck import PersonalPost
from schoolgate.compliance.services import (
    TRAINING_FIELDS,
    policy_version_publish,
    saved_check_create,
    saved_check_delete,
    signoff_query,
    signoff_query_reply,
    signoff_sign,
    training_session_delete,
    training_session_record,
    training_session_update,
)
from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.exports import csv_response
from schoolgate.core.permissions import can
from schoolgate.core.types import SchoolRequest, SignedInRequest, current_school
from schoolgate.core.views import ActionRequiredMixin

# ---------------------------------------------------------------------------
# The document and its versions
# ---------------------------------------------------------------------------


def _live_facts(version: PolicyVersion | None, changed: bool) -> VersionFacts:
    if version is None or changed:
        return VersionFacts(None, None, "")
    return VersionFacts(version.number, version.approved_on, version.signatory, version.note)


class DocumentView(ActionRequiredMixin, TemplateView):
    """The policy as the school runs it now, marked as a draft if unapproved."""

    action = "compliance.document_view"
    template_name = "compliance/document.html"
    request: SchoolRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        school = current_school(self.request)
        version = selectors.current_version(school)
        changed = selectors.policy_changed_since(school, version)
        html = policy.policy_document(school, _live_facts(version, changed))
        return super().get_context_data(**kwargs) | {
            "version": version,
            "changed": changed,
            "document": mark_safe(html),  # noqa: S308  rendered by our template, escaped
            "may_sign": can(self.request.user, "compliance.sign", school),
        }


class DocumentPdfView(ActionRequiredMixin, View):
    action = "compliance.document_view"

    def get(self, request: SchoolRequest) -> HttpResponse:
        school = current_school(request)
        version = selectors.current_version(school)
        facts = _live_facts(version, selectors.policy_changed_since(school, version))
        html = policy.policy_document(school, facts, standalone=True)
        response = HttpResponse(render_pdf(html), content_type="application/pdf")
        name = f"{school.slug}-social-media-policy-v{facts.number or 'draft'}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response


class VersionListView(ActionRequiredMixin, TemplateView):
    action = "compliance.document_view"
    template_name = "compliance/versions.html"
    request: SchoolRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        school = current_school(self.request)
        versions = list(selectors.versions_of(school))
        latest = versions[0] if versions else None
        due = selectors.review_due_on(school, latest)
        may_publish = can(self.request.user, "compliance.version_publish", school)
        return super().get_context_data(**kwargs) | {
            "versions": versions,
            "due": due,
            "overdue": due is not None and due < timezone.localdate(),
            "cycle": policy.review_cycle_text(school, latest.approved_on if latest else None),
            "changed": selectors.policy_changed_since(school, latest),
            "next_number": (latest.number + 1) if latest else 1,
            "publish_form": kwargs.get("form")
            or (
                PublishForm(initial={"approved_on": timezone.localdate()}) if may_publish else None
            ),
        }


class VersionPublishView(ActionRequiredMixin, FormView):  # type: ignore[type-arg]
    action = "compliance.version_publish"
    form_class = PublishForm
    http_method_names = ["post"]
    request: SignedInRequest  # the guard let only a signed-in user through

    def form_valid(self, form: PublishForm) -> HttpResponse:
        version = policy_version_publish(
            school=current_school(self.request), actor=self.request.user, **form.cleaned_data
        )
        told = f"Version {version.number} approved; staff will be asked to sign it"
        audiences = selectors.announced_to(current_school(self.request))
        if "parents" in audiences:
            emailed = len(selectors.parent_emails(current_school(self.request)))
            told += f", and {emailed} parents and carers have been emailed"
        if "pupils" in audiences:
            told += "; the policy asks that pupils are told too, so tell them in class"
        messages.success(self.request, told + ".")
        return redirect("compliance:versions")

    def form_invalid(self, form: PublishForm) -> HttpResponse:
        view = VersionListView(request=self.request, kwargs={})
        return view.render_to_response(view.get_context_data(form=form))


class VersionDetailView(ActionRequiredMixin, TemplateView):
    action = "compliance.document_view"
    template_name = "compliance/version.html"

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.version = selectors.access_version_for(self.request.user, self.kwargs["pk"])
        return self.version

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"version": self.version}


# ---------------------------------------------------------------------------
# Sign-off
# ---------------------------------------------------------------------------


class SignView(ActionRequiredMixin, FormView):  # type: ignore[type-arg]
    action = "compliance.sign"
    template_name = "compliance/sign.html"
    form_class = AnswerForm
    request: SignedInRequest  # the guard let only a signed-in user through

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        school = current_school(self.request)
        return super().get_context_data(**kwargs) | {
            "version": selectors.current_version(school),
            "status": selectors.signoff_status(self.request.user, school),
            "mine": selectors.my_signoff(self.request.user, school),
            "next": self._next(),
        }

    def _next(self) -> str:
        wanted = self.request.POST.get("next") or self.request.GET.get("next", "")
        safe = url_has_allowed_host_and_scheme(wanted, {self.request.get_host()})
        return wanted if safe else ""

    def form_valid(self, form: AnswerForm) -> HttpResponse:
        version = selectors.current_version(current_school(self.request))
        if version is None or str(version.pk) != self.request.POST.get("version"):
            form.add_error(None, "A newer version has been approved: read and sign that one.")
            return self.form_invalid(form)
        try:
            if self.request.POST.get("answer") == "query":
                signoff_query(
                    version=version,
                    actor=self.request.user,
                    question=form.cleaned_data["question"],
                )
                messages.success(self.request, "Your query has gone to the head.")
            else:
                signoff_sign(version=version, actor=self.request.user)
                messages.success(self.request, f"Thank you: you signed version {version.number}.")
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        return redirect(self._next() or "web:dashboard")


class SignoffListView(ActionRequiredMixin, TemplateView):
    action = "compliance.signoffs_view"
    template_name = "compliance/signoffs.html"
    request: SchoolRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        school = current_school(self.request)
        outstanding = bool(self.request.GET.get("outstanding"))
        q = self.request.GET.get("q", "").strip()[:100]
        every = selectors.signoff_register(school)
        if q:
            rows = selectors.signoff_register(school, outstanding_only=outstanding, q=q)
        else:
            rows = [r for r in every if r.status != "signed"] if outstanding else every
        return super().get_context_data(**kwargs) | {
            "version": selectors.current_version(school),
            "rows": rows,
            "outstanding": outstanding,
            "q": q,
            "total": len(every),
            "signed": sum(1 for r in every if r.status == "signed"),
            "may_reply": can(self.request.user, "compliance.query_reply", school),
        }


class QueryReplyView(ActionRequiredMixin, FormView):  # type: ignore[type-arg]
    """The head reads a query raised instead of signing, and answers it."""

    request: SignedInRequest  # the guard let only a signed-in user through

    action = "compliance.query_reply"
    template_name = "compliance/query_reply.html"
    form_class = ReplyForm

    def permission_target(self) -> Any:
        self.signoff = selectors.access_query_for(self.request.user, self.kwargs["pk"])
        return self.signoff.version

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"signoff": self.signoff}

    def form_valid(self, form: ReplyForm) -> HttpResponse:
        try:
            signoff_query_reply(
                signoff=self.signoff, reply=form.cleaned_data["reply"], actor=self.request.user
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        name = self.signoff.user.get_full_name() or self.signoff.user.email
        messages.success(self.request, f"Answer sent; {name} is asked to sign again.")
        return redirect("compliance:signoffs")


class SignoffExportView(ActionRequiredMixin, View):
    action = "compliance.signoffs_view"

    def get(self, request: SchoolRequest) -> HttpResponse:
        school = current_school(request)
        outstanding = bool(request.GET.get("outstanding"))
        q = request.GET.get("q", "").strip()[:100]
        rows = selectors.signoff_register(school, outstanding_only=outstanding, q=q)
        version = selectors.current_version(school)
        header = ["name", "email", "version", "answer", "answered_at", "query"]
        lines = [
            [
                r.user.get_full_name(),
                r.user.email,
                version.number if version else "",
                r.status or "not signed",
                r.answered_at.isoformat() if r.answered_at else "",
                r.question,
            ]
            for r in rows
        ]
        return csv_response(f"{school.slug}-policy-signoff.csv", header, lines)


# ---------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------


class TrainingView(ActionRequiredMixin, TemplateView):
    action = "compliance.training_view"
    template_name = "compliance/training.html"
    request: SchoolRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        school = current_school(self.request)
        termly = policy.pupil_training_termly(school)
        return super().get_context_data(**kwargs) | {
            "staff": selectors.staff_training(school),
            "refresh_months": policy.staff_refresh_months(school),
            "classes": selectors.classes_overdue(school),
            "pupil_period": "term" if termly else "school year",
            "parents_overdue": selectors.parents_session_overdue(school),
            "sessions": selectors.sessions_of(school, q=self._q())[:50],
            "q": self._q(),
            "may_record": can(self.request.user, "compliance.training_record", school),
        }

    def _q(self) -> str:
        return self.request.GET.get("q", "").strip()[:100]


class TrainingExportView(ActionRequiredMixin, View):
    """The sessions held, with who attended, as CSV (searched like the page)."""

    action = "compliance.training_view"

    def get(self, request: SchoolRequest) -> HttpResponse:
        school = current_school(request)
        q = request.GET.get("q", "").strip()[:100]
        sessions = selectors.sessions_of(school, q=q).prefetch_related("attendees")
        header = ["held_on", "title", "audience", "class", "staff_attending", "parents_attending"]
        lines = [
            [
                s.held_on.isoformat(),
                s.title,
                s.get_audience_display(),
                s.class_name,
                "; ".join(u.get_full_name() or u.email for u in s.attendees.all()),
                s.parents_attending if s.audience == s.Audience.PARENTS else "",
            ]
            for s in sessions
        ]
        return csv_response(f"{school.slug}-training.csv", header, lines)


class TrainingRecordView(ActionRequiredMixin, FormView):  # type: ignore[type-arg]
    action = "compliance.training_record"
    template_name = "compliance/training_form.html"
    form_class = TrainingForm
    request: SignedInRequest  # the guard let only a signed-in user through

    def get_form_kwargs(self) -> dict[str, Any]:
        from schoolgate.people.selectors import pupil_classes

        school = current_school(self.request)
        return super().get_form_kwargs() | {
            "staff": selectors.staff_users(school),
            "classes": pupil_classes(school),
        }

    def form_valid(self, form: TrainingForm) -> HttpResponse:
        data = dict(form.cleaned_data)
        attendees = list(data.pop("attendees", []))
        try:
            training_session_record(
                school=current_school(self.request),
                actor=self.request.user,
                attendees=attendees,
                **data,
            )
        except Exception as exc:  # full_clean: e.g. a pupils' session with no class
            from django.core.exceptions import ValidationError

            if not isinstance(exc, ValidationError):
                raise
            form.add_error(None, " ".join(exc.messages))
            return self.form_invalid(form)
        messages.success(self.request, "Session recorded.")
        return redirect("compliance:training")


class TrainingEditView(TrainingRecordView):
    """Correct a session's details or who attended it."""

    def permission_target(self) -> Any:
        self.session = selectors.access_training_session_for(self.request.user, self.kwargs["pk"])
        return self.session

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"instance": self.session}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"session": self.session}

    def form_valid(self, form: TrainingForm) -> HttpResponse:
        data = {name: form.cleaned_data[name] for name in TRAINING_FIELDS}
        attendees = list(form.cleaned_data.get("attendees") or [])
        try:
            training_session_update(
                session=self.session, actor=self.request.user, attendees=attendees, **data
            )
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
            return self.form_invalid(form)
        messages.success(self.request, "Session corrected.")
        return redirect("compliance:training")


class TrainingDeleteView(ActionRequiredMixin, View):
    action = "compliance.training_record"

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.session = selectors.access_training_session_for(self.request.user, self.kwargs["pk"])
        return self.session

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        try:
            training_session_delete(session=self.session, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("compliance:training_edit", pk=pk)
        messages.success(request, f"Session \u201c{self.session.title}\u201d deleted.")
        return redirect("compliance:training")


# ---------------------------------------------------------------------------
# The self-check: nothing pasted is stored or logged unless the person asks
# ---------------------------------------------------------------------------


@method_decorator(sensitive_post_parameters("handle", "profile_text", "post"), name="dispatch")
class SelfCheckView(ActionRequiredMixin, FormView):  # type: ignore[type-arg]
    action = "compliance.selfcheck"
    template_name = "compliance/selfcheck.html"
    form_class = SelfCheckForm
    request: SignedInRequest  # the guard let only a signed-in user through

    def form_valid(self, form: SelfCheckForm) -> HttpResponse:
        from schoolgate.compliance.roster import school_names, school_roster

        school, data = current_school(self.request), form.cleaned_data
        subject = PersonalPost(
            profile_text=data["profile_text"],
            handle=data["handle"],
            post=data["post"],
            posting_at=timezone.localtime(data["posting_at"]),
            faces=data["photo"],
            school_names=school_names(school),
            roster=school_roster(school),
        )
        decision = policy.selfcheck(school, subject)
        if data["save"]:
            saved_check_create(
                school=school,
                actor=self.request.user,
                findings=[_finding_row(f) for f in decision.findings],
                handle=data["handle"],
                profile_text=data["profile_text"],
                post=data["post"],
                posting_at=data["posting_at"],
                faces=data["photo"],
            )
            messages.success(self.request, "Saved for you. Only you can see it.")
        context = self.get_context_data(form=form, decision=decision, faces=data["photo"])
        return self.render_to_response(context)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        saved = selectors.saved_checks_of(self.request.user, current_school(self.request))[:20]
        return super().get_context_data(**kwargs) | {"saved": saved}


def _finding_row(finding: Any) -> dict[str, str]:
    return {"rule": finding.rule, "reason": finding.reason, "source": finding.source}


class SavedCheckDeleteView(ActionRequiredMixin, View):
    action = "compliance.selfcheck"

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.saved = selectors.access_saved_check_for(self.request.user, self.kwargs["pk"])
        return self.saved

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        saved_check_delete(saved=self.saved, actor=request.user)
        messages.success(request, "Saved check deleted.")
        return redirect("compliance:selfcheck")


# ---------------------------------------------------------------------------
# The trust's view: counts per school, no personal details
# ---------------------------------------------------------------------------


class TrustView(ActionRequiredMixin, TemplateView):
    action = "compliance.trust_view"
    template_name = "compliance/trust.html"
    request: SignedInRequest  # the guard let only a signed-in user through

    def permission_target(self) -> Any:
        school = self.request.school
        return school.trust if school else None

    #: Schools a page shows; a trust of hundreds reads a page at a time.
    paginate_by = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        trust = current_school(self.request).trust
        schools = trust.schools.order_by("name", "pk")
        page = Paginator(schools, self.paginate_by).get_page(self.request.GET.get("page"))
        lines = compliance_table(list(page.object_list), self.request.user)
        rows = [(s, lines[s.pk]) for s in page.object_list]
        return super().get_context_data(**kwargs) | {
            "trust": trust,
            "schools": rows,
            "labels": [line.label for line in rows[0][1]] if rows else [],
            "page_obj": page,
        }
