from django.utils import timezone

from schoolgate.core.matrix import Row
from schoolgate.people.tests.factories import PupilFactory, StaffFactory

LEADERS = frozenset({"head", "deputy", "ceo", "exec_head"})
RECORDERS = LEADERS | {"office", "dsl"}
VIEWERS = RECORDERS | {"teacher", "dpo"}
# The outsider is a head, and opens the school-wide pages for their own school.
OWN_SCHOOL = frozenset({"outsider"})
STAFF_WORKFORCE = VIEWERS | {"hr", "ict"}


def _pupil(p):  # type: ignore[no-untyped-def]
    return {"pk": PupilFactory(school=p.school).pk}


def _staff(p):  # type: ignore[no-untyped-def]
    return {"pk": StaffFactory(school=p.school).pk}


def _own_child(p):  # type: ignore[no-untyped-def]
    """A pupil whose parent is the parent persona."""
    from schoolgate.people.tests.factories import ParentFactory, ParentLinkFactory

    pupil = PupilFactory(school=p.school)
    ParentLinkFactory(parent=ParentFactory(school=p.school, user=p.parent), pupil=pupil)
    return {"pk": pupil.pk}


def _answer() -> dict[str, object]:
    return {
        "uses": ["blog"],
        "answer": "given",
        "method": "paper",
        "given_on": timezone.localdate().isoformat(),
    }


MATRIX = {
    "consent:register": Row(allow=VIEWERS | OWN_SCHOOL),
    "consent:export": Row(allow=LEADERS | {"office", "dpo"} | OWN_SCHOOL),
    "consent:pupil": Row(allow=VIEWERS, kwargs=_pupil, hide=True),
    "consent:record": Row(
        allow=RECORDERS, kwargs=_pupil, method="post", data=_answer(), ok=(302,), hide=True
    ),
    "consent:renewals": Row(allow=VIEWERS | OWN_SCHOOL),
    "consent:renewals_export": Row(allow=LEADERS | {"office"} | OWN_SCHOOL),
    "consent:renewal_letters_pdf": Row(allow=LEADERS | {"office"} | OWN_SCHOOL),
    # A parent answers for their own child; anyone else's child is not there.
    "consent:answer": Row(allow=frozenset({"parent"}), kwargs=_own_child, hide=True),
    "consent:import": Row(allow=LEADERS | {"office"} | OWN_SCHOOL),
    "consent:do_not_post": Row(allow=VIEWERS | OWN_SCHOOL),
    "consent:do_not_post_pdf": Row(allow=VIEWERS | OWN_SCHOOL),
    "consent:staff": Row(allow=STAFF_WORKFORCE | OWN_SCHOOL),
    "consent:own_permission": Row(allow=STAFF_WORKFORCE | OWN_SCHOOL),
    "consent:staff_record": Row(
        allow=LEADERS | {"office", "hr"},
        kwargs=_staff,
        method="post",
        data={"answer": "given", "method": "paper", "given_on": "2025-09-03"},
        ok=(302,),
        hide=True,
    ),
}
