"""The page where a person chooses how often Schoolgate emails them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from schoolgate.core.permissions import can
from schoolgate.core.types import SignedInRequest
from schoolgate.core.views import ActionRequiredMixin
from schoolgate.notifications.forms import PreferencesForm
from schoolgate.notifications.services import preferences_of, preferences_set
from schoolgate.notifications.topics import TOPICS
from schoolgate.people.selectors import is_parent


class PreferencesView(ActionRequiredMixin, View):
    """Show and change the person's delivery of each notification topic."""

    action = "notifications.preferences"

    def get(self, request: SignedInRequest) -> HttpResponse:
        current = preferences_of(request.user)
        form = PreferencesForm(current=current, audiences=_audiences(request))
        return self._page(request, form)

    def post(self, request: SignedInRequest) -> HttpResponse:
        current = preferences_of(request.user)
        form = PreferencesForm(request.POST, current=current, audiences=_audiences(request))
        if not form.is_valid():
            return self._page(request, form, status=400)
        preferences_set(user=request.user, choices=form.cleaned_data)
        messages.success(request, "Saved: Schoolgate will email you as you chose.")
        return redirect("notifications:preferences")

    def _page(
        self, request: HttpRequest, form: PreferencesForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "form": form,
            "staff": "staff" in form.audiences,
            "parent": "parents" in form.audiences,
            "floors": [t for t in TOPICS.values() if t.floor and t.audience == "staff"],
        }
        return render(request, "notifications/preferences.html", context, status=status)


def _audiences(request: SignedInRequest) -> list[str]:
    """Return whose emails the person chooses: staff's, a parent's, or both.

    Parents are emailed little (sign-in links they ask for, consent
    renewals), so the staff topics are offered to staff alone; a member of
    staff whose account is also a parent's chooses their parent emails too.
    """
    staff = can(request.user, "web.dashboard", getattr(request, "school", None))
    if not staff:
        return ["parents"]
    return ["staff", "parents"] if is_parent(request.user) else ["staff"]
