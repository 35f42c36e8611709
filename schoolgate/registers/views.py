"""The register pages: lists, entries, decisions and downloads (C5.1–C5.4)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from schoolgate.audit.services import audit_log
from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.permissions import can, require
from schoolgate.core.types import SchoolRequest, SignedInRequest, current_school
from schoolgate.core.views import ActionRequiredMixin
from schoolgate.registers import forms as f
from schoolgate.registers import policy, services
from schoolgate.registers import selectors as s
from schoolgate.registers.exports import csv_response, pdf_response
from schoolgate.registers.logbooks import Column, local_day, shown, yes_no
from schoolgate.registers.models import Declaration, ProfessionalAccount
from schoolgate.web.toolbar import link


class RegisterListView(ActionRequiredMixin, ListView):  # type: ignore[type-arg]
    """A searchable, filtered, paginated register."""

    paginate_by = 50
    filter_form_class: type[forms.Form]
    export_links: tuple[tuple[str, str, str], ...] = ()  # (label, url name, action)
    select: Callable[..., QuerySet[Any]]  # (user, school, **filters)
    request: SignedInRequest  # the guard let only a signed-in user through

    def rows(self, form: forms.Form) -> QuerySet[Any]:
        return type(self).select(self.request.user, self.request.school, **_filters(form))

    def get_queryset(self) -> QuerySet[Any]:
        self.form = self.filter_form_class(self.request.GET)
        self.form.is_valid()
        return self.rows(self.form)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        query = self.request.GET.copy()
        query.pop("page", None)
        exports = [
            link(label, name)  # the whole register: its downloads take no filters
            for label, name, action in self.export_links
            if can(self.request.user, action, self.request.school)
        ]
        return super().get_context_data(**kwargs) | {
            "form": self.form,
            "query": query.urlencode(),
            "filtered": any(v for k, v in self.request.GET.items() if k != "page"),
            "toolbar_links": exports,
        }


def _filters(form: forms.Form) -> dict[str, Any]:
    return getattr(form, "cleaned_data", {}) or {}


def _exported(request: SchoolRequest, register: str, count: int, fmt: str) -> None:
    audit_log(
        event="registers.exported",
        actor=request.user,
        school=request.school,
        label=f"{register} as {fmt}",
        extra={"register": register, "rows": count, "format": fmt},
    )


class RegisterCSVView(ActionRequiredMixin, View):
    """Download a whole register as CSV, audited as one export.

    `columns` say both the header and how each row reads off an entry, as
    a logbook's do, so the two cannot drift apart.
    """

    select: Callable[..., QuerySet[Any]]  # (user, school)
    what = ""  # the register's name in the audit entry
    filename = ""  # after the school's slug, without the extension
    columns: tuple[Column, ...] = ()
    fmt = "CSV"
    request: SignedInRequest  # the guard let only a signed-in user through

    @property
    def header(self) -> list[str]:
        return [c.header for c in self.columns]

    def row(self, entry: Any) -> list[Any]:
        return [c.value(entry) for c in self.columns]

    def audit(self, found: list[Any]) -> None:
        _exported(self.request, self.what, len(found), self.fmt)

    def get(self, request: SignedInRequest) -> HttpResponse:
        found = list(type(self).select(request.user, request.school))
        self.audit(found)
        return self.respond(found)

    def respond(self, found: list[Any]) -> HttpResponse:
        rows = (self.row(entry) for entry in found)
        filename = f"{current_school(self.request).slug}-{self.filename}.csv"
        return csv_response(filename, self.header, rows)


class RegisterPDFView(RegisterCSVView):
    """The same register as a PDF that cites the rule it keeps."""

    fmt = "PDF"
    template = "registers/log_pdf.html"
    heading = ""  # the register's name at the top of the page
    rule = ""  # the id of the policy rule the register keeps

    def title(self) -> str:
        return str(current_school(self.request).name)

    def source(self, found: list[Any]) -> str:
        return policy.source(current_school(self.request), self.rule)

    def respond(self, found: list[Any]) -> HttpResponse:
        context = {
            "title": self.title(),
            "heading": self.heading,
            "header": self.header,
            "rows": [[shown(cell) for cell in self.row(entry)] for entry in found],
            "source": self.source(found),
            "now": timezone.localtime(),
        }
        name = f"{self.pdf_prefix()}-{self.filename}.pdf"
        return pdf_response(self.request, self.template, context, name)

    def pdf_prefix(self) -> str:
        return str(current_school(self.request).slug)


class EntryView(ActionRequiredMixin, View):
    """A page about one entry, found through its `access_<thing>_for`."""

    access: Callable[..., Any]
    access_kwargs: dict[str, Any] = {}

    def permission_target(self) -> Any:
        self.entry = type(self).access(self.request.user, self.kwargs["pk"], **self.access_kwargs)
        return self.entry


class EntryDetailView(EntryView):
    """One entry's page, citing the rule its register keeps."""

    request: SignedInRequest  # the guard let only a signed-in user through
    template_name = ""
    rule = ""  # the id of the policy rule the page cites

    def context(self) -> dict[str, Any]:
        raise NotImplementedError

    def get(self, request: SignedInRequest, pk: int) -> HttpResponse:
        context = self.context()
        source = policy.source(self.entry.school, self.rule)
        return render(request, self.template_name, context | {"source": source})


