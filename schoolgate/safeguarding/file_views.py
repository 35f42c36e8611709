"""Pages for a leaving pupil's file (transfer and receipt) and for retention review.

Kept apart from views.py, which holds the pages of a single record.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import ListView

from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.permissions import can
from schoolgate.core.types import SignedInRequest
from schoolgate.core.views import ActionRequiredMixin
from schoolgate.people.models import Pupil
from schoolgate.safeguarding import forms, retention, selectors, transfer
from schoolgate.safeguarding.models import Transfer


class TransferView(ActionRequiredMixin, View):
    """The DSL exports a leaving pupil's file; past transfers and receipts below."""

    action = "safeguarding.transfer"

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.pupil = selectors.access_person_for(
            self.request.user, Pupil, self.kwargs["pk"], action=self.action
        )
        return self.pupil.school

    def show(self, request: SignedInRequest, form: Any, status: int = 200) -> HttpResponse:
        context = {
            "pupil": self.pupil,
            "form": form,
            "count": len(transfer.transfer_records(request.user, self.pupil)),
            "transfers": Transfer.objects.filter(pupil=self.pupil).select_related("exported_by"),
            "receipt_form": forms.ReceiptForm(),
        }
        return render(request, "safeguarding/transfer.html", context, status=status)

    def get(self, request: SignedInRequest, pk: int) -> HttpResponse:
        return self.show(request, forms.TransferForm())

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = forms.TransferForm(request.POST)
        if not form.is_valid():
            return self.show(request, form, 400)
        try:
            sent, data = transfer.transfer_export(
                pupil=self.pupil, new_school=form.cleaned_data["new_school"], actor=request.user
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.show(request, form, 400)
        response = HttpResponse(data, content_type="application/zip")
        name = f"safeguarding-file-{self.pupil.pk}-{sent.pk}.zip"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response


class TransferReceiptView(ActionRequiredMixin, View):
    action = "safeguarding.transfer"

    def permission_target(self) -> Any:
        found = Transfer.objects.select_related("school__trust", "pupil").filter(
            pk=self.kwargs["pk"]
        )
        sent = found.first()
        if sent is None or not can(self.request.user, self.action, sent.school):
            raise Http404("No such transfer.")
        self.transfer: Transfer = sent
        return sent.school

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = forms.ReceiptForm(request.POST)
        try:
            if not form.is_valid():
                raise ApplicationError("Give the name and the date of receipt.")
            transfer.transfer_receipt(
                transfer=self.transfer, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Receipt recorded.")
        return redirect("safeguarding:transfer", pk=self.transfer.pupil_id)


class RetentionListView(ActionRequiredMixin, ListView):  # type: ignore[type-arg]
    """Records past their retention period that the reviewer may read."""

    action = "safeguarding.retention"
    template_name = "safeguarding/retention.html"
    paginate_by = 50
    request: SignedInRequest  # the guard let only a signed-in user through

    def get_queryset(self) -> Any:
        visible = set(
            selectors.visible_records(self.request.user, self.request.school).values_list(
                "pk", flat=True
            )
        )
        due = retention.due_for_review(self.request.school)
        return [d for d in due if d.record.pk in visible]


class RetentionReviewView(ActionRequiredMixin, View):
    action = "safeguarding.retention"

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.record = selectors.access_record_for(
            self.request.user, self.kwargs["pk"], action="review"
        )
        return self.record

    def show(self, request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
        context = {
            "record": self.record,
            "form": form,
            "retain_until": retention.retain_until(self.record),
            "source": retention.years_for(self.record.school, self.record.kind)[1],
        }
        return render(request, "safeguarding/retention_review.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.show(request, forms.RetentionForm())

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = forms.RetentionForm(request.POST)
        if not form.is_valid():
            return self.show(request, form, 400)
        try:
            review = retention.record_retention_review(
                record=self.record, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.show(request, form, 400)
        messages.success(request, f"Decision recorded: {review.get_decision_display()}.")
        return redirect("safeguarding:retention")
