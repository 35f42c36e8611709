"""`schoolgate audit verify|anchor`: check that nobody has rewritten the audit trail."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schoolgate.audit.services import audit_anchor, audit_verify, extra_problems


class Command(BaseCommand):
    help = (
        "Work with the audit trail. `verify` checks every entry's keyed hash chain "
        "against the heads anchored outside the database; `anchor` records the head."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser(
            "verify",
            help="Check the hash chain from the first entry to the last; exit 1 and "
            "name the first bad entry if any entry was changed, removed or added out of "
            "turn, or if an anchored head is missing. Anchors the head when all is well.",
        )
        actions.add_parser(
            "anchor",
            help="Append the chain's head to SCHOOLGATE_AUDIT_ANCHOR_FILE (and email it to "
            "SCHOOLGATE_AUDIT_ANCHOR_EMAIL); `schoolgate schedule` runs it daily.",
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        result = audit_verify()
        if not result.ok:
            raise CommandError(
                f"The audit trail is broken at entry #{result.first_bad_seq}: {result.problem}. "
                f"The {result.checked} entries before it verified.",
                returncode=1,
            )
        if action == "anchor":
            anchor = audit_anchor(reason="daily", verified=result)
            self.stdout.write(f"Anchored the audit log at entry #{anchor.seq}.")
            return
        problems = extra_problems()
        if problems:
            raise CommandError("Hashed files do not verify:\n" + "\n".join(problems), returncode=1)
        audit_anchor(reason="verify", verified=result)
        noun = "entry" if result.checked == 1 else "entries"
        self.stdout.write(self.style.SUCCESS(f"{result.checked} {noun} verified."))
