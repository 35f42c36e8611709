"""The compliance panel on the dashboard, and the trust's view across schools."""

from django.urls import reverse

from schoolgate.compliance.panels import PLANNED, compliance_lines
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


def test_counts_from_apps_not_yet_counted_say_so(personas):
    lines = {line.label: line.value for line in compliance_lines(personas.school)}
    waiting = [label for label, _ in PLANNED.values() if label in lines]
    assert all(lines[label] is None for label in waiting)


def test_the_trust_view_lists_each_school_with_counts_only(personas, sign_in):
    page = sign_in(personas.ceo).get(reverse("compliance:trust")).content.decode()
    assert personas.school.name in page
    assert personas.teacher.email not in page


def test_a_later_app_plugs_its_count_in(personas, monkeypatch):
    from schoolgate.compliance import panels

    monkeypatch.setattr(panels, "COUNTS", dict(panels.COUNTS))
    panels.add_count("comments_waiting", "Comments waiting (longest first)", lambda s: 4)
    lines = {line.label: line.value for line in compliance_lines(personas.school)}
    assert lines["Comments waiting (longest first)"] == 4
