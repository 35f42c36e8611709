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


class PreferencesView(ActionRequiredMixin, View):
    """Show and change the person's delivery of each notification topic."""

    action = "notifications.preferences"

    def get(self, request: SignedInRequest) -> HttpResponse:
        form = PreferencesForm(current=preferences_of(request.user))
        return self._page(request, form)

    def post(self, request: SignedInRequest) -> HttpResponse:
        form = PreferencesForm(request.POST, current=preferences_of(request.user))
        if not form.is_valid():
            return self._page(request, form, status=400)
        preferences_set(user=request.user, choices=form.cleaned_data)
        messages.success(request, "Saved: Schoolgate will email you as you chose.")
        return redirect("notifications:preferences")

    def _page(
        self, request: HttpRequest, form: PreferencesForm, status: int = 200
    ) -> HttpResponse:
        # Parents get only the emails they ask for (sign-in links, consent),
        # so the staff topics are shown to staff alone.
        staff = can(request.user, "web.dashboard", getattr(request, "school", None))
        context = {
            "form": form,
            "staff": staff,
            "floors": [t for t in TOPICS.values() if t.floor],
        }
        return render(request, "notifications/preferences.html", context, status=status)
