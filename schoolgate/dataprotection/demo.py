"""Subject-access requests for the demo trust: what the DPO's dashboard shows.

At each school a parent has asked for what the school holds about them: one
request received a week ago, still within its deadline. At the first school
a second request, about a pupil, is past its deadline, so the panel shows
an overdue request too. Made directly, under the demo's single audit entry.
"""

from __future__ import annotations

import datetime as dt

from schoolgate.dataprotection.models import PersonKind, SubjectAccessRequest
from schoolgate.dataprotection.services import due_on
from schoolgate.people.models import Parent, Pupil, RoleAssignment, School, Trust
from schoolgate.people.roles import Role


def demo_subject_access_load(trust: Trust, *, today: dt.date) -> int:
    """Add open subject-access requests at the trust's schools; return how many."""
    made = []
    for index, school in enumerate(School.objects.filter(trust=trust).order_by("slug")):
        dpo = RoleAssignment.objects.filter(school=school, role=Role.DPO).first()
        parent = Parent.objects.filter(school=school).order_by("pk").first()
        if dpo is None or parent is None:
            continue
        made.append(_request(school, PersonKind.PARENT, parent, today - dt.timedelta(days=7), dpo))
        pupil = Pupil.objects.filter(school=school, parents=parent).first()
        if index == 0 and pupil is not None:
            received = today - dt.timedelta(days=45)
            made.append(_request(school, PersonKind.PUPIL, pupil, received, dpo))
    SubjectAccessRequest.objects.bulk_create(made)
    return len(made)


def _request(
    school: School, kind: str, person: object, received: dt.date, dpo: RoleAssignment
) -> SubjectAccessRequest:
    return SubjectAccessRequest(
        school=school,
        kind=kind,
        requested_by=f"{person} by email" if kind == PersonKind.PARENT else "The pupil's parent",
        received_on=received,
        due_on=due_on(school, received),
        recorded_by=dpo.user,
        **{kind: person},
    )
