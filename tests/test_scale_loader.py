"""The scale benchmark's bulk loader, at a tiny size: what it adds is real.

The benchmark grows a trust to 300 schools with `benchmarks.scale_loader`;
the figures mean something only if the rows it writes are those the pages
read, and its audit entries continue the hash chain that `audit verify`
checks.
"""

from __future__ import annotations

import pytest

from benchmarks.scale_loader import grow_trust
from schoolgate.audit.services import audit_log, audit_verify
from schoolgate.consent.models import PhotoConsent
from schoolgate.people.models import Parent, Pupil, RoleAssignment, School

pytestmark = pytest.mark.django_db


def test_it_grows_a_trust_and_continues_the_audit_chain(personas):
    audit_log(event="record.viewed", actor=personas.dsl, school=personas.school)
    trust = personas.school.trust
    grown = grow_trust(
        trust, schools=3, pupils=40, audit=120, big_school=personas.school, big_size=10
    )
    assert School.objects.filter(trust=trust).count() == 4
    assert Pupil.objects.filter(school=personas.school).count() == 10
    assert Pupil.objects.filter(school__trust=trust).count() == 40 == grown.pupils
    assert Parent.objects.filter(school__trust=trust).count() == 40
    assert PhotoConsent.objects.filter(school__trust=trust).count() == grown.consents >= 80
    assert RoleAssignment.objects.filter(school__trust=trust, role="head").count() == 1 + 3
    result = audit_verify()
    assert (result.ok, result.checked) == (True, 121)
    # The chain goes on from the loader's last entry.
    audit_log(event="record.viewed", actor=personas.dsl, school=personas.school)
    assert audit_verify().checked == 122
