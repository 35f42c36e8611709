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


class Command(BaseCommand):
    help = (
        "Serve Schoolgate with gunicorn, with a django-tasks database worker and the "
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
        no_scheduler: bool = False,
        **options: Any,
    ) -> None:
        if demo.demo_exists():
            # Written to a file: on the terminal they scroll away under the server's log.
            path = demo.logins_file_write()
            self.stdout.write(f"Demo logins, password and backup codes: {path}")
        self.stdout.write(
            self.style.SUCCESS(f"Schoolgate is at http://{host}:{port}/")
            + "  (Ctrl-C stops the web server, the task worker and the scheduler)"
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
        children = [web, Child("task worker", worker_command())]
        if not no_scheduler:
            children.append(Child("scheduler", scheduler_command()))
        code = Supervisor(children, say=self.stdout.write).run()
        if code:
            raise CommandError("Schoolgate stopped because a process ended.", returncode=code)
