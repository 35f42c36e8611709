"""The devices pages: register, trip phone, pupils' phone hand-in, own IMEI."""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, ListView

from schoolgate.audit.services import audit_log
from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.exports import csv_response
from schoolgate.core.permissions import can
from schoolgate.core.types import SchoolRequest, SignedInRequest, current_school
from schoolgate.core.views import ActionRequiredMixin
from schoolgate.devices import policy, selectors, services
from schoolgate.devices.forms import (
    DeviceFilterForm,
    DeviceForm,
    MarkForm,
    SignOutForm,
    StaffPhoneForm,
)
from schoolgate.devices.models import Device, PhoneHandIn
from schoolgate.people.models import Pupil
from schoolgate.people.selectors import pupil_classes
from schoolgate.web.toolbar import link

# ---------------------------------------------------------------------------
# The register
# ---------------------------------------------------------------------------


class DeviceListView(ActionRequiredMixin, ListView):  # type: ignore[type-arg]
    action = "devices.view"
    template_name = "devices/list.html"
    paginate_by = 50
    request: SchoolRequest

    def get_queryset(self) -> QuerySet[Device]:
        data = self.request.GET.copy()
        data.setdefault("status", Device.Status.IN_SERVICE)
        self.form = DeviceFilterForm(data)
        return selectors.devices_of(
            current_school(self.request),
            q=self.form.value("q"),
            kind=self.form.value("kind"),
            status=self.form.value("status"),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        user, school = self.request.user, self.request.school
        may_manage = can(user, "devices.manage", school)
        return context | {
            "form": self.form,
            "query": query.urlencode(),
            "may_manage": may_manage,
            "toolbar_links": [link("Download as CSV", "devices:export", query.urlencode())]
            if can(user, "devices.export", school)
            else [],
            "toolbar_actions": [link("Add a device", "devices:create")] if may_manage else [],
        }


class DeviceExportView(ActionRequiredMixin, View):
    action = "devices.export"
    header = ["Name", "Kind", "Make", "Model", "Body serial", "Asset tag", "Location or keeper"]
    header += ["Status", "Retired on"]

    def get(self, request: SchoolRequest) -> HttpResponse:
        lister = DeviceListView(request=request, kwargs={})
        devices = list(lister.get_queryset())
        audit_log(
            event="devices.exported",
            actor=request.user,
            school=request.school,
            label="device register as CSV",
            extra={"rows": len(devices)},
        )
        rows = (
            [d.name, d.kind, d.make, d.model, d.serial, d.asset_tag, d.keeper, d.status]
            + [d.retired_on]
            for d in devices
        )
        return csv_response(f"{current_school(request).slug}-devices.csv", self.header, rows)


class DeviceCreateView(ActionRequiredMixin, FormView):  # type: ignore[type-arg]
    action = "devices.manage"
    form_class = DeviceForm
    template_name = "devices/form.html"
    request: SignedInRequest  # the guard let only a signed-in user through

    def get_form_kwargs(self) -> dict[str, Any]:
        kinds = selectors.register_kinds(current_school(self.request))  # devices.register:kinds
        return super().get_form_kwargs() | {"kinds": kinds}

    def form_valid(self, form: DeviceForm) -> HttpResponse:
        try:
            services.device_create(
                school=current_school(self.request),
                data=form.cleaned_data,
                actor=self.request.user,
            )
        except ValidationError as error:  # e.g. an asset tag already in use
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{form.cleaned_data['name']} is in the register.")
        return redirect("devices:list")


class DeviceObjectMixin(ActionRequiredMixin):
    """Fetch the device through the access function: 404 for missing or forbidden."""

    action = "devices.manage"
    kwargs: dict[str, Any]  # the URL's, set by View.setup

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.device = selectors.access_device_for(self.request.user, self.kwargs["pk"])
        return self.device


class DeviceEditView(DeviceObjectMixin, DeviceCreateView):
    request: SignedInRequest  # the guard let only a signed-in user through

    def get_form_kwargs(self) -> dict[str, Any]:
        # A copy: the form writes into its instance, and the service compares
        # the device as it was with the cleaned data to find what changed.
        return super().get_form_kwargs() | {"instance": copy.copy(self.device)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"device": self.device}

    def form_valid(self, form: DeviceForm) -> HttpResponse:
        services.device_update(device=self.device, data=form.cleaned_data, actor=self.request.user)
        messages.success(self.request, f"{self.device.name} is changed.")
        return redirect("devices:list")


class DeviceRetireView(DeviceObjectMixin, View):
    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        try:
            services.device_retire(device=self.device, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{self.device.name} is retired.")
        return redirect("devices:list")


# ---------------------------------------------------------------------------
# The trip phone
# ---------------------------------------------------------------------------


def _trip_phone_page(request: SchoolRequest, form: SignOutForm | None = None) -> HttpResponse:
    school = current_school(request)
    phones = selectors.trip_phones(school)
    context = {
        "phones": phones,
        "loans": selectors.trip_phone_loans(school),
        "form": form or SignOutForm(phones=phones),
        "may_sign_out": can(request.user, "devices.trip_phone_sign_out", school),
        "may_return": can(request.user, "devices.trip_phone_return", school),
        "rule": policy.rule(school, policy.TRIP_PHONE),
        "pupil_phones_note": selectors.phones_on_trips_note(school),
    }
    return render(request, "devices/trip_phone.html", context, status=400 if form else 200)


class TripPhoneView(ActionRequiredMixin, View):
    """Who has the trip phone, what is overdue, the history, and signing out."""

    action = "devices.trip_phone"

    def get(self, request: SchoolRequest) -> HttpResponse:
        return _trip_phone_page(request)


class TripPhoneSignOutView(ActionRequiredMixin, View):
    action = "devices.trip_phone_sign_out"

    def post(self, request: SignedInRequest) -> HttpResponse:
        form = SignOutForm(request.POST, phones=selectors.trip_phones(current_school(request)))
        if form.is_valid():
            try:
                services.trip_phone_sign_out(
                    device=form.cleaned_data["device"],
                    purpose=form.cleaned_data["purpose"],
                    expected_back_at=form.cleaned_data["expected_back_at"],
                    actor=request.user,
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "The trip phone is signed out to you.")
                return redirect("devices:trip_phone")
        return _trip_phone_page(request, form)


class TripPhoneReturnView(ActionRequiredMixin, View):
    action = "devices.trip_phone_return"

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.loan = selectors.access_loan_for(self.request.user, self.kwargs["pk"])
        return self.loan

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        services.trip_phone_return(loan=self.loan, actor=request.user)
        messages.success(request, f"{self.loan.device} is back.")
        return redirect("devices:trip_phone")


# ---------------------------------------------------------------------------
# The pupils' phone hand-in
# ---------------------------------------------------------------------------


class HandInView(ActionRequiredMixin, View):
    """Pick a class, then tap each pupil; the day's failures for the whole school."""

    action = "devices.hand_in"

    def get(self, request: SchoolRequest) -> HttpResponse:
        school, today = current_school(request), timezone.localdate()
        classes = pupil_classes(school)
        chosen = request.GET.get("class", "")
        context = {
            "classes": classes,
            "chosen": chosen if chosen in classes else "",
            "rows": selectors.hand_in_list(school, chosen, today) if chosen in classes else [],
            "failed": selectors.failed_hand_ins(school, today),
            "counts": selectors.hand_in_counts(school, today),
            "marks": PhoneHandIn.Mark.choices,
            "today": today,
            "rule": policy.rule(school, policy.PUPIL_PHONES),
            "may_ban": can(request.user, "sanctions.decide_pupil_phone_ban", school),
        }
        return render(request, "devices/hand_in.html", context)


class HandInMarkView(ActionRequiredMixin, View):
    """Mark one pupil; htmx swaps the row, a plain form post reloads the class."""

    action = "devices.hand_in"

    def post(self, request: SignedInRequest) -> HttpResponse:
        form = MarkForm(request.POST)
        if not form.is_valid():
            return HttpResponse("Choose a pupil and a mark.", status=400)
        pupil = get_object_or_404(
            Pupil, pk=form.cleaned_data["pupil"], school=request.school, status="current"
        )
        services.hand_in_mark(pupil=pupil, mark=form.cleaned_data["mark"], actor=request.user)
        if not getattr(request, "htmx", False):
            query = urlencode({"class": pupil.class_name})
            return redirect(f"{reverse('devices:hand_in')}?{query}")
        row = selectors.hand_in_row(pupil, timezone.localdate())
        context = {
            "row": row,
            "marks": PhoneHandIn.Mark.choices,
            "may_ban": can(request.user, "sanctions.decide_pupil_phone_ban", request.school),
        }
        return render(request, "devices/_hand_in_row.html", context)


# ---------------------------------------------------------------------------
# A member of staff's own phone
# ---------------------------------------------------------------------------


class OwnPhoneView(ActionRequiredMixin, FormView):  # type: ignore[type-arg]
    """The user's own IMEI: only they see it, so there is no list of others'."""

    action = "devices.own_phone"
    form_class = StaffPhoneForm
    template_name = "devices/own_phone.html"
    request: SignedInRequest  # the guard let only a signed-in user through

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "phone": selectors.own_phone(self.request.user),
            "rule": policy.rule(current_school(self.request), policy.STAFF_IMEI),
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "remove" in request.POST:
            services.staff_phone_remove(
                school=current_school(self.request), actor=self.request.user
            )
            messages.success(request, "Your phone's IMEI is removed.")
            return redirect("devices:own_phone")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: StaffPhoneForm) -> HttpResponse:
        try:
            services.staff_phone_record(
                school=current_school(self.request),
                imei=form.cleaned_data["imei"],
                description=form.cleaned_data["description"],
                actor=self.request.user,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, "Your phone's IMEI is recorded.")
        return redirect("devices:own_phone")
