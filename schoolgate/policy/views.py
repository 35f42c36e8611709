"""The school's policy as a page, and the page where leaders adjust it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views import View
from django.views.generic import FormView, TemplateView

from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.permissions import can
from schoolgate.core.types import SchoolRequest, SignedInRequest, current_school
from schoolgate.core.views import ActionRequiredMixin
from schoolgate.policy.forms import OverrideForm, OverrideRemoveForm
from schoolgate.policy.selectors import (
    display_value,
    school_overrides,
    school_policy,
    school_rules,
)
from schoolgate.policy.services import policy_override_remove, policy_override_set


class OurPolicyView(ActionRequiredMixin, TemplateView):
    action = "policy.view"
    template_name = "policy/ours.html"
    request: SchoolRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        school = current_school(self.request)
        query = self.request.GET.get("q", "").strip()
        profile = school_policy(school)
        context.update(
            query=query,
            profile=profile,
            meta=profile.meta,
            areas=school_rules(school, query=query),
            can_override=can(self.request.user, "policy.override", school),
        )
        return context


class PolicyOverrideView(ActionRequiredMixin, FormView[OverrideForm]):
    action = "policy.override"
    template_name = "policy/override.html"
    form_class = OverrideForm
    request: SignedInRequest  # the guard let only a signed-in user through

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["profile"] = school_policy(current_school(self.request))
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        rule, param = self.request.GET.get("rule", ""), self.request.GET.get("param", "")
        return {"target": f"{rule}:{param}"} if rule and param else {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        overrides = school_overrides(current_school(self.request))
        for override in overrides:
            override.shown = display_value(override.value)  # type: ignore[attr-defined]
        context["overrides"] = overrides
        return context

    def form_valid(self, form: OverrideForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            policy_override_set(
                school=current_school(self.request),
                rule=data["rule"],
                param=data["param"],
                value=data["parsed"],
                reason=data["reason"],
                actor=self.request.user,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(
            self.request, f"{data['rule']}.{data['param']} is now {display_value(data['parsed'])}."
        )
        return redirect("policy:override")


class PolicyOverrideRemoveView(ActionRequiredMixin, View):
    action = "policy.override"

    def post(self, request: SignedInRequest) -> HttpResponse:
        form = OverrideRemoveForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose an override to remove.")
            return redirect("policy:override")
        rule, param = form.cleaned_data["rule"], form.cleaned_data["param"]
        try:
            policy_override_remove(
                school=current_school(request), rule=rule, param=param, actor=request.user
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{rule}.{param} is back to the profile's value.")
        return redirect("policy:override")
