"""The demo trust's policy sign-off, training and registers.

Each school approves version 1 of its policy. Every demo login signs it,
except the supply teacher and the volunteer (so HR's dashboard has someone to
chase, and those logins meet the sign page at first sign-in) and the
contractor, who raises a query for the head to answer. Those who signed had
their social media training this term, so the heads' publishing rights hold.
Each school's register holds an active class account and one waiting for
approval, and Gorsemoor (whmat) a teacher's Appendix 1 declaration for HR.

Rows are made directly, under the demo's single "demo.loaded" audit entry.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from schoolgate.compliance.document import VersionFacts, policy_digest, render_document
from schoolgate.compliance.models import PolicyVersion, SignOff, TrainingSession
from schoolgate.compliance.selectors import staff_users
from schoolgate.people.models import RoleAssignment, School, Trust
from schoolgate.people.roles import Role
from schoolgate.people.selectors import users_with_role
from schoolgate.policy.selectors import school_policy
from schoolgate.registers.models import Declaration, ProfessionalAccount

UNSIGNED = frozenset({Role.SUPPLY, Role.VOLUNTEER})
QUERYING = Role.CONTRACTOR
QUESTION = "Does the policy cover the website's comment box, which I maintain?"


def demo_compliance_load(trust: Trust, *, today: dt.date | None = None) -> None:
    """Give every school of the trust a signed policy, training and registers."""
    today = today or timezone.localdate()
    for school in trust.schools.order_by("slug"):
        head = _holder(school, Role.HEAD)
        if head is None:
            continue
        version = _version(school, head, today)
        signed = _answers(school, version)
        _training(school, head, signed, today)
        _accounts(school, head)
        if school_policy(school).param("registers.declarations", "parent_contact_form"):
            _declaration(school)


def _holder(school: School, role: str) -> Any:
    found = RoleAssignment.objects.filter(school=school, role=role).select_related("user").first()
    return found.user if found else None


def _signatory(school: School, head: Any) -> Any:
    """Return who signs the policy: the holder of the profile's signatory role
    (the chair, a governor, the executive head), so the document's label fits."""
    role = str(school_policy(school).meta.get("signatory_role", ""))
    holder = users_with_role(school, [role]).order_by("pk").first() if role else None
    return holder or head


def _version(school: School, head: Any, today: dt.date) -> PolicyVersion:
    profile = school_policy(school)
    approved_on = today - dt.timedelta(days=30)
    signatory = _signatory(school, head).get_full_name()
    facts = VersionFacts(1, approved_on, signatory, "Adopted in Schoolgate.")
    return PolicyVersion.objects.create(
        school=school,
        number=1,
        approved_on=approved_on,
        signatory=signatory,
        note=facts.note,
        text=render_document(school, profile, facts),
        digest=policy_digest(profile),
        published_by=head,
    )


def _roles_here(school: School) -> dict[int, set[str]]:
    held: dict[int, set[str]] = {}
    rows = RoleAssignment.objects.filter(trust=school.trust_id)
    for row in rows.filter(school__isnull=True) | rows.filter(school=school):
        held.setdefault(row.user_id, set()).add(row.role)
    return held


def _answers(school: School, version: PolicyVersion) -> list[Any]:
    """Sign for most staff; leave a few unsigned and one query; return signers."""
    held, now = _roles_here(school), timezone.now()
    signed, answers = [], []
    for user in staff_users(school):
        roles = held.get(user.pk, set())
        if roles & UNSIGNED:
            continue
        if QUERYING in roles:
            answers.append(
                SignOff(
                    version=version,
                    user=user,
                    status=SignOff.Status.QUERY,
                    question=QUESTION,
                    answered_at=now,
                )
            )
            continue
        answers.append(
            SignOff(version=version, user=user, status=SignOff.Status.SIGNED, answered_at=now)
        )
        signed.append(user)
    SignOff.objects.bulk_create(answers)
    return signed


def _training(school: School, head: Any, attendees: list[Any], today: dt.date) -> None:
    session = TrainingSession.objects.create(
        school=school,
        audience=TrainingSession.Audience.STAFF,
        title="Social media, safeguarding and you",
        held_on=today - dt.timedelta(days=14),
        recorded_by=head,
    )
    session.attendees.set(attendees)


def _accounts(school: School, head: Any) -> None:
    teacher = _holder(school, Role.TEACHER) or head
    now = timezone.now()
    ProfessionalAccount.objects.create(
        school=school,
        platform="x",
        handle=f"@{school.slug}_year6",
        purpose="Class news and photos of Year 6's work for families",
        audience="Year 6 parents and carers",
        status=ProfessionalAccount.Status.ACTIVE,
        requested_by=teacher,
        owner=teacher,
        decided_by=head if teacher != head else _holder(school, Role.DEPUTY_HEAD),
        decided_at=now,
        decision_reason="Private to Year 6 families; the class teacher moderates.",
        set_up_at=now,
    )
    asker = _holder(school, Role.ONLINE_SAFETY) or teacher
    ProfessionalAccount.objects.create(
        school=school,
        platform="instagram",
        handle=f"@{school.slug}_eco_club",
        purpose="Eco club's garden diary",
        audience="Eco club families",
        requested_by=asker,
        owner=asker,
    )


def _declaration(school: School) -> None:
    teacher = _holder(school, Role.TEACHER)
    if teacher is None:
        return
    Declaration.objects.create(
        school=school,
        declarant=teacher,
        kind=Declaration.Kind.PARENT_CONTACT,
        job_title="Class teacher",
        pupil_names="A pupil in Year 8",
        parent_names="A parent who is a personal friend",
        is_friend=True,
        details="We were at university together; we are friends on Facebook.",
        read_policy=True,
        signed_name=teacher.get_full_name(),
    )
