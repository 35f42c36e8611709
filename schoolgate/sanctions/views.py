"""The sanctions pages: the list, imposing one, lifting one early."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, ListView

from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.types import SignedInRequest, current_school
from schoolgate.core.views import ActionRequiredMixin
from schoolgate.sanctions import selectors
from schoolgate.sanctions.forms import LiftForm, SanctionFilterForm, SanctionForm
from schoolgate.sanctions.models import Sanction
from schoolgate.sanctions.services import sanction_create, sanction_lift
from schoolgate.web.toolbar import link


class SanctionListView(ActionRequiredMixin, ListView):  # type: ignore[type-arg]
    """The school's sanctions of the kinds the user may see; in force first."""

    action = "sanctions.view"
    template_name = "sanctions/list.html"
    paginate_by = 50
    request: SignedInRequest  # the guard let only a signed-in user through

    def get_queryset(self) -> QuerySet[Sanction]:
        school = current_school(self.request)
        data = self.request.GET.copy()
        data.setdefault("state", Sanction.State.ACTIVE)
        kinds = selectors.visible_kinds(self.request.user, school)
        self.form = SanctionFilterForm(data, kinds=kinds)
        return selectors.sanctions_for(
            self.request.user,
            school,
            kind=self.form.value("kind"),
            state=self.form.value("state"),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        school, user = current_school(self.request), self.request.user
        decidable = set(selectors.decidable_kinds(user, school))
        today = timezone.localdate()
        for sanction in context["object_list"]:
            sanction.platform_note = selectors.platform_block_note(sanction, today)
            sanction.kind_label = selectors.kind_label(school, sanction.kind)
        context |= {
            "form": self.form,
            "today": today,
            "decidable": decidable,
            "query": self._query(),
            "toolbar_actions": (
                [link("Impose a sanction", "sanctions:create")] if decidable else []
            ),
        }
        return context

    def _query(self) -> str:
        query = self.request.GET.copy()
        query.pop("page", None)
        return query.urlencode()


class SanctionCreateView(ActionRequiredMixin, FormView):  # type: ignore[type-arg]
    action = "sanctions.decide"
    template_name = "sanctions/create.html"
    form_class = SanctionForm
    request: SignedInRequest  # the guard let only a signed-in user through

    def get_form_kwargs(self) -> dict[str, Any]:
        school = current_school(self.request)
        kinds = selectors.decidable_kinds(self.request.user, school)
        return super().get_form_kwargs() | {"school": school, "kinds": kinds}

    def get_initial(self) -> dict[str, Any]:
        # The hand-in list links here with the pupil and kind filled in.
        return {k: self.request.GET[k] for k in ("kind", "pupil") if k in self.request.GET}

    def form_valid(self, form: SanctionForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            sanction_create(
                school=current_school(self.request),
                kind=data["kind"],
                pupil=data["pupil"],
                parent=data["parent"],
                email=data["email"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                reason=data["reason"],
                actor=self.request.user,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, "The sanction is recorded.")
        return redirect("sanctions:list")


class SanctionLiftView(ActionRequiredMixin, View):
    """Lift a sanction early; those who may not decide it find no such sanction."""

    action = "sanctions.decide"

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.sanction = selectors.access_sanction_for(
            self.request.user, self.kwargs["pk"], decide=True
        )
        return self.sanction

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = LiftForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Say why the sanction is lifted early.")
            return redirect("sanctions:list")
        try:
            sanction_lift(
                sanction=self.sanction, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Lifted: {self.sanction}.")
        return redirect("sanctions:list")
