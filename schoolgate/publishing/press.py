"""The press enquiries register (C3.8).

Whoever takes a request for comment records it here; it goes to the roles
the profile names (`publishing.press_enquiries`: the head by default, the
CEO at whmat 6.12), emailed at once or in the digest each chose, who alone
record what the school said, so nobody answers for the school without them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from schoolgate.audit.services import save_audited
from schoolgate.core.permissions import can
from schoolgate.core.types import SchoolRequest, SignedInRequest, current_school
from schoolgate.core.views import ActionRequiredMixin
from schoolgate.notifications.services import notify
from schoolgate.people.models import School
from schoolgate.people.roles import Role
from schoolgate.people.selectors import users_with_role
from schoolgate.publishing.models import PressEnquiry
from schoolgate.publishing.policy import PRESS, press_route_to, source_of

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

# ---------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------


def press_enquiry_record(
    *,
    school: School,
    asked_by: str,
    outlet: str,
    received_on: dt.date,
    question: str,
    actor: User,
) -> PressEnquiry:
    """Record a request for comment and pass it to the roles the profile names."""
    routed = sorted(press_route_to(school))
    with transaction.atomic():
        enquiry = PressEnquiry(
            school=school,
            asked_by=asked_by.strip(),
            outlet=outlet.strip(),
            received_on=received_on,
            question=question.strip(),
            routed_to=routed,
            recorded_by=actor,
        )
        save_audited(
            enquiry,
            event="publishing.press_enquiry_recorded",
            actor=actor,
            school=school,
            extra={"routed_to": routed},
        )
        transaction.on_commit(lambda: press_enquiry_routed(enquiry.pk))
    return enquiry


def press_enquiry_decide(
    *, enquiry: PressEnquiry, status: str, outcome: str, actor: User
) -> PressEnquiry:
    """Record what the school said to an enquiry, or that it declined to comment."""
    if enquiry.status != PressEnquiry.Status.OPEN:
        raise ValidationError("What came of this enquiry is already recorded.")
    if status not in (PressEnquiry.Status.ANSWERED, PressEnquiry.Status.DECLINED):
        raise ValidationError("Say whether the school answered or declined to comment.")
    with transaction.atomic():
        enquiry.status = status
        enquiry.outcome = outcome.strip()
        enquiry.decided_by = actor
        enquiry.decided_at = timezone.now()
        save_audited(
            enquiry,
            event="publishing.press_enquiry_decided",
            actor=actor,
            school=enquiry.school,
            extra={"status": status},
            update_fields=["status", "outcome", "decided_by", "decided_at"],
        )
    return enquiry


def press_enquiry_routed(enquiry_id: int) -> int:
    """Email the enquiry to each holder of the roles it was passed to, as each
    prefers (at once, or an hourly or daily digest while it is still open)."""
    from schoolgate.publishing.notifications import site_url

    enquiry = PressEnquiry.objects.select_related("school", "recorded_by").get(pk=enquiry_id)
    to = list(users_with_role(enquiry.school, enquiry.routed_to))
    if not to:
        return 0
    link = site_url(reverse("publishing:press_enquiry", kwargs={"pk": enquiry.pk}))
    body = (
        f"{enquiry.recorded_by} recorded a request for comment at {enquiry.school.name}.\n\n"
        f"From: {enquiry.asked_by}, {enquiry.outlet} ({enquiry.received_on:%d %B %Y})\n"
        f"They asked: {enquiry.question}\n\n"
        "Nobody answers for the school until you decide. Record what was said here:\n"
        f"{link}"
    )
    return notify(
        topic_code="publishing.press",
        to=to,
        subject=f"Schoolgate: press enquiry from {enquiry.outlet}",
        body=body,
        line=f"A press enquiry from {enquiry.outlet} waits for you",
        link=link,
        school=enquiry.school,
        key=f"press:{enquiry.pk}",
    )


# ---------------------------------------------------------------------------
# Selectors
# ---------------------------------------------------------------------------


def access_press_enquiry_for(user: User, pk: int) -> PressEnquiry:
    """Return the enquiry if the user decides it, else the same 404 as for a missing one."""
    enquiry = (
        PressEnquiry.objects.filter(pk=pk)
        .select_related("school", "recorded_by", "decided_by")
        .first()
    )
    if enquiry is None or not can(user, "publishing.press_enquiries", enquiry):
        raise Http404("No such enquiry.")
    return enquiry


def routed_to_words(roles: list[str]) -> str:
    """Return the roles an enquiry goes to, as a sentence names them."""
    labels = [Role(r).label for r in roles if r in Role.values]
    if len(labels) < 2:
        return "".join(labels) or "nobody"
    return ", ".join(labels[:-1]) + " or " + labels[-1]


# ---------------------------------------------------------------------------
# Forms and views
# ---------------------------------------------------------------------------


class PressEnquiryForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PressEnquiry
        fields = ["asked_by", "outlet", "received_on", "question"]
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}),
            "question": forms.Textarea(attrs={"rows": 4}),
        }


class PressOutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label="What the school did",
        choices=[
            (PressEnquiry.Status.ANSWERED, "Answered"),
            (PressEnquiry.Status.DECLINED, "Declined to comment"),
        ],
        widget=forms.RadioSelect,
    )
    outcome = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What was said, and by whom (or why not)",
    )


class PressEnquiryNewView(ActionRequiredMixin, View):
    """Any member of staff records a request for comment they received."""

    action = "publishing.press_record"

    def get(self, request: SchoolRequest) -> HttpResponse:
        form = PressEnquiryForm(initial={"received_on": timezone.localdate()})
        return self._page(request, form)

    def post(self, request: SignedInRequest) -> HttpResponse:
        school = current_school(request)
        form = PressEnquiryForm(request.POST)
        if not form.is_valid():
            return self._page(request, form, status=400)
        enquiry = press_enquiry_record(school=school, actor=request.user, **form.cleaned_data)
        messages.success(
            request,
            f"Recorded and passed to the {routed_to_words(enquiry.routed_to)}. "
            "Do not answer it yourself: they decide what the school says.",
        )
        return redirect("publishing:press_new")

    def _page(
        self, request: SchoolRequest, form: PressEnquiryForm, status: int = 200
    ) -> HttpResponse:
        school = current_school(request)
        context = {
            "form": form,
            "route_to": routed_to_words(sorted(press_route_to(school))),
            "source": source_of(school, PRESS),
        }
        return render(request, "publishing/press_new.html", context, status=status)


class PressEnquiryListView(ActionRequiredMixin, View):
    """The register, for the roles press enquiries go to."""

    action = "publishing.press_enquiries"

    def get(self, request: SchoolRequest) -> HttpResponse:
        school = current_school(request)
        context = {
            "enquiries": PressEnquiry.objects.filter(school=school).select_related("recorded_by"),
            "source": source_of(school, PRESS),
        }
        return render(request, "publishing/press_list.html", context)


class PressEnquiryView(ActionRequiredMixin, View):
    """One enquiry, and what the school did about it."""

    action = "publishing.press_enquiries"
    enquiry: PressEnquiry

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.enquiry = access_press_enquiry_for(self.request.user, self.kwargs["pk"])
        return self.enquiry

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._page(request, PressOutcomeForm())

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = PressOutcomeForm(request.POST)
        if form.is_valid():
            try:
                press_enquiry_decide(enquiry=self.enquiry, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Recorded what came of the enquiry.")
                return redirect("publishing:press_enquiry", pk=pk)
        return self._page(request, form, status=400)

    def _page(
        self, request: HttpRequest, form: PressOutcomeForm, status: int = 200
    ) -> HttpResponse:
        enquiry = self.enquiry
        context = {
            "enquiry": enquiry,
            "routed": routed_to_words(enquiry.routed_to),
            "form": form if enquiry.status == PressEnquiry.Status.OPEN else None,
        }
        return render(request, "publishing/press_enquiry.html", context, status=status)
