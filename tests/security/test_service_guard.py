"""Every service with an actor asks the permission layer itself.

A service called directly (by a command, another app, a script) by someone
the policy refuses raises `ActionDenied` carrying the decision, whose message
cites the clause, exactly as the page would have refused them. One row per
service family; the view tests cover the pages in front of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from schoolgate.compliance import services as compliance
from schoolgate.consent import services as consent
from schoolgate.consent.models import Answer, Method
from schoolgate.core.exceptions import ActionDenied
from schoolgate.devices.services import trip_phone_sign_out
from schoolgate.devices.tests.factories import DeviceFactory
from schoolgate.moderation import services as moderation
from schoolgate.moderation.tests.factories import held_comment, published_post
from schoolgate.people.tests.factories import PupilFactory, StaffFactory
from schoolgate.photos import services as photos
from schoolgate.policy.services import policy_override_set
from schoolgate.publishing import services as publishing
from schoolgate.publishing.models import Post
from schoolgate.publishing.takedowns import post_take_down
from schoolgate.registers.services import application_decide
from schoolgate.registers.tests.factories import ApplicationFactory
from schoolgate.safeguarding import services as safeguarding
from schoolgate.safeguarding.models import Kind
from schoolgate.safeguarding.tests.factories import make_record, staff_for
from schoolgate.sanctions.services import sanction_create

# (the action the service asks for, the persona refused, the call)
Call = Callable[[Any, Any], Any]


def _draft(personas: Any, author: Any) -> Post:
    return published_post(personas.school, author, slug="draft", status=Post.Status.DRAFT)


def _new_record(personas: Any, kind: str = Kind.CYBERBULLYING) -> Any:
    return safeguarding.NewRecord(
        kind=kind,
        reporter_role="Parent",
        happened_at=timezone.now() - dt.timedelta(hours=1),
        account="Something worrying happened.",
        pupils=[PupilFactory(school=personas.school)],
        staff=[staff_for(personas.teacher, personas.school)],
    )


CASES: dict[str, tuple[str, str, Call]] = {
    "moderation approve": (
        "moderation.approve",
        "parent",
        lambda p, actor: moderation.comment_approve(
            comment=held_comment(p.school, p.head), actor=actor
        ),
    ),
    "compliance training": (
        "compliance.training_record",
        "parent",
        lambda p, actor: compliance.training_session_record(school=p.school, actor=actor),
    ),
    "policy override": (
        "policy.override",
        "teacher",
        lambda p, actor: policy_override_set(
            school=p.school,
            rule="publishing.approval",
            param="head_sees_all",
            value=True,
            reason="test",
            actor=actor,
        ),
    ),
    "publishing send on": (
        "publishing.publish",
        "parent",
        lambda p, actor: publishing.post_submit(post=_draft(p, actor), actor=actor),
    ),
    "publishing take down": (
        "publishing.take_down",
        "teacher",
        lambda p, actor: post_take_down(
            post=published_post(p.school, p.head), reason="wrong photo", actor=actor
        ),
    ),
    "safeguarding record": (
        "safeguarding.record",
        "parent",
        lambda p, actor: safeguarding.record_create(
            school=p.school, data=_new_record(p), actor=actor
        ),
    ),
    "safeguarding adult disclosure": (
        "safeguarding.record_adult_disclosure",
        "teacher",
        lambda p, actor: safeguarding.record_create(
            school=p.school, data=_new_record(p, Kind.ADULT_DISCLOSURE), actor=actor
        ),
    ),
    "safeguarding amend": (
        "safeguarding.view",
        "parent",
        lambda p, actor: safeguarding.record_amend(
            record=make_record(p.school, p.dsl), text="More.", reason="Later.", actor=actor
        ),
    ),
    "consent record": (
        "consent.record",
        "teacher",
        lambda p, actor: consent.consent_record(
            pupil=PupilFactory(school=p.school),
            given=consent.GivenAnswer(
                uses=["social"],
                answer=Answer.GIVEN,
                parent=None,
                method=Method.PAPER,
                given_on=timezone.localdate(),
            ),
            actor=actor,
        ),
    ),
    "consent staff permission": (
        "consent.record_staff",
        "teacher",
        lambda p, actor: consent.staff_photo_permission_record(
            staff=StaffFactory(school=p.school),
            answer=Answer.GIVEN,
            method=Method.PAPER,
            given_on=timezone.localdate(),
            actor=actor,
        ),
    ),
    "photos upload": (
        "photos.compose",
        "parent",
        lambda p, actor: photos.photos_upload(post=_draft(p, p.teacher), files=[], actor=actor),
    ),
    "photos blur": (
        "photos.compose",
        "governor",
        lambda p, actor: photos.faces_blur_without_consent(post=_draft(p, p.teacher), actor=actor),
    ),
    "sanctions": (
        "sanctions.decide_ict_ban",
        "parent",
        lambda p, actor: sanction_create(
            school=p.school,
            kind="ict_ban",
            starts_on=timezone.localdate(),
            reason="test",
            actor=actor,
            pupil=PupilFactory(school=p.school),
        ),
    ),
    "devices trip phone": (
        "devices.trip_phone_sign_out",
        "parent",
        lambda p, actor: trip_phone_sign_out(
            device=DeviceFactory(school=p.school, kind="trip_phone"),
            purpose="Trip",
            expected_back_at=timezone.now() + dt.timedelta(hours=5),
            actor=actor,
        ),
    ),
    "registers application": (
        "registers.decide_application",
        "teacher",
        lambda p, actor: application_decide(
            request=ApplicationFactory(school=p.school),
            approve=True,
            reasons="ok",
            actor=actor,
        ),
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_service_refuses_whom_the_policy_refuses_citing_the_clause(personas, case):
    action, persona, call = CASES[case]
    with pytest.raises(ActionDenied) as refused:
        call(personas, getattr(personas, persona))
    decision = refused.value.decision
    assert decision.action == action
    finding = decision.blocking[0]
    assert finding.source
    assert str(refused.value) == f"{finding.reason} ({finding.source})"
