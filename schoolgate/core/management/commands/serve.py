"""`schoolgate serve`: the production web server, a task worker and the scheduler."""

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from schoolgate.core.supervisor import (
    Child,
    Supervisor,
    scheduler_command,
    web_command,
    worker_command,
)
from schoolgate.people import demo

#: Where the server listens by default; SCHOOLGATE_SITE_URL's default matches it.
HOST, PORT = "127.0.0.1", 8000
WILDCARDS = ("0.0.0.0", "::", "")  # noqa: S104  (names, not a bind)
#: Task workers by default: a photo is checked on one core (see
#: checks/photos/faces.py), so two workers use both cores of a small server
#: for a batch of uploads (issue 19: 30 photos checked within 20 s).
TASK_WORKERS = 2
ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


def _worker_names(count: int) -> list[str]:
    """Return "task worker", "second task worker" ... for `count` workers (at least one)."""
    extra = [
        f"{ORDINALS[i] if i < len(ORDINALS) else f'{i + 2}th'} task worker"
        for i in range(count - 1)
    ]
    return ["task worker", *extra]


class Command(BaseCommand):
    help = (
        "Serve Schoolgate with gunicorn, with django-tasks database workers and the "
        "routine-jobs scheduler (`schoolgate schedule`) beside it. Ctrl-C stops all three; "
        "if one stops by itself, the others are stopped too."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=HOST, help="Address to listen on.")
        parser.add_argument("--port", type=int, default=PORT, help="Port to listen on.")
        parser.add_argument(
            "--workers", type=int, default=2, help="Web server processes (default 2)."
        )
        parser.add_argument(
            "--threads", type=int, default=4, help="Threads in each web process (default 4)."
        )
        parser.add_argument(
            "--task-workers",
            type=int,
            default=TASK_WORKERS,
            help=f"Task worker processes (default {TASK_WORKERS}): each checks one photo at a "
            "time, so a batch of photos is checked this many at once.",
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Leave routine jobs to another machine's scheduler or to cron.",
        )

    def handle(
        self,
        *args: Any,
        host: str,
        port: int,
        workers: int,
        threads: int,
        task_workers: int = 1,
        no_scheduler: bool = False,
        **options: Any,
    ) -> None:
        if demo.demo_exists():
            # Written to a file: on the terminal they scroll away under the server's log.
            path = demo.logins_file_write()
            self.stdout.write(f"Demo logins, password and backup codes: {path}")
        self.stdout.write(
            self.style.SUCCESS(f"Schoolgate is at http://{host}:{port}/")
            + "  (Ctrl-C stops the web server, the task workers and the scheduler)"
        )
        # Photos a stopped worker left half checked; no worker runs yet.
        call_command("photos_resume", "--all", stdout=self.stdout)
        self.stdout.flush()
        if "SCHOOLGATE_SITE_URL" not in os.environ and host not in WILDCARDS:
            # Links in emails then open the address the browser is signed in at.
            os.environ["SCHOOLGATE_SITE_URL"] = f"http://{host}:{port}"
        # The children open their own connections; none is shared across fork.
        connections.close_all()
        web = Child(
            "web server", web_command(host=host, port=port, workers=workers, threads=threads)
        )
        children = [web, *(Child(name, worker_command()) for name in _worker_names(task_workers))]
        if not no_scheduler:
            children.append(Child("scheduler", scheduler_command()))
        code = Supervisor(children, say=self.stdout.write).run()
        if code:
            raise CommandError("Schoolgate stopped because a process ended.", returncode=code)
