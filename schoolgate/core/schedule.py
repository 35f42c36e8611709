"""The timetable of routine work, run by `schoolgate schedule` (and so by `serve`).

Every job is one of Schoolgate's own commands, each safe to repeat: a reminder
goes out at most once a day, a draft lapses once, a leaver's posts come down
once, a fetched comment is stored once. That is what lets the scheduler run
every job once at start-up (catching up on a day the server was off) and lets
several machines each run a scheduler without doing anything twice.

APScheduler keeps the clock; a job that fails is logged and tried again at its
next time, and never stops the others. Each run is recorded (`JobRun`), so the
dashboard can say when a job failed or stopped running at all.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, close_old_connections, connection
from django.db.models import F, Func, Max, Q, Subquery
from django.utils import timezone

from schoolgate.core.models import JobRun

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Job:
    """One command on the timetable: daily at SCHOOLGATE_DAILY_AT, or every N minutes."""

    command: str
    why: str
    args: Sequence[str] = ()
    every_minutes: int | None = None

    @property
    def when(self) -> str:
        if self.every_minutes:
            return f"every {self.every_minutes} min"
        return f"daily at {settings.SCHOOLGATE_DAILY_AT}"

    def trigger(self) -> CronTrigger | IntervalTrigger:
        if self.every_minutes:
            return IntervalTrigger(minutes=self.every_minutes, timezone=settings.TIME_ZONE)
        hour, minute = daily_time()
        return CronTrigger(hour=hour, minute=minute, timezone=settings.TIME_ZONE)


def daily_time() -> tuple[int, int]:
    """Return SCHOOLGATE_DAILY_AT ("HH:MM", school's local time) as hour and minute."""
    return _parse_time(settings.SCHOOLGATE_DAILY_AT)


def _parse_time(value: str) -> tuple[int, int]:
    try:
        parsed = dt.time.fromisoformat(value)
    except ValueError:
        raise ValueError(f"SCHOOLGATE_DAILY_AT must be a time like 06:30, not {value!r}") from None
    return parsed.hour, parsed.minute


def timetable() -> list[Job]:
    """Return the routine jobs, in the order they run at start-up."""
    return [
        Job("lapse_drafts", "warn authors of old drafts; lapse those past the limit"),
        Job("takedown_leavers", "take down posts showing pupils who have left"),
        Job("compliance_reminders", "policy reviews, sign-off and declarations due"),
        Job(
            "safeguarding_reminders",
            "follow-up tasks due by tomorrow or overdue",
            args=("--base-url", settings.SCHOOLGATE_SITE_URL),
        ),
        Job(
            "audit",
            "verify the audit log and anchor its head outside the database",
            args=("anchor",),
        ),
        Job(
            "consent_renewals",
            "ask parents to renew photo consent before it lapses; remind at 7 and 14 days",
            args=("--base-url", settings.SCHOOLGATE_SITE_URL),
        ),
        Job("daily_digests", "each person's notifications they chose to get once a day"),
        Job(
            "weekly_summary",
            "tell the head what staff published without approval last week (once a week)",
        ),
        Job(
            "hourly_digests",
            "each person's notifications they chose to get once an hour",
            every_minutes=60,
        ),
        Job(
            "retention",
            "delete monitoring copies, old evidence, sent copies, unpublished photos and "
            "lapsed consent once their retention period ends",
        ),
        Job(
            "fetch_comments",
            "comments under posts on the social channels, into the queue",
            every_minutes=settings.SCHOOLGATE_FETCH_MINUTES,
        ),
        # Interrupted work: a worker killed mid-send or mid-check leaves it
        # half done; each sweep resumes it by its key, never doing it twice.
        Job(
            "send_outbox",
            "posts and takedowns due on the social channels, and any left half sent",
            every_minutes=sweep_minutes(),
        ),
        Job(
            "photos_resume",
            "photos whose check for faces and metadata was interrupted",
            every_minutes=sweep_minutes(),
        ),
    ]


def sweep_minutes() -> int:
    """Return how often interrupted work is swept up (SCHOOLGATE_SWEEP_MINUTES)."""
    return int(getattr(settings, "SCHOOLGATE_SWEEP_MINUTES", 5))


@dataclass(frozen=True, slots=True)
class StuckWork:
    """Work a stopped worker left half done at a school, that no sweep has resumed."""

    posts: int = 0
    withdrawals: int = 0
    photos: int = 0

    def __bool__(self) -> bool:
        return bool(self.posts or self.withdrawals or self.photos)


def stuck_work(school: Any, now: dt.datetime | None = None) -> StuckWork:
    """Return the school's deliveries, takedown withdrawals and photo checks still stuck.

    Shown on the dashboard: the sweeps run every few minutes, so anything
    counted here means they are not running or keep failing. One query.
    """

    from schoolgate.people.models import School
    from schoolgate.publishing.models import OutboxItem
    from schoolgate.publishing.outbox import STUCK_AFTER, stuck_items

    items = stuck_items(school, now)
    counts: dict[str, Any] = {
        "stuck_posts": _count(items.filter(kind=OutboxItem.Kind.PUBLISH)),
        "stuck_withdrawals": _count(items.filter(kind=OutboxItem.Kind.WITHDRAW)),
    }
    from schoolgate.photos.selectors import stuck_photos

    photos = stuck_photos(now=now, stuck_after=STUCK_AFTER).filter(school_id=school.pk)
    counts["stuck_photos"] = _count(photos)
    found: Mapping[str, Any] = School.objects.filter(pk=school.pk).values(**counts).first() or {}
    return StuckWork(**{k.removeprefix("stuck_"): v or 0 for k, v in found.items()})


def _count(rows: Any) -> Subquery:
    """Return a subquery counting `rows` (no GROUP BY: COUNT over the whole filter)."""
    return Subquery(rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"))


@dataclass
class Outcome:
    """What one run of a job did: its output, or the error that stopped it."""

    job: Job
    ok: bool
    seconds: float
    output: str

    def line(self) -> str:
        status = "done" if self.ok else "FAILED"
        text = " ".join(self.output.split()) or "-"
        return f"{self.job.command}: {status} in {self.seconds:.1f} s: {text}"


@dataclass
class Runner:
    """Run jobs one at a time, reporting each outcome to `say`."""

    say: Callable[[str], None] = print
    outcomes: list[Outcome] = field(default_factory=list)

    def run(self, job: Job) -> Outcome:
        _refresh_connections()
        out, started, began = io.StringIO(), time.monotonic(), timezone.now()
        try:
            call_command(job.command, *job.args, stdout=out, stderr=out)
        except Exception as error:  # noqa: BLE001  one failing job must not stop the rest
            log.exception("Scheduled job %s failed", job.command)
            outcome = Outcome(job, False, time.monotonic() - started, f"{out.getvalue()} {error}")
        else:
            outcome = Outcome(job, True, time.monotonic() - started, out.getvalue())
        _record(outcome, began)
        _refresh_connections()
        self.outcomes.append(outcome)
        self.say(outcome.line())
        return outcome

    def run_all(self, jobs: Sequence[Job]) -> list[Outcome]:
        return [self.run(job) for job in jobs]


#: How long a job's runs are kept in its log.
KEEP_RUNS = dt.timedelta(days=30)
OUTPUT_LIMIT = 2000


def _record(outcome: Outcome, began: dt.datetime) -> None:
    """Log the run for the dashboard, dropping runs past KEEP_RUNS; never raise."""
    try:
        JobRun.objects.create(
            command=outcome.job.command,
            started_at=began,
            finished_at=timezone.now(),
            ok=outcome.ok,
            output=" ".join(outcome.output.split())[:OUTPUT_LIMIT],
        )
        JobRun.objects.filter(started_at__lt=began - KEEP_RUNS).delete()
    except DatabaseError:
        log.exception("Could not record the run of %s", outcome.job.command)


@dataclass(frozen=True, slots=True)
class JobState:
    """What the dashboard says of one routine job."""

    job: Job
    last: JobRun | None
    late: bool

    @property
    def failed(self) -> bool:
        return self.last is not None and not self.last.ok

    @property
    def healthy(self) -> bool:
        return self.last is not None and not self.failed and not self.late


def job_states(now: dt.datetime | None = None) -> list[JobState]:
    """Return each routine job's latest run, and whether it is overdue.

    A daily job is late when it has not run for 26 hours; a frequent one when
    it has missed three of its turns.
    """
    now = now or timezone.now()
    jobs = timetable()
    latest = _latest_runs([job.command for job in jobs])
    states = []
    for job in jobs:
        last = latest.get(job.command)
        allowed = (
            dt.timedelta(minutes=3 * job.every_minutes + 10)
            if job.every_minutes
            else dt.timedelta(hours=26)
        )
        late = last is None or now - last.started_at > allowed
        states.append(JobState(job, last, late))
    return states


def _latest_runs(commands: list[str]) -> dict[str, JobRun]:
    """Return each command's latest run, in two queries however many jobs there are."""
    newest = (
        JobRun.objects.filter(command__in=commands)
        .values("command")
        .annotate(at=Max("started_at"))
        .order_by()
    )
    wanted = Q(pk__in=[])
    for row in newest:
        wanted |= Q(command=row["command"], started_at=row["at"])
    runs: dict[str, JobRun] = {}
    for run in JobRun.objects.filter(wanted).order_by("pk"):
        runs[run.command] = run  # two runs started at the same instant: the later row
    return runs


def _refresh_connections() -> None:
    """Drop a dead or old database connection, as Django does around each request.

    Skipped inside a transaction (a caller's, or a test's), which closing
    the connection would break.
    """
    if not connection.in_atomic_block:
        close_old_connections()


def serve_forever(jobs: Sequence[Job], runner: Runner) -> None:
    """Run every job now, then each at its time, until the process is stopped."""
    runner.run_all(jobs)
    scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
    for job in jobs:
        # coalesce: a run missed while the machine slept happens once, not many times.
        scheduler.add_job(
            runner.run,
            job.trigger(),
            args=[job],
            id=job.command,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=3600,
        )
    scheduler.start()
