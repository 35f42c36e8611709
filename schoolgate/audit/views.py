"""The audit log page and its CSV export."""

from __future__ import annotations

import json
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from schoolgate.audit import events
from schoolgate.audit.forms import AuditFilterForm
from schoolgate.audit.models import AuditEntry
from schoolgate.audit.selectors import count_up_to, log_page, visible_entries
from schoolgate.audit.services import audit_log
from schoolgate.core.exports import csv_streaming_response
from schoolgate.core.types import SignedInRequest, current_school
from schoolgate.core.views import ActionRequiredMixin

# The page counts a school's entries up to here, then says "more than".
COUNT_UP_TO = 1000

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


class AuditLogView(ActionRequiredMixin, TemplateView):
    """The school's log, a page at a time by sequence number, with a count
    that stops at `COUNT_UP_TO`: the page costs the same at any volume."""

    action = "audit.view"
    template_name = "audit/log.html"
    paginate_by = 50
    request: SignedInRequest  # the guard let only a signed-in user through

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = AuditFilterForm(self.request.GET or None)
        filters = form.filters()
        entries = visible_entries(self.request.user, current_school(self.request), **filters)
        before, after = _seq(self.request.GET.get("before")), _seq(self.request.GET.get("after"))
        page = log_page(entries, before=before, after=after, size=self.paginate_by)
        count = count_up_to(entries, COUNT_UP_TO)
        return super().get_context_data(**kwargs) | {
            "form": form,
            "log": page,
            "entries": page.entries,
            "rows": [(entry, events.label(entry.event)) for entry in page.entries],
            "counted": _counted(count, bool(filters)),
            "count_limit": f"{COUNT_UP_TO:,}",
            "more_than_count": count > COUNT_UP_TO,
        }


def _counted(count: int, filtered: bool) -> str:
    """Return what the caption says of the count: "More than 1,000 entries, ..."."""
    if count > COUNT_UP_TO:
        said, one = f"More than {COUNT_UP_TO:,} entries", False
    else:
        said, one = f"{count:,} entr{'y' if count == 1 else 'ies'}", count == 1
    if filtered:
        said += " matches these filters" if one else " match these filters"
    return f"{said}, newest first."


def _seq(value: str | None) -> int | None:
    """Return a sequence number from the query string, or None if not one."""
    return int(value) if value and value.isdigit() and len(value) < 19 else None


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
