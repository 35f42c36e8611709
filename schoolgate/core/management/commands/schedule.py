"""`schoolgate schedule`: run the routine jobs now and then at their times."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schoolgate.core import schedule


class Command(BaseCommand):
    help = (
        "Run Schoolgate's routine jobs (reminders, lapsing drafts, leavers' takedowns, "
        "fetching social comments): each once now, then at its time, until stopped. "
        "`schoolgate serve` runs this beside the web server. Every job is safe to repeat, "
        "so several machines may each run it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Run every job once, then stop (for cron)."
        )
        parser.add_argument("--list", action="store_true", help="Print the timetable and stop.")

    def handle(self, *args: Any, once: bool, list: bool, **options: Any) -> None:
        try:
            schedule.daily_time()
        except ValueError as error:
            raise CommandError(str(error)) from None
        jobs = schedule.timetable()
        if list:
            for job in jobs:
                self.stdout.write(f"{job.command:<24}{job.when:<20}{job.why}")
            return
        runner = schedule.Runner(say=self._say)
        if once:
            failed = [o for o in runner.run_all(jobs) if not o.ok]
            if failed:
                names = ", ".join(o.job.command for o in failed)
                raise CommandError(f"{len(failed)} job(s) failed: {names}")
            return
        schedule.serve_forever(jobs, runner)

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
