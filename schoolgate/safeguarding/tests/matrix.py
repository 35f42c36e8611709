"""Permission-matrix rows for the safeguarding pages.

Object pages use a cyberbullying record about a pupil, written by a second
class teacher: in the shire profile it is routed to the DSL and the head.
"""

import datetime as dt

from django.utils import timezone

from schoolgate.core.matrix import SCHOOL_STAFF, ActionRow, Row
from schoolgate.people.tests.factories import PupilFactory, RoleFactory, UserFactory
from schoolgate.safeguarding.services import task_add
from schoolgate.safeguarding.tests.factories import make_evidence, make_record, make_transfer

# Staff roles only: every signed-in staff persona, the outsider for their own school.
STAFF = SCHOOL_STAFF | {"outsider"}
ROUTED = frozenset({"dsl", "head"})


def _record(p):  # type: ignore[no-untyped-def]
    writer = UserFactory(email="writer@larkspur.test")
    RoleFactory(user=writer, school=p.school, role="teacher")
    return make_record(p.school, writer)


def _task(p):  # type: ignore[no-untyped-def]
    record = _record(p)
    due = timezone.localdate() + dt.timedelta(days=3)
    return task_add(record=record, title="Call home", due_on=due, assignee=p.dsl, actor=p.dsl)


def _old_closed_record(p):  # type: ignore[no-untyped-def]
    # A closed record about a pupil now 30: past the default retention.
    pupil = PupilFactory(school=p.school, date_of_birth=dt.date(1996, 1, 1))
    record = _record(p)
    record.pupils.set([pupil])
    return record


MATRIX = {
    "safeguarding:records": Row(allow=STAFF),
    "safeguarding:record_new": Row(allow=STAFF),
    "safeguarding:record_create": Row(allow=STAFF, kwargs=lambda p: {"kind": "cyberbullying"}),
    "safeguarding:record": Row(allow=ROUTED, kwargs=lambda p: {"pk": _record(p).pk}, hide=True),
    "safeguarding:record_step": Row(
        allow=ROUTED,
        kwargs=lambda p: {"pk": _record(p).pk},
        method="post",
        data={"code": "evidence_kept", "note": "Screenshots saved."},
        ok=(302,),
        hide=True,
    ),
    "safeguarding:record_amend": Row(
        allow=ROUTED, kwargs=lambda p: {"pk": _record(p).pk}, hide=True
    ),
    "safeguarding:record_close": Row(
        allow=ROUTED, kwargs=lambda p: {"pk": _record(p).pk}, hide=True
    ),
    "safeguarding:evidence_add": Row(
        allow=ROUTED,
        kwargs=lambda p: {"pk": _record(p).pk},
        method="post",
        ok=(400,),  # no file sent: the form answers, to those allowed only
        hide=True,
    ),
    "safeguarding:evidence": Row(
        allow=ROUTED,
        kwargs=lambda p: {"pk": make_evidence(r := _record(p), r.reporter).pk},
        hide=True,
    ),
    "safeguarding:pupil_chronology": Row(
        allow=STAFF - {"outsider"},
        kwargs=lambda p: {"pk": PupilFactory(school=p.school).pk},
        hide=True,
    ),
    "safeguarding:staff_chronology": Row(
        allow=STAFF - {"outsider"},
        kwargs=lambda p: {
            "pk": _record(p)
            .pupils.first()
            .school.staff.create(
                mis_id="S1", first_name="A", surname="B", formal_name="Mr B", email="b@x.test"
            )
            .pk
        },
        hide=True,
    ),
    "safeguarding:task_add": Row(
        allow=ROUTED,
        kwargs=lambda p: {"pk": _record(p).pk},
        method="post",
        ok=(400,),  # no data sent: the form answers, to those allowed only
        hide=True,
    ),
    "safeguarding:record_link": Row(
        allow=ROUTED,
        kwargs=lambda p: {"pk": _record(p).pk},
        method="post",
        ok=(400,),
        hide=True,
    ),
    "safeguarding:tasks": Row(allow=STAFF),
    "safeguarding:task_done": Row(
        allow=ROUTED,
        kwargs=lambda p: {"pk": _task(p).pk},
        method="post",
        ok=(302,),
        hide=True,
    ),
    # The DSL alone sends a leaving pupil's file (KCSIE).
    "safeguarding:transfer": Row(
        allow=frozenset({"dsl"}),
        kwargs=lambda p: {"pk": PupilFactory(school=p.school).pk},
        hide=True,
    ),
    "safeguarding:transfer_receipt": Row(
        allow=frozenset({"dsl"}),
        kwargs=lambda p: {"pk": make_transfer(p.school, p.dsl).pk},
        method="post",
        ok=(302,),
        hide=True,
    ),
    "safeguarding:retention": Row(allow=frozenset({"dsl", "head", "outsider"})),
    "safeguarding:retention_review": Row(
        allow=frozenset({"dsl", "head"}),
        kwargs=lambda p: {"pk": _old_closed_record(p).pk},
        hide=True,
    ),
}

# Only the safeguarding lead records a concern without being asked who they
# are and whether they told the lead in person.
ACTIONS = {"safeguarding.record_as_lead": ActionRow(allow=frozenset({"dsl"}))}