class EntryFormView(EntryView):
    """Edit one entry through a service, or create one when there is no pk."""

    request: SignedInRequest  # the guard let only a signed-in user through
    form_class: type[forms.BaseForm]
    template_name = "registers/form.html"
    title = ""
    done = ""  # the url name of a saved entry's page

    def permission_target(self) -> Any:
        if "pk" not in self.kwargs:
            self.entry = None
            return getattr(self.request, "school", None)
        return super().permission_target()

    def form_kwargs(self) -> dict[str, Any]:
        return {"instance": self.entry} if self.entry is not None else {}

    def save(self, form: Any) -> Any:
        raise NotImplementedError

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return self.show(self.form_class(**self.form_kwargs()))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        form = self.form_class(request.POST, **self.form_kwargs())
        if not form.is_valid():
            return self.show(form)
        try:
            saved = self.save(form)
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.show(form)
        messages.success(request, "Saved.")
        return redirect(
            saved.get_absolute_url()
            if hasattr(saved, "get_absolute_url")
            else self.done_url(saved)
        )

    def done_url(self, saved: Any) -> str:
        return reverse(self.done, kwargs={"pk": saved.pk})

    def show(self, form: Any) -> HttpResponse:
        context = {"form": form, "title": self.title, "entry": self.entry}
        return render(self.request, self.template_name, context)


class EntryActionView(EntryView):
    """A POST that runs one service on an entry, then returns to it."""

    request: SignedInRequest  # the guard let only a signed-in user through
    form_class: type[forms.Form] | None = None
    back = ""

    def run(self, form: Any) -> None:
        raise NotImplementedError

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = self.form_class(request.POST) if self.form_class else None
        if form is not None and not form.is_valid():
            messages.error(request, "Fill in every field: " + form.errors.as_text())
            return redirect(self.back, pk=pk)
        try:
            self.run(form)
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect(self.back, pk=pk)


# ---------------------------------------------------------------------------
# Professional accounts (C5.1)
# ---------------------------------------------------------------------------


def _approved(a: ProfessionalAccount) -> bool:
    return a.decided_by is not None and a.status != a.Status.DECLINED


ACCOUNT_COLUMNS = (
    Column("Platform", lambda a: a.get_platform_display()),
    Column("Handle", lambda a: a.handle),
    Column("Purpose", lambda a: a.purpose),
    Column("Audience", lambda a: a.audience),
    Column("Visibility", lambda a: a.get_visibility_display()),
    Column("Reason public", lambda a: a.public_reason),
    Column("Owner", lambda a: a.owner),
    Column("Status", lambda a: a.get_status_display()),
    Column("Approved by", lambda a: a.decided_by if _approved(a) else ""),
    Column("Approved on", lambda a: local_day(a.decided_at) if _approved(a) else ""),
    Column("Set up on", lambda a: local_day(a.set_up_at)),
    Column("Closed on", lambda a: local_day(a.closed_at)),
)


