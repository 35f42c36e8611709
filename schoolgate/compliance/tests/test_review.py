"""Review dates per profile, and the reviewers' reminder that is sent once."""

import datetime as dt

from django.core import mail

from schoolgate.compliance.models import Reminder
from schoolgate.compliance.selectors import review_due_on
from schoolgate.compliance.services import review_reminder_send
from schoolgate.compliance.tasks import compliance_reminders_task
from schoolgate.compliance.tests.factories import PolicyVersionFactory
from schoolgate.people.tests.factories import RoleFactory, SchoolFactory


def test_a_fixed_date_review_uses_the_date_the_policy_names(db):
    assert review_due_on(SchoolFactory(profile="stpeters")) == dt.date(2025, 7, 1)


def test_an_interval_review_runs_from_the_latest_approval(db):
    school = SchoolFactory(profile="whmat")
    assert review_due_on(school) == dt.date(2020, 10, 18)  # 24 months from 18 Oct 2018
    version = PolicyVersionFactory(school=school, approved_on=dt.date(2025, 3, 1))
    assert review_due_on(school, version) == dt.date(2027, 3, 1)


def test_a_named_date_before_the_latest_approval_gives_way_to_the_interval(db):
    school = SchoolFactory(profile="shire")
    version = PolicyVersionFactory(school=school, approved_on=dt.date(2024, 1, 10))
    assert review_due_on(school, version) == dt.date(2026, 1, 10)


def test_the_reviewers_are_reminded_once_per_review_date(
    personas, django_capture_on_commit_callbacks
):
    PolicyVersionFactory(
        school=personas.school, approved_on=dt.date(2024, 1, 10), published_by=personas.head
    )
    shortly_before = dt.date(2026, 1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        first = review_reminder_send(school=personas.school, today=shortly_before)
        second = review_reminder_send(school=personas.school, today=shortly_before)
    assert (first, second) == (True, False)
    # shire: the executive head and the chair review.
    assert sorted(m.to for m in mail.outbox) == sorted(
        [[personas.exec_head.email], [personas.chair.email]]
    )
    assert Reminder.objects.filter(kind="review").count() == 1


def test_no_reminder_before_the_notice_period(personas):
    PolicyVersionFactory(school=personas.school, approved_on=dt.date(2024, 1, 10))
    assert review_reminder_send(school=personas.school, today=dt.date(2025, 6, 1)) is False


def test_the_daily_task_runs_for_every_school_and_is_safe_to_repeat(personas):
    RoleFactory(school=personas.other_school, role="head")
    first = compliance_reminders_task.enqueue().return_value
    second = compliance_reminders_task.enqueue().return_value
    assert first["reviews"] >= 1  # both schools' profile review dates are long past
    assert second == {"reviews": 0, "signoffs": 0, "declarations": 0}


def test_the_command_queues_the_reminders(personas, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("compliance_reminders", stdout=out)
    assert "Queued compliance reminders" in out.getvalue()
    assert Reminder.objects.filter(kind="review", school=personas.school).exists()
