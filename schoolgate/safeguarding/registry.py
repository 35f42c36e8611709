"""Who may raise, list and read safeguarding records; audit events; navigation.

The actions below only open the pages; which records a person sees is
decided per record by `selectors.visible_records` (routing and subjects).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from schoolgate.accounts.policy import register_confidential_reader
from schoolgate.audit import confidential
from schoolgate.audit.events import register as register_event
from schoolgate.audit.services import register_verifier
from schoolgate.compliance import panels as compliance_panels
from schoolgate.core.permissions import register
from schoolgate.core.types import SignedInRequest
from schoolgate.people.roles import STAFF_ROLES, Role
from schoolgate.web.navigation import add
from schoolgate.web.panels import add_panel

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from schoolgate.accounts.models import User
    from schoolgate.people.models import School

# Anyone who works with or governs the school may raise a concern: statutory
# guidance (KCSIE) says safeguarding is everyone's responsibility.
register("safeguarding.record", "Record a safeguarding concern", roles=STAFF_ROLES)
register("safeguarding.view", "Read safeguarding records routed to you", roles=STAFF_ROLES)
# The DSL recording a concern is the DSL being told: the form does not ask
# them who they are or whether they told the DSL in person.
register(
    "safeguarding.record_as_lead",
    "Record a concern as the safeguarding lead",
    roles={Role.DSL},
)
register(
    "safeguarding.record_adult_disclosure",
    "Record a disclosure about an adult",
    roles_from=("safeguarding.adult_disclosure", "recorded_by"),
)

# KCSIE: the DSL sends a leaving pupil's child protection file to the new
# school and keeps the receipt.
register(
    "safeguarding.transfer", "Send a leaving pupil's file to the new school", roles={Role.DSL}
)
# Destroying a record at the end of its retention is the DSL's and the head's call.
register(
    "safeguarding.retention",
    "Review records past their retention period",
    roles={Role.DSL, Role.HEAD},
)

# The DSL's caseload on the dashboard: open records routed to them, by number.
register("safeguarding.caseload", "See open safeguarding records needing action", roles={Role.DSL})

register_event("safeguarding.recorded", "Recorded a safeguarding concern")
register_event("safeguarding.step_recorded", "Recorded a step of a safeguarding record")
register_event("safeguarding.amended", "Amended a safeguarding record")
register_event("safeguarding.closed", "Closed a safeguarding record")
register_event("safeguarding.evidence_added", "Added evidence to a safeguarding record")
register_event("safeguarding.evidence_viewed", "Opened evidence of a safeguarding record")
register_event("safeguarding.chronology_viewed", "Viewed a safeguarding chronology")
register_event("safeguarding.task_added", "Added a follow-up task to a safeguarding record")
register_event("safeguarding.task_done", "Marked a safeguarding follow-up task done")
register_event("safeguarding.linked", "Linked two safeguarding records")
register_event("safeguarding.transferred", "Exported a pupil's safeguarding file for a new school")
register_event("safeguarding.transfer_received", "Recorded receipt of a safeguarding file")
register_event("safeguarding.retention_reviewed", "Reviewed a record past its retention period")
register_event("safeguarding.destroyed", "Destroyed a safeguarding record after review")


def _evidence_problems() -> list[str]:
    from schoolgate.safeguarding.services import evidence_problems  # models load first

    return evidence_problems()


register_verifier(_evidence_problems)


def _may_open_records(user: User, schools: Sequence[School]) -> bool:
    from schoolgate.safeguarding.selectors import may_open_records  # models load first

    return may_open_records(user, schools)


# Anyone who may open safeguarding records confirms a second factor, whatever
# a school sets for its staff (a floor of security.second_factor).
register_confidential_reader(_may_open_records)

add("Safeguarding", "safeguarding:records", "safeguarding.view")


def _visible_pks(user: User, school: Any) -> QuerySet[Any]:
    from schoolgate.safeguarding.selectors import visible_records  # models load first

    return visible_records(user, school).values("pk")


# An audit entry about a record, and any count of records, follows the one
# visibility rule: nobody learns of a record they may not open (C7.3).
confidential.register("safeguarding.record", visible_pks=_visible_pks)


def _open_records(schools: Sequence[School], user: User | None) -> dict[int, int]:
    # A count only: the dashboard never shows what a record is about. Only
    # the records the user may open: a count of the rest would tell the
    # subject of a concern that one exists. One query for all the schools.
    from schoolgate.safeguarding.models import Record
    from schoolgate.safeguarding.selectors import visible_in_schools

    open_records = visible_in_schools(user, schools).filter(status=Record.Status.OPEN)
    return compliance_panels.count_by_school(open_records, schools)


compliance_panels.add_count(
    "safeguarding_open",
    "Open safeguarding records",
    _open_records,
    url_name="safeguarding:records",
    action="safeguarding.view",
    per_user=True,
)


def _tasks_panel(request: SignedInRequest) -> dict[str, Any]:
    from django.utils import timezone

    from schoolgate.safeguarding.selectors import tasks_due_soon  # models load first

    tasks = tasks_due_soon(request.user, request.school, within_days=7, limit=5)
    return {
        "tasks_due": tasks,
        "tasks_total": tasks[0].total if tasks else 0,
        "today": timezone.localdate(),
    }


# A follow-up due this week, or overdue, is on its assignee's dashboard. The
# record's number only: the dashboard never says what a record is about.
add_panel(
    "safeguarding.tasks_due",
    template="safeguarding/_tasks_panel.html",
    action="safeguarding.view",
    context=_tasks_panel,
    order=1,
)


def _caseload_panel(request: SignedInRequest) -> dict[str, Any]:
    from schoolgate.safeguarding.selectors import open_records_routed  # models load first

    records = open_records_routed(request.user, request.school, limit=5)
    return {"records": records, "total": records[0].total if records else 0}


# The DSL sees at once what waits for them: record numbers, urgency and age
# only, never what a record is about (the record page says, to those it allows).
add_panel(
    "safeguarding.caseload",
    template="safeguarding/_caseload_panel.html",
    action="safeguarding.caseload",
    context=_caseload_panel,
    order=0,
)
