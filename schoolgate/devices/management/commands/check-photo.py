"""`schoolgate check-photo --school SLUG [--json] FILE...`: check against the register.

Without --school the `schoolgate` command runs check-photo with no Django at
all; with it, the school's device register is loaded here and the same check
runs, printing the same JSON.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schoolgate.checks.photos.cli import BAD_INPUT, check_photo_main
from schoolgate.devices.selectors import device_register
from schoolgate.people.models import School


class Command(BaseCommand):
    help = "Report photos' faces, metadata and camera, matched to a school's device register."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help="The school's slug.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object per file.")
        parser.add_argument("files", nargs="+", metavar="FILE", help="JPEG, PNG or HEIC photos.")

    def handle(self, *args: Any, **options: Any) -> None:
        school = School.objects.filter(slug=options["school"]).first()
        if school is None:
            raise CommandError(f"No school with the slug {options['school']!r}.", returncode=3)
        # check_photo_main prints whole lines itself.
        self.stdout.ending = self.stderr.ending = ""
        argv = (["--json"] if options["json"] else []) + list(options["files"])
        status = check_photo_main(
            argv, device_register=device_register(school), stdout=self.stdout, stderr=self.stderr
        )
        if status:
            sys.exit(status if status == BAD_INPUT else 1)
