"""The audit log page and its CSV export."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from schoolgate.audit import events
from schoolgate.audit.forms import AuditFilterForm
from schoolgate.audit.models import AuditEntry
from schoolgate.audit.selectors import visible_entries
from schoolgate.audit.services import audit_log
from schoolgate.core.exports import csv_streaming_response
from schoolgate.core.types import SignedInRequest, current_school
from schoolgate.core.views import ActionRequiredMixin

CSV_HEADER = (
    "seq",
    "time",
    "event",
    "what happened",
    "who",
    "subject type",
    "subject id",
    "subject",
    "details",
    "ip",
    "correlation id",
    "hash",
)


class AuditLogView(ActionRequiredMixin, ListView):  # type: ignore[type-arg]
    action = "audit.view"
    template_name = "audit/log.html"
    context_object_name = "entries"
    paginate_by = 50
    request: SignedInRequest  # the guard let only a signed-in user through

    def get_queryset(self) -> QuerySet[AuditEntry]:
        self.form = AuditFilterForm(self.request.GET or None)
        return visible_entries(
            self.request.user, current_school(self.request), **self.form.filters()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["rows"] = [(entry, events.label(entry.event)) for entry in context["entries"]]
        return context


class AuditExportView(ActionRequiredMixin, View):
    action = "audit.export"

    def get(self, request: SignedInRequest) -> StreamingHttpResponse:
        school = current_school(request)
        filters = AuditFilterForm(request.GET or None).filters()
        # The export is itself recorded: the log holds who looked at what.
        audit_log(event="audit.exported", actor=request.user, school=school, extra=filters)
        entries = visible_entries(request.user, school, **filters).iterator(chunk_size=1000)
        day = timezone.localdate().isoformat()
        return csv_streaming_response(
            f"audit-{school.slug}-{day}.csv", CSV_HEADER, (_csv_row(e) for e in entries)
        )


def _csv_row(entry: AuditEntry) -> list[Any]:
    return [
        entry.seq,
        timezone.localtime(entry.at).isoformat(),
        entry.event,
        events.label(entry.event),
        entry.actor_label or "Schoolgate",
        entry.subject_type,
        entry.subject_id,
        entry.subject_label,
        json.dumps(entry.extra, sort_keys=True) if entry.extra else "",
        entry.ip or "",
        entry.correlation_id,
        entry.hash,
    ]
