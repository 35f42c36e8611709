"""`schoolgate schedule`: the routine jobs run without anyone setting up cron."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from schoolgate.core import schedule
from schoolgate.core.models import JobRun
from schoolgate.publishing.models import Post


def test_once_runs_every_routine_job_so_an_old_draft_lapses_and_its_author_is_told(
    make_post, personas, django_capture_on_commit_callbacks, capsys
):
    post = make_post()
    Post.objects.filter(pk=post.pk).update(updated_at=timezone.now() - timedelta(days=15))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("schedule", "--once")

    assert Post.objects.get(pk=post.pk).status == Post.Status.EXPIRED
    assert [m.to for m in mail.outbox if "lapsed" in m.subject] == [[personas.teacher.email]]
    out = capsys.readouterr().out
    for job in schedule.timetable():
        assert f"{job.command}: done" in out


def test_running_it_again_the_same_day_sends_nothing_twice(
    make_post, django_capture_on_commit_callbacks
):
    post = make_post()
    Post.objects.filter(pk=post.pk).update(updated_at=timezone.now() - timedelta(days=15))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("schedule", "--once")
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("schedule", "--once")
    assert len(mail.outbox) == sent


@pytest.mark.django_db
def test_a_failing_job_is_reported_and_the_others_still_run(capsys):
    broken = schedule.Job("no_such_command", "a job whose command is not installed")
    runner = schedule.Runner()
    outcomes = runner.run_all([broken, *schedule.timetable()])
    assert [o.ok for o in outcomes] == [False] + [True] * len(schedule.timetable())
    assert "no_such_command: FAILED" in capsys.readouterr().out
    failed = JobRun.objects.get(command="no_such_command")
    assert not failed.ok and "no_such_command" in failed.output


@pytest.mark.django_db
def test_the_timetable_says_when_each_job_runs(settings, capsys):
    settings.SCHOOLGATE_DAILY_AT = "07:15"
    settings.SCHOOLGATE_FETCH_MINUTES = 5
    call_command("schedule", "--list")
    lines = capsys.readouterr().out.splitlines()
    assert any(
        line.startswith("compliance_reminders") and "daily at 07:15" in line for line in lines
    )
    assert any(line.startswith("fetch_comments") and "every 5 min" in line for line in lines)


def test_a_daily_time_that_is_not_a_time_is_refused_with_the_setting_named(settings):
    settings.SCHOOLGATE_DAILY_AT = "half six"
    with pytest.raises(CommandError, match="SCHOOLGATE_DAILY_AT must be a time like 06:30"):
        call_command("schedule", "--once")
