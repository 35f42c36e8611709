"""Demo safeguarding records: a pupil's chronology with two linked concerns,
an overdue follow-up for the DSL, and a leaver whose file is ready to send.

Rows are made directly, under the demo's single "demo.loaded" audit entry,
so loading the demo sends no email.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from schoolgate.people.models import Pupil, RoleAssignment, School, Trust
from schoolgate.people.roles import Role
from schoolgate.safeguarding.models import Kind, Link, Record, Route, Task
from schoolgate.safeguarding.selectors import routes_for


def demo_safeguarding_load(*, trust: Trust) -> int:
    """Add records to the trust's first shire school; return how many."""
    school = trust.schools.filter(profile="shire").order_by("pk").first()
    teacher, dsl = _holder(school, Role.TEACHER), _holder(school, Role.DSL)
    pupils = list(Pupil.objects.filter(school=school, status="current").order_by("pk")[:2])
    if school is None or teacher is None or dsl is None or len(pupils) < 2:
        return 0
    now = timezone.now()
    sighting = _record(
        school, dsl, pupils[0], Kind.SIGHTING, now - dt.timedelta(days=40),
        "Seen posting on a video app during a lesson.", place="Year 5 classroom",
    )  # fmt: skip
    bullying = _record(
        school, teacher, pupils[0], Kind.CYBERBULLYING, now - dt.timedelta(days=2),
        "Classmates shared edited photos of her in the year group chat.",
        place="Year 5 group chat", reported_by="The pupil herself",
        police_choice=Record.PoliceChoice.DOES_NOT,
        child_words="They keep posting about me and everyone laughs.",
    )  # fmt: skip
    Link.objects.create(
        low=sighting, high=bullying, reason="Same app", linked_by=dsl, linked_at=now
    )
    Task.objects.create(
        record=bullying,
        title="Meet the parents of the pupils who shared the photos",
        due_on=timezone.localdate() - dt.timedelta(days=1),
        assignee=dsl,
        created_by=dsl,
        created_at=now,
    )
    leaver = pupils[1]
    Pupil.objects.filter(pk=leaver.pk).update(left_on=timezone.localdate())
    _record(
        school, teacher, leaver, Kind.PUPIL_DISCLOSURE, now - dt.timedelta(days=90),
        "Said an older cousin sends messages asking for photos.",
    )  # fmt: skip
    return 3


def _record(school: School, reporter: Any, pupil: Pupil, kind: str, at: Any, account: str,
            **fields: Any) -> Record:  # fmt: skip
    record = Record.objects.create(
        school=school,
        kind=kind,
        reporter=reporter,
        reporter_role=f"{reporter}, demo",
        happened_at=at,
        account=account,
        **fields,
    )
    record.pupils.set([pupil])
    routes = routes_for(school, kind, [])
    Route.objects.bulk_create(Route(record=record, role=r, rule=s) for r, s in routes.items())
    return record


def _holder(school: School | None, role: str) -> Any:
    if school is None:
        return None
    row = RoleAssignment.objects.filter(school=school, role=role).select_related("user").first()
    return row.user if row else None