class AccountListView(RegisterListView):
    action = "registers.accounts"
    filter_form_class = f.AccountFilterForm
    template_name = "registers/accounts.html"
    export_links = (
        ("Download as CSV", "registers:accounts_csv", "registers.view_accounts"),
        ("Download as PDF", "registers:accounts_pdf", "registers.view_accounts"),
    )
    select = s.accounts_for


class AccountCSVView(RegisterCSVView):
    action = "registers.view_accounts"
    select = s.accounts_for
    what, filename, columns = "professional accounts", "accounts", ACCOUNT_COLUMNS


class AccountPDFView(RegisterPDFView, AccountCSVView):
    template, rule = "registers/accounts_pdf.html", policy.ACCOUNTS


class AccountDetailView(EntryDetailView):
    action = "registers.accounts"
    access = s.access_account_for
    template_name, rule = "registers/account.html", "registers.professional_accounts"

    def context(self) -> dict[str, Any]:
        account, user = self.entry, self.request.user
        return {
            "account": account,
            "may_decide": s.may_approve(user, account),
            "decision_form": f.DecisionForm(),
            "reason_form": f.ReasonForm(),
        }


class AccountFormView(EntryFormView):
    action = "registers.accounts"
    access = s.access_account_for
    form_class = f.AccountForm
    title = "Ask for a professional account"
    done = "registers:account"

    def form_kwargs(self) -> dict[str, Any]:
        return super().form_kwargs() | {"school": getattr(self.request, "school", None)}

    def save(self, form: Any) -> Any:
        data = form.cleaned_data
        if self.entry is None:
            return services.account_request(
                school=current_school(self.request), data=data, actor=self.request.user
            )
        return services.account_update(account=self.entry, data=data, actor=self.request.user)


class AccountDecideView(EntryActionView):
    """Approve or decline: the school's approvers, or the trust's for its office."""

    action = s.APPROVE
    access = s.access_account_for
    access_kwargs = {"action": s.APPROVE}
    form_class = f.DecisionForm
    back = "registers:account"

    def permission_target(self) -> Any:
        account = super().permission_target()
        if account is not None:
            self.action = s.approval_action(account)
        return account

    def run(self, form: Any) -> None:
        services.account_decide(
            account=self.entry,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
            actor=self.request.user,
        )


class AccountSetUpView(EntryActionView):
    action = "registers.accounts"
    access = s.access_account_for
    back = "registers:account"

    def run(self, form: Any) -> None:
        services.account_set_up(account=self.entry, actor=self.request.user)


class AccountCloseView(EntryActionView):
    action = "registers.accounts"
    access = s.access_account_for
    form_class = f.ReasonForm
    back = "registers:account"

    def run(self, form: Any) -> None:
        reason = form.cleaned_data["reason"]
        services.account_close(account=self.entry, reason=reason, actor=self.request.user)


class TrustAccountListView(RegisterListView):
    """Every school's accounts, for the trust's leaders (C5.1 across a trust)."""

    action = "registers.trust_accounts"
    filter_form_class = f.AccountFilterForm
    template_name = "registers/trust_accounts.html"
    export_links = (
        ("Download as CSV", "registers:trust_accounts_csv", "registers.trust_accounts"),
        ("Download as PDF", "registers:trust_accounts_pdf", "registers.trust_accounts"),
    )
    request: SignedInRequest  # the guard let only a signed-in user through

    def permission_target(self) -> Any:
        school = getattr(self.request, "school", None)
        return school.trust if school is not None else None

    def rows(self, form: forms.Form) -> QuerySet[Any]:
        data = _filters(form)
        trust = current_school(self.request).trust
        return s.trust_accounts(trust, q=data.get("q", ""), status=data.get("status", ""))


TRUST_ACCOUNT_COLUMNS = (Column("School", lambda a: a.school.name), *ACCOUNT_COLUMNS)


