"""Who sees which record: the routing and visibility matrix (C7.3, C7.8).

Each case states persona x record -> sees it, or gets the same 404 as for a
record that does not exist. The list (`visible_records`) must agree with the
detail check (`access_record_for`) for every case.
"""

from __future__ import annotations

import pytest
from django.http import Http404

from schoolgate.safeguarding.models import Kind
from schoolgate.safeguarding.selectors import access_record_for, visible_records
from schoolgate.safeguarding.tests.factories import make_record, staff_for

EVERYONE = (
    "head", "deputy", "dsl", "teacher", "office", "hr", "ict", "dpo",
    "governor", "parent", "ceo", "chair", "exec_head", "outsider",
)  # fmt: skip


def _pupil_cyberbullying(p):  # type: ignore[no-untyped-def]
    return make_record(p.school, p.office)


def _about(persona: str, kind: str = Kind.STAFF_CONCERN):  # type: ignore[no-untyped-def]
    def build(p):  # type: ignore[no-untyped-def]
        subject = staff_for(p.users[persona], p.school)
        return make_record(p.school, p.deputy, kind=kind, staff=[subject])

    return build


# (case, builder, personas who see it); everyone else gets 404.
CASES = [
    # Shire: pupil concerns to the DSL; cyberbullying to the head; the writer sees theirs.
    ("pupil cyberbullying, written by office", _pupil_cyberbullying, {"dsl", "head", "office"}),
    # Staff concerns go to the head and executive head; never to their subject.
    ("concern about a class teacher", _about("teacher"), {"head", "exec_head", "deputy"}),
    ("concern about the DSL", _about("dsl"), {"head", "exec_head", "deputy"}),
    # About the head: the executive head and the chair, not the head.
    ("concern about the head", _about("head"), {"exec_head", "chair", "deputy"}),
    # About the executive principal: the chair alone (and the writer).
    ("concern about the executive head", _about("exec_head"), {"chair", "deputy"}),
    (
        "LADO disclosure about a teacher",
        _about("teacher", Kind.ADULT_DISCLOSURE),
        {"head", "exec_head", "deputy"},
    ),
]
MATRIX = [(case, build, who, persona) for case, build, who in CASES for persona in EVERYONE]


@pytest.mark.parametrize(("case", "build", "who", "persona"), MATRIX)
def test_visibility_matrix(personas, case, build, who, persona):
    if case == "LADO disclosure about a teacher":
        # Shire lets the head record these; the deputy writes the others.
        from schoolgate.people.tests.factories import RoleFactory

        RoleFactory(user=personas.deputy, school=personas.school, role="head")
    record = build(personas)
    user = personas.users[persona]
    listed = record in visible_records(user, personas.school)
    if persona in who:
        assert access_record_for(user, record.pk) == record
        assert listed
    else:
        with pytest.raises(Http404) as refused:
            access_record_for(user, record.pk)
        assert str(refused.value) == "No such record."
        assert not listed


def test_a_missing_record_answers_exactly_as_a_forbidden_one(personas):
    record = make_record(personas.school, personas.office)
    with pytest.raises(Http404) as forbidden:
        access_record_for(personas.teacher, record.pk)
    with pytest.raises(Http404) as missing:
        access_record_for(personas.teacher, record.pk + 1000)
    assert str(forbidden.value) == str(missing.value)


def test_the_subject_never_sees_a_record_even_one_they_wrote_or_are_routed_to(personas):
    head_as_staff = staff_for(personas.head, personas.school)
    record = make_record(
        personas.school, personas.head, kind=Kind.STAFF_CONCERN, staff=[head_as_staff]
    )
    with pytest.raises(Http404):
        access_record_for(personas.head, record.pk)
    assert not visible_records(personas.head, personas.school).exists()


def test_the_writer_may_view_and_amend_but_not_take_steps_or_close(personas):
    record = make_record(personas.school, personas.teacher)
    assert access_record_for(personas.teacher, record.pk, action="amend") == record
    for action in ("step", "close"):
        with pytest.raises(Http404):
            access_record_for(personas.teacher, record.pk, action=action)


def test_a_record_at_another_school_is_hidden_from_its_roles_here(personas):
    record = make_record(personas.other_school, personas.outsider)
    with pytest.raises(Http404):
        access_record_for(personas.dsl, record.pk)
    assert not visible_records(personas.dsl, personas.school).exists()


def test_the_list_reads_in_a_fixed_number_of_queries(personas, django_assert_max_num_queries):
    for _ in range(5):
        make_record(personas.school, personas.office)
    with django_assert_max_num_queries(3):
        assert len(list(visible_records(personas.dsl, personas.school))) == 5
