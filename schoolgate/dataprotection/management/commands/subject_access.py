"""Write everything held about one person to a ZIP (a subject-access request)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schoolgate.dataprotection import selectors, services, subject_access
from schoolgate.dataprotection.models import PersonKind
from schoolgate.people.models import School


class Command(BaseCommand):
    help = (
        "Write one ZIP with everything the school holds about a pupil, a parent or a "
        "member of staff: one CSV per kind of data and a PDF summary. Safeguarding "
        "records are counted for the DSL to review, never exported. The export is audited."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help="The school's slug.")
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--pupil", metavar="MIS_ID", help="A pupil, by MIS id.")
        who.add_argument("--parent", metavar="EMAIL", help="A parent or carer, by email.")
        who.add_argument("--staff", metavar="EMAIL", help="A member of staff, by school email.")
        parser.add_argument("out", metavar="OUT.zip", help="Where to write the archive.")

    def handle(self, *args: Any, **options: Any) -> None:
        school = School.objects.filter(slug=options["school"]).first()
        if school is None:
            raise CommandError(f"No school {options['school']!r}.")
        if options["pupil"]:
            kind = PersonKind.PUPIL
            person = selectors.find_person(school, kind, mis_id=options["pupil"])
        else:
            kind = PersonKind.PARENT if options["parent"] else PersonKind.STAFF
            email = options["parent"] or options["staff"]
            person = selectors.find_person(school, kind, email=email)
        if person is None:
            raise CommandError(f"No such {kind.label.lower()} at {school.slug}.")
        data = services.subject_access_export(school=school, kind=kind, person=person, actor=None)
        Path(options["out"]).write_bytes(data)
        self.stdout.write(f"Wrote everything held about {person} to {options['out']}.")
        held = subject_access.safeguarding_count(kind, person)
        if held:
            self.stdout.write(
                f"{held} safeguarding record(s) name them: not exported; the DSL reviews them."
            )