class TrustAccountCSVView(RegisterCSVView):
    """Every school's accounts in one file, for the trust's leaders."""

    action = "registers.trust_accounts"
    what, filename = "the trust's professional accounts", "accounts"
    columns = TRUST_ACCOUNT_COLUMNS

    def permission_target(self) -> Any:
        school = getattr(self.request, "school", None)
        return school.trust if school is not None else None

    def get(self, request: SignedInRequest) -> HttpResponse:
        trust = current_school(request).trust
        found = list(s.trust_accounts(trust).select_related("decided_by"))
        self.audit(found)
        return self.respond(found)

    def respond(self, found: list[Any]) -> HttpResponse:
        trust = current_school(self.request).trust
        rows = (self.row(a) for a in found)
        return csv_response(f"{trust.slug}-{self.filename}.csv", self.header, rows)


class TrustAccountPDFView(RegisterPDFView, TrustAccountCSVView):
    template = "registers/accounts_pdf.html"

    def title(self) -> str:
        return str(current_school(self.request).trust.name)

    def pdf_prefix(self) -> str:
        return str(current_school(self.request).trust.slug)

    def source(self, found: list[Any]) -> str:
        return _sources(a.school for a in found)


def _sources(schools: Any) -> str:
    """Return the clause each school's policy cites for the register, once each."""
    seen: dict[int, str] = {}
    for school in schools:
        if school.pk not in seen:
            source = policy.source(school)
            seen[school.pk] = f"{school.name}: {source}"
    return "; ".join(seen.values())


# ---------------------------------------------------------------------------
# Further applications (C5.2)
# ---------------------------------------------------------------------------

APPLICATION_COLUMNS = (
    Column("Application", lambda a: a.application),
    Column("Address", lambda a: a.address),
    Column("Purpose", lambda a: a.purpose),
    Column("Asked by", lambda a: a.requested_by),
    Column("Asked on", lambda a: local_day(a.created_at)),
    Column("Status", lambda a: a.get_status_display()),
    Column("Decided by", lambda a: a.decided_by or ""),
    Column("Decided on", lambda a: local_day(a.decided_at)),
    Column("Reasons", lambda a: a.reasons),
)


class ApplicationListView(RegisterListView):
    action = "registers.applications"
    filter_form_class = f.ApplicationFilterForm
    template_name = "registers/applications.html"
    export_links = (
        ("Download as CSV", "registers:applications_csv", "registers.view_applications"),
    )
    select = s.applications_for


class ApplicationCSVView(RegisterCSVView):
    action = "registers.view_applications"
    select = s.applications_for
    what, filename = "application requests", "applications"
    columns = APPLICATION_COLUMNS


class ApplicationDetailView(EntryDetailView):
    action = "registers.applications"
    access = s.access_application_for
    template_name, rule = "registers/application.html", "registers.new_applications"

    def context(self) -> dict[str, Any]:
        entry = self.entry
        return {
            "entry": entry,
            "may_decide": entry.status == entry.Status.PENDING
            and can(self.request.user, "registers.decide_application", entry.school),
            "decision_form": f.DecisionForm(),
        }


class ApplicationFormView(EntryFormView):
    action = "registers.applications"
    access = s.access_application_for
    form_class = f.ApplicationForm
    title = "Ask to use a further application"
    done = "registers:application"

    def save(self, form: Any) -> Any:
        data, user = form.cleaned_data, self.request.user
        if self.entry is None:
            return services.application_request(
                school=current_school(self.request), data=data, actor=user
            )
        return services.application_update(request=self.entry, data=data, actor=user)


class ApplicationDecideView(EntryActionView):
    action = "registers.decide_application"
    access = s.access_application_for
    access_kwargs = {"action": "registers.decide_application"}
    form_class = f.DecisionForm
    back = "registers:application"

    def run(self, form: Any) -> None:
        services.application_decide(
            request=self.entry,
            approve=form.cleaned_data["decision"] == "approve",
            reasons=form.cleaned_data["reason"],
            actor=self.request.user,
        )


# ---------------------------------------------------------------------------
# Friend and follow requests received (C5.3)
# ---------------------------------------------------------------------------

