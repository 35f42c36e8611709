"""The compliance panel on the dashboard, and the trust's view across schools."""

from django.urls import reverse

from schoolgate.compliance.panels import compliance_lines
from schoolgate.compliance.services import policy_version_publish


def test_the_dashboard_shows_the_compliance_panel_to_leaders(personas, sign_in):
    page = sign_in(personas.head).get(reverse("web:dashboard")).content.decode()
    assert "Compliance" in page
    assert "Staff who have not signed the current policy" in page


def test_the_dashboard_hides_the_panel_from_teachers(personas, sign_in):
    page = sign_in(personas.teacher).get(reverse("web:dashboard")).content.decode()
    assert "Staff who have not signed the current policy" not in page


def test_counts_follow_the_records(personas):
    policy_version_publish(school=personas.school, actor=personas.head, note="")
    lines = {line.label: line.value for line in compliance_lines(personas.school)}
    assert lines["Staff who have not signed the current policy"] >= 10
    assert lines["Policy changed since the last approved version"] == 0


def test_every_app_counts_its_line_on_the_dashboard(personas, sign_in):
    # Consent, moderation and safeguarding each plug a count in; each shows a number.
    page = sign_in(personas.head).get(reverse("web:dashboard")).content.decode()
    for label in (
        "Consents expiring in the next 30 days",
        "Comments waiting for a decision",
        "Open safeguarding records",
    ):
        assert label in page
    assert "not available yet" not in page


def test_the_trust_view_lists_each_school_with_counts_only(personas, sign_in):
    page = sign_in(personas.ceo).get(reverse("compliance:trust")).content.decode()
    assert personas.school.name in page
    assert personas.teacher.email not in page


def test_a_later_app_plugs_its_count_in(personas, monkeypatch):
    from schoolgate.compliance import panels

    # Whether or not moderation has plugged its own count in already.
    counts = {k: v for k, v in panels.COUNTS.items() if k != "comments_waiting"}
    monkeypatch.setattr(panels, "COUNTS", counts)
    panels.add_count(
        "comments_waiting",
        "Comments waiting (longest first)",
        lambda schools: {s.pk: 4 for s in schools},
    )
    lines = {line.label: line.value for line in compliance_lines(personas.school)}
    assert lines["Comments waiting (longest first)"] == 4


def test_open_safeguarding_records_are_counted_without_details(personas, sign_in):
    from schoolgate.safeguarding.tests.factories import make_record

    make_record(personas.school, personas.teacher)
    # Counted for those who may open the record (it was routed to the head).
    lines = {line.label: line.value for line in compliance_lines(personas.school, personas.head)}
    assert lines["Open safeguarding records"] == 1
    page = sign_in(personas.head).get(reverse("web:dashboard")).content.decode()
    assert "group chat" not in page


def test_consents_lapsing_within_thirty_days_are_counted(personas):
    # Brize renews consent every year: one given eleven and a half months ago
    # lapses within the month; one given last week does not.
    import datetime as dt

    from django.utils import timezone

    from schoolgate.consent.models import Method
    from schoolgate.consent.services import GivenAnswer, consent_record
    from schoolgate.consent.tests.conftest import make_family

    brize, today = personas.other_school, timezone.localdate()
    for name, days_ago in (("Amara", 350), ("Finn", 7)):
        family = make_family(brize, first_name=name)
        given = GivenAnswer(
            uses=["blog"],
            answer="given",
            parent=family.mother,
            method=Method.PAPER,
            given_on=today - dt.timedelta(days=days_ago),
        )
        consent_record(pupil=family.pupil, given=given, actor=None)
    lines = {line.label: line.value for line in compliance_lines(brize)}
    assert lines["Consents expiring in the next 30 days"] == 1
