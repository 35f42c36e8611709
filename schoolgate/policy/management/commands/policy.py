"""`schoolgate policy list | show PROFILE | diff A B`: read the built-in profiles."""

from __future__ import annotations

import textwrap
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from schoolgate.policy.catalogue import AREAS, area_of
from schoolgate.policy.engine import PROFILE_CODES, PolicyError, Profile, load_profile
from schoolgate.policy.selectors import (
    Difference,
    display_value,
    profile_diff,
    profile_summaries,
    rules_by_area,
)

INDENT = " " * 8
META_SHOWN = (
    "name",
    "approved_on",
    "approved_by",
    "signatory_role",
    "review",
    "related_policies",
    "legislation",
)


class Command(BaseCommand):
    help = "List, show and compare the built-in policy profiles."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True, metavar="list|show|diff")
        sub.add_parser("list", help="One line per profile: code, school, version, rules.")
        show = sub.add_parser("show", help="Every rule of a profile, grouped by area.")
        show.add_argument("profile", help=f"One of {', '.join(PROFILE_CODES)}.")
        diff = sub.add_parser("diff", help="Only the real differences between two profiles.")
        diff.add_argument("a", help="The first profile.")
        diff.add_argument("b", help="The second profile.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sub"] == "list":
            self._list()
        elif options["sub"] == "show":
            self._show(_load(options["profile"]))
        else:
            self._diff(_load(options["a"]), _load(options["b"]))

    def _list(self) -> None:
        self.stdout.write(f"{'code':<10} {'version':<9} {'rules on':<9} school")
        for s in profile_summaries():
            on = f"{s.enabled}/{s.rules}"
            self.stdout.write(f"{s.code:<10} {s.version:<9} {on:<9} {s.school}")

    def _show(self, profile: Profile) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(_heading(profile)))
        for key in META_SHOWN:
            if profile.meta.get(key) not in (None, "", []):
                self.stdout.write(f"  {key.replace('_', ' ')}: {display_value(profile.meta[key])}")
        for area in rules_by_area(profile):
            self.stdout.write(self.style.MIGRATE_HEADING(f"\n{area.code} {area.title}"))
            for rule in area.rules:
                state = "on " if rule.enabled else "off"
                self.stdout.write(f"  [{state}] {rule.id} ({', '.join(rule.catalogue)})")
                self.stdout.write(
                    textwrap.fill(
                        rule.summary, 79, initial_indent=INDENT, subsequent_indent=INDENT
                    )
                )
                for param in rule.params:
                    self.stdout.write(f"        {param.name} = {param.shown}")
                self.stdout.write(f"        source: {rule.source}")

    def _diff(self, a: Profile, b: Profile) -> None:
        differences = profile_diff(a, b)
        self.stdout.write(
            self.style.MIGRATE_HEADING(
                f"{a.code} ({a.school}) and {b.code} ({b.school}): "
                f"{len(differences)} difference{'s' if len(differences) != 1 else ''}"
            )
        )
        area = rule = ""
        for difference in differences:
            row_area = area_of(_first_row(difference))
            if row_area != area:
                area = row_area
                self.stdout.write(self.style.MIGRATE_HEADING(f"\n{area} {AREAS[area]}"))
            if difference.rule != rule:
                rule = difference.rule
                self.stdout.write(f"  {difference.title} ({rule})")
            self._difference(a.code, b.code, difference)

    def _difference(self, a: str, b: str, d: Difference) -> None:
        what = "rule switched on or off" if d.param == "enabled" else f"{d.param}: {d.help}"
        width = max(len(a), len(b))
        self.stdout.write(f"    {what}")
        self.stdout.write(f"      {a:<{width}}  {d.shown_a:<24}  [{d.source_a}]")
        self.stdout.write(f"      {b:<{width}}  {d.shown_b:<24}  [{d.source_b}]")


def _load(code: str) -> Profile:
    try:
        return load_profile(code)
    except PolicyError as exc:
        raise CommandError(str(exc)) from exc


def _heading(profile: Profile) -> str:
    on = sum(1 for rule in profile.rules.values() if rule.enabled)
    return (
        f"{profile.code}: {profile.school}, version {profile.version} "
        f"({on} of {len(profile.rules)} rules on)"
    )


def _first_row(difference: Difference) -> str:
    from schoolgate.policy.engine import REGISTRY

    return REGISTRY[difference.rule].catalogue[0]