FRIEND_COLUMNS = (
    Column("Received on", lambda r: r.received_on),
    Column("Platform", lambda r: r.get_platform_display()),
    Column("From", lambda r: r.get_sender_kind_display()),
    Column("Name", lambda r: r.sender),
    Column("Reported by", lambda r: r.reported_by),
    Column("Notes", lambda r: r.notes),
    Column("Parents told", lambda r: r.parents_told),
    Column("Told by", lambda r: r.parents_told_by or ""),
    Column("Told on", lambda r: local_day(r.parents_told_at)),
)


class FriendRequestListView(RegisterListView):
    action = "registers.friend_requests"
    filter_form_class = f.FriendRequestFilterForm
    template_name = "registers/friend_requests.html"
    export_links = (
        ("Download as CSV", "registers:friend_requests_csv", "registers.view_friend_requests"),
    )
    select = s.friend_requests_for


class FriendRequestCSVView(RegisterCSVView):
    action = "registers.view_friend_requests"
    select = s.friend_requests_for
    what, filename, columns = "friend requests", "friend-requests", FRIEND_COLUMNS


class FriendRequestDetailView(EntryDetailView):
    action = "registers.friend_requests"
    access = s.access_friend_request_for
    template_name, rule = "registers/friend_request.html", "registers.friend_requests"

    def context(self) -> dict[str, Any]:
        report = self.entry
        return {
            "report": report,
            "decision": s.friend_request_decision(report),
            "tell_parents": s.parents_to_tell(report),
            "told_form": f.ParentsToldForm(),
        }


class FriendRequestFormView(EntryFormView):
    action = "registers.friend_requests"
    access = s.access_friend_request_for
    form_class = f.FriendRequestForm
    title = "Report a friend or follow request"
    done = "registers:friend_request"

    def form_kwargs(self) -> dict[str, Any]:
        school = self.entry.school if self.entry is not None else self.request.school
        return super().form_kwargs() | {"school": school}

    def save(self, form: Any) -> Any:
        data, user = form.cleaned_data, self.request.user
        if self.entry is None:
            return services.friend_request_report(
                school=current_school(self.request), data=data, actor=user
            )
        return services.friend_request_update(report=self.entry, data=data, actor=user)


class ParentsToldView(EntryActionView):
    action = "registers.view_friend_requests"
    access = s.access_friend_request_for
    access_kwargs = {"action": "registers.view_friend_requests"}
    form_class = f.ParentsToldForm
    back = "registers:friend_request"

    def run(self, form: Any) -> None:
        whom = form.cleaned_data["whom"]
        services.friend_request_parents_told(report=self.entry, whom=whom, actor=self.request.user)


# ---------------------------------------------------------------------------
# Declarations (C5.4)
# ---------------------------------------------------------------------------

DECLARATION_COLUMNS = (
    Column("Kind", lambda d: d.get_kind_display()),
    Column("Declared by", lambda d: d.signed_name),
    Column("Job title", lambda d: d.job_title),
    Column("Pupils", lambda d: d.pupil_names),
    Column("Parents", lambda d: d.parent_names),
    Column("Friend", lambda d: yes_no(d.is_friend)),
    Column("Family", lambda d: yes_no(d.is_family)),
    Column("Link", lambda d: d.details),
    Column("Signed on", lambda d: d.signed_on),
    Column("Confirmed on", lambda d: d.confirmed_on),
    Column("Status", lambda d: d.get_status_display()),
)
KIND_FORMS: dict[str, type[forms.ModelForm[Any]]] = {
    Declaration.Kind.FAMILY_LINK: f.FamilyLinkForm,
    Declaration.Kind.PARENT_CONTACT: f.ParentContactForm,
}


def _viewed(request: SignedInRequest, declarations: list[Declaration], how: str) -> None:
    for declaration in declarations:
        services.declaration_viewed(declaration=declaration, actor=request.user, how=how)


