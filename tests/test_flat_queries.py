"""Pages that list or count things read as many queries for 20 of everything
as for 2: schools in the trust, pupils, parents, staff, consent answers,
posts, comments, safeguarding records, training and audit entries.

A page whose queries grow with the rows it shows (one more per pupil, per
school...) is slow at a trust of 300 schools long before a test notices the
time; the query count notices at once.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

# The pages of the access matrix that list or count things, without arguments.
LIST_PAGES = [
    "web:dashboard",
    "compliance:versions",
    "compliance:signoffs",
    "compliance:training",
    "compliance:trust",
    "consent:register",
    "consent:renewals",
    "consent:do_not_post",
    "consent:staff",
    "people:pupils",
    "people:parents",
    "people:staff",
    "publishing:posts",
    "publishing:takedowns",
    "moderation:queue",
    "safeguarding:records",
    "safeguarding:tasks",
    "audit:log",
    "registers:accounts",
    "registers:trust_accounts",
    "sanctions:list",
    "devices:list",
    "policy:ours",
    "publishing:press",
    "dataprotection:requests",
    "registers:event_photos",
]
PERSONAS = ["head", "dsl", "office", "ceo", "dpo"]


def _fill(personas, n: int) -> None:  # type: ignore[no-untyped-def]
    """Add n of everything to the personas' school and trust."""
    from schoolgate.audit.services import audit_log
    from schoolgate.compliance.models import TrainingSession
    from schoolgate.compliance.tests.factories import SignOffFactory, TrainingSessionFactory
    from schoolgate.consent.models import Answer
    from schoolgate.consent.tests.factories import PhotoConsentFactory
    from schoolgate.dataprotection.services import subject_access_record
    from schoolgate.moderation.tests.factories import held_comment, make_comment, published_post
    from schoolgate.people.tests.factories import (
        ParentLinkFactory,
        PupilFactory,
        RoleFactory,
        SchoolFactory,
        StaffFactory,
    )
    from schoolgate.publishing.press import press_enquiry_record
    from schoolgate.registers.records import EventPhotoAgreement
    from schoolgate.safeguarding.services import task_add
    from schoolgate.safeguarding.tests.factories import make_record

    school, today = personas.school, timezone.localdate()
    start = school.pupils.count()
    for k in range(start, start + n):
        # The first two already bring every kind of count (lapsing consent,
        # class and parents' sessions); more only bring more of them.
        SchoolFactory(trust=school.trust, profile=["stpeters", "brize", "shire"][k % 3])
        pupil = PupilFactory(school=school, class_name=f"{k % 4}A")
        parent = ParentLinkFactory(pupil=pupil, parent__school=school).parent
        answer = [Answer.GIVEN, Answer.REFUSED, Answer.WITHDRAWN][k % 3]
        given = today - dt.timedelta(days=[340, 400, 30][k % 3])
        PhotoConsentFactory(pupil=pupil, parent=parent, answer=answer, given_on=given)
        PhotoConsentFactory(pupil=pupil, parent=parent, use="social", given_on=given)
        staff = StaffFactory(school=school)
        user = RoleFactory(school=school, role="teacher").user
        staff.user = user
        staff.save(update_fields=["user"])
        if personas.version is not None and k % 2:
            SignOffFactory(version=personas.version, user=user)
        session = TrainingSessionFactory(school=school, held_on=today - dt.timedelta(days=k))
        session.attendees.add(user)
        TrainingSessionFactory(
            school=school, audience=TrainingSession.Audience.PUPILS, class_name=f"{k % 4}A"
        )
        post = published_post(school, personas.teacher, slug=f"flat-{k}")
        make_comment(post, name=f"Parent {k}")
        held_comment(school, personas.teacher)
        record = make_record(school, personas.teacher, pupils=[pupil])
        task_add(
            record=record,
            title="Call home",
            due_on=today,
            assignee=personas.dsl,
            actor=personas.dsl,
        )
        audit_log(event="record.viewed", actor=personas.dsl, school=school)
        press_enquiry_record(
            school=school, asked_by=f"Reporter {k}", outlet="The Gazette",
            received_on=today, question="A comment on the new building?", actor=personas.teacher,
        )  # fmt: skip
        subject_access_record(
            school=school, kind="pupil", person=pupil, requested_by="A parent",
            received_on=today, actor=personas.dpo,
        )  # fmt: skip
        EventPhotoAgreement.objects.create(
            school=school, recorded_by=personas.office, event=f"Concert {k}", held_on=today,
            terms="Own child only.",
        )  # fmt: skip


def _counts(clients) -> dict[tuple[str, str], int]:  # type: ignore[no-untyped-def]
    counts = {}
    for persona, client in clients.items():
        for name in LIST_PAGES:
            url = reverse(name)
            if client.get(url).status_code != 200:  # warms the caches a first page fills
                continue
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[(persona, name)] = len(queries)
    return counts


@pytest.fixture
def clients(personas):  # type: ignore[no-untyped-def]
    from django.test import Client

    from conftest import signed_in
    from schoolgate.compliance.tests.factories import PolicyVersionFactory, SignOffFactory
    from schoolgate.people.tests.factories import UserFactory
    from schoolgate.policy.models import ParameterOverride

    # Consent that lapses, so the renewal counts have something to count.
    ParameterOverride.objects.create(
        school=personas.school,
        rule="consent.photo",
        param="expiry_months",
        value=12,
        reason="test",
        set_by=UserFactory(),
    )
    version = PolicyVersionFactory(school=personas.school)
    for persona in PERSONAS:  # signed, so nobody is sent to sign first
        SignOffFactory(version=version, user=getattr(personas, persona))
    personas.users["version"] = version
    return {
        p: signed_in(Client(raise_request_exception=False), getattr(personas, p)) for p in PERSONAS
    }


def test_list_pages_read_as_many_queries_for_20_of_everything_as_for_2(personas, clients):
    _fill(personas, 2)
    few = _counts(clients)
    _fill(personas, 18)
    many = _counts(clients)
    assert len(few) > 40  # the personas opened most of the pages
    assert {page for _, page in few} == set(LIST_PAGES)  # and someone opened each
    grown = {page: (few[page], many[page]) for page in few if many.get(page) != few[page]}
    assert not grown, grown
