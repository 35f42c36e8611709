"""The staff self-check: the engine's "personal" context, and the private page."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from schoolgate.audit.models import AuditEntry
from schoolgate.checks.names import Person, build_name_matcher
from schoolgate.compliance.selfcheck import CONTEXT, PersonalPost
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.policy.engine import evaluate, load_profile

ROSTER = build_name_matcher([Person("1", "pupil", "Amara", "Bramblecott")])
NAMES = ("Larkspur Primary", "Larkspur")
LONDON = ZoneInfo("Europe/London")
TUESDAY_EVENING = dt.datetime(2025, 11, 18, 19, 30, tzinfo=LONDON)


def _kinds(code, **fields):
    fields.setdefault("posting_at", TUESDAY_EVENING)
    subject = PersonalPost(school_names=NAMES, roster=ROSTER, **fields)
    return [f.kind for f in evaluate(load_profile(code), CONTEXT, subject).findings]


def test_the_school_in_a_handle_goes_against_whmat():
    assert "school_name" in _kinds("whmat", handle="@MissP_Larkspur")


def test_the_school_in_a_bio_is_allowed_by_whmat_but_not_by_jessons():
    assert "school_name" not in _kinds("whmat", profile_text="Teacher at Larkspur Primary")
    assert "school_name" in _kinds("jessons", profile_text="Teacher at Larkspur Primary")


def test_a_pupils_name_is_found_in_the_post():
    assert "pupil_name" in _kinds("shire", post="So proud of Amara today!")


def test_a_trip_location_is_found():
    assert "trip_location" in _kinds(
        "shire", post="Off on our class trip to Cotswold Wildlife Park"
    )


def test_a_complaint_about_a_colleague_is_found():
    kinds = _kinds("shire", post="Mrs Patel was so rude to me in the staff room again")
    assert "complaint" in kinds


def test_a_work_post_without_a_disclaimer_is_found_where_required():
    assert "disclaimer" in _kinds("whmat", post="Great lesson with my class today")
    assert "disclaimer" not in _kinds("whmat", post="Great lesson today. Views are my own.")
    assert "disclaimer" not in _kinds("shire", post="Great lesson with my class today")


@pytest.mark.parametrize(
    ("when", "flagged"),
    [
        (dt.datetime(2025, 11, 18, 10, 0, tzinfo=LONDON), True),  # Tuesday morning, in class
        (dt.datetime(2025, 11, 18, 12, 30, tzinfo=LONDON), False),  # lunch break
        (dt.datetime(2025, 11, 18, 19, 30, tzinfo=LONDON), False),  # evening
        (dt.datetime(2025, 11, 22, 10, 0, tzinfo=LONDON), False),  # Saturday
    ],
)
def test_posting_inside_working_hours_is_flagged(when, flagged):
    assert ("working_hours" in _kinds("shire", post="Hello", posting_at=when)) is flagged


def test_findings_carry_the_rule_and_its_source():
    subject = PersonalPost(
        handle="@larkspur_teach", school_names=NAMES, posting_at=TUESDAY_EVENING
    )
    finding = evaluate(load_profile("whmat"), CONTEXT, subject).findings[0]
    assert finding.rule == "selfcheck.personal_profile"
    assert finding.source == load_profile("whmat").rule("selfcheck.personal_profile").source


def test_the_page_shows_findings_and_stores_and_logs_nothing(personas, sign_in):
    PupilFactory(school=personas.school, first_name="Amara", surname="Bramblecott")
    before = AuditEntry.objects.count()
    response = sign_in(personas.teacher).post(
        reverse("compliance:selfcheck"),
        {
            "handle": "@amara_fan",
            "profile_text": "",
            "post": "Lovely afternoon with Amara Bramblecott",
            "posting_at": "2025-11-18T19:30",
        },
    )
    page = response.content.decode()
    assert "names a pupil (Amara Bramblecott)" in page
    assert 'shire "Staff guidance for personal use"' in page.replace("&quot;", '"')
    assert AuditEntry.objects.count() == before
