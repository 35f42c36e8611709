"""`schoolgate demo`: load the demo trust and print its logins."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schoolgate.demo.load import demo_load
from schoolgate.people import demo
from schoolgate.people.models import School


class Command(BaseCommand):
    help = (
        "Load the demo trust (five fictional schools, their staff, pupils and parents, "
        "a login for every role) into an empty database, and print the logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load nothing, without an error, if any school exists; print a summary "
            "and where the logins are written (var/demo-logins.txt), not the logins "
            "themselves (as `make run` does).",
        )
        parser.add_argument(
            "--logins",
            action="store_true",
            help="Print the demo logins with an unused backup code each, issuing fresh "
            "codes to any login that has used all of its own, and write them to "
            "var/demo-logins.txt. Loads nothing.",
        )

    def handle(self, *args: Any, if_empty: bool, logins: bool, **options: Any) -> None:
        if logins:
            self._print_logins()
            return
        if if_empty and School.objects.exists():
            self.stdout.write("Schools exist already: the demo trust was not loaded.")
            return
        try:
            summary = demo_load()
        except demo.DemoError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {demo.TRUST_NAME}: {summary.schools} schools, {summary.staff} staff, "
                f"{summary.pupils} pupils (and {summary.former_pupils} former), "
                f"{summary.parents} parents, {summary.logins} logins."
            )
        )
        if if_empty:
            self.stdout.write(f"Demo logins and backup codes: {demo.logins_file_write()}")
        else:
            self._print_logins()

    def _print_logins(self) -> None:
        if not demo.demo_exists():
            raise CommandError("There is no demo trust here: run `schoolgate demo` first.")
        path = demo.logins_file_write()
        self.stdout.write(path.read_text() + f"\nThese logins are kept in {path}")