class DeclarationListView(RegisterListView):
    action = "registers.declarations"
    filter_form_class = f.DeclarationFilterForm
    template_name = "registers/declarations.html"
    export_links = (("Download as CSV", "registers:declarations_csv", "registers.declarations"),)
    select = s.declarations_for
    request: SignedInRequest  # the guard let only a signed-in user through

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        shown = list(context["object_list"])
        # Every sight of a declaration is audited, a list's rows included.
        _viewed(self.request, shown, "list")
        school = current_school(self.request)
        cutoff = s.due_cutoff(school)
        contact_form = can(self.request.user, "registers.declare_parent_contact", school)
        return context | {
            "object_list": shown,
            "cutoff": cutoff,
            "kinds": Declaration.Kind,
            "parent_contact_form": contact_form,
        }


class DeclarationCSVView(RegisterCSVView):
    action = "registers.declarations"
    select = s.declarations_for
    filename, columns = "declarations", DECLARATION_COLUMNS

    def audit(self, found: list[Any]) -> None:
        # Each declaration's sight is audited on its own, not the export as a whole.
        _viewed(self.request, found, "CSV")


class DeclarationDetailView(EntryDetailView):
    action = "registers.declarations"
    access = s.access_declaration_for
    template_name, rule = "registers/declaration.html", "registers.declarations"

    def context(self) -> dict[str, Any]:
        declaration = self.entry
        _viewed(self.request, [declaration], "page")
        return {
            "d": declaration,
            "mine": declaration.declarant_id == self.request.user.pk,
            "due": s.is_due(declaration),
            "may_review": s.keeps_declaration(self.request.user, declaration),
            "review_form": f.DeclarationReviewForm(),
        }


class DeclarationPDFView(EntryView):
    action = "registers.declarations"
    access = s.access_declaration_for

    def get(self, request: SignedInRequest, pk: int) -> HttpResponse:
        declaration = self.entry
        _viewed(request, [declaration], "PDF")
        context = {"d": declaration, "now": timezone.localtime()}
        name = f"declaration-{declaration.pk}.pdf"
        return pdf_response(request, "registers/declaration_pdf.html", context, name)


class DeclarationFormView(EntryFormView):
    action = "registers.declarations"
    access = s.access_declaration_for
    access_kwargs = {"edit": True}
    done = "registers:declaration"

    def kind(self) -> str:
        if self.entry is not None:
            return str(self.entry.kind)
        kind: str = self.kwargs.get("kind", "")
        if kind not in KIND_FORMS:
            raise Http404(s.NOT_FOUND)
        if kind == Declaration.Kind.PARENT_CONTACT:
            require(self.request.user, "registers.declare_parent_contact", self.request.school)
        return kind

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.form_class = KIND_FORMS[self.kind()]
        return super().get(request, **kwargs)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.form_class = KIND_FORMS[self.kind()]
        return super().post(request, **kwargs)

    def show(self, form: Any) -> HttpResponse:
        self.title = Declaration.Kind(self.kind()).label
        return super().show(form)

    def save(self, form: Any) -> Any:
        data, user = form.cleaned_data, self.request.user
        if self.entry is None:
            school = current_school(self.request)
            return services.declaration_make(
                school=school, kind=self.kind(), data=data, actor=user
            )
        return services.declaration_update(declaration=self.entry, data=data, actor=user)


class DeclarationConfirmView(EntryActionView):
    action = "registers.declarations"
    access = s.access_declaration_for
    access_kwargs = {"edit": True}
    back = "registers:declaration"

    def run(self, form: Any) -> None:
        services.declaration_confirm(declaration=self.entry, actor=self.request.user)


class DeclarationWithdrawView(EntryActionView):
    action = "registers.declarations"
    access = s.access_declaration_for
    access_kwargs = {"edit": True}
    back = "registers:declaration"

    def run(self, form: Any) -> None:
        services.declaration_withdraw(declaration=self.entry, actor=self.request.user)


class DeclarationReviewView(EntryActionView):
    """Its keeper marks a declaration reviewed, with a note."""

    action = "registers.declarations"
    access = s.access_declaration_for
    access_kwargs = {"review": True}
    back = "registers:declaration"
    form_class = f.DeclarationReviewForm

    def run(self, form: Any) -> None:
        services.declaration_review(
            declaration=self.entry, note=form.cleaned_data["note"], actor=self.request.user
        )
        messages.success(self.request, "Marked as reviewed.")
