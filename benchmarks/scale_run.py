"""The scale benchmark's steps inside its own database (run by bench_scale).

`python -m benchmarks.scale_run grow --schools N --pupils N --audit N`
grows the demo trust; `python -m benchmarks.scale_run measure --runs N`
prints, as JSON, each main page's timings and query count for the head of
the grown school and for the trust's CEO.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from typing import Any

# The head of this demo school is measured; it grows to the big school's size.
BIG_SCHOOL = "brambleford"
PAGES = (
    ("Dashboard", "web:dashboard"),
    ("Trust compliance", "compliance:trust"),
    ("Photo consent register", "consent:register"),
    ("Consent renewals", "consent:renewals"),
    ("Do-not-post list", "consent:do_not_post"),
    ("Pupils", "people:pupils"),
    ("Parents", "people:parents"),
    ("Posts", "publishing:posts"),
    ("Comment queue", "moderation:queue"),
    ("Safeguarding records", "safeguarding:records"),
    ("Audit log", "audit:log"),
    ("Policy sign-off", "compliance:signoffs"),
    ("Training", "compliance:training"),
)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schoolgate.config.settings.local")
    import django

    django.setup()


def _people() -> dict[str, Any]:
    from schoolgate.people.models import RoleAssignment

    head = RoleAssignment.objects.get(role="head", school__slug=BIG_SCHOOL).user
    ceo = RoleAssignment.objects.filter(role="ceo").select_related("user").first()
    return {"head": head, "CEO": ceo.user if ceo else None}


def grow(args: argparse.Namespace) -> None:
    from benchmarks.scale_loader import grow_trust
    from schoolgate.people.models import School

    big = School.objects.get(slug=BIG_SCHOOL)
    started = time.perf_counter()
    grown = grow_trust(
        big.trust,
        schools=max(0, args.schools - School.objects.count()),
        pupils=args.pupils,
        audit=args.audit,
        big_school=big,
        big_size=args.big,
    )
    print(json.dumps({"grown": vars(grown), "seconds": time.perf_counter() - started}))


def _client(user: Any) -> Any:
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    client = Client(HTTP_HOST="localhost", raise_request_exception=False)
    client.force_login(user)
    device, _ = StaticDevice.objects.get_or_create(user=user, name="scale benchmark")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _page(client: Any, url: str, runs: int) -> dict[str, Any] | None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if client.get(url).status_code != 200:  # warm, and skip pages not theirs
        return None
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[max(0, math.ceil(0.95 * len(timings)) - 1)]
    return {"p50": statistics.median(timings), "p95": p95, "queries": len(queries)}


def measure(args: argparse.Namespace) -> None:
    from django.urls import reverse

    from schoolgate.people.models import Pupil, School

    results: dict[str, Any] = {
        "schools": School.objects.count(),
        "pupils": Pupil.objects.count(),
        "big": Pupil.objects.filter(school__slug=BIG_SCHOOL).count(),
        "pages": {},
    }
    for who, user in _people().items():
        if user is None:
            continue
        client = _client(user)
        for label, name in PAGES:
            found = _page(client, reverse(name), args.runs)
            if found is not None:
                results["pages"][f"{label} ({who})"] = found
    print(json.dumps(results))


def plans(args: argparse.Namespace) -> None:
    """Print how PostgreSQL reads the audit log's first page, at a quiet
    school and at the busiest, unfiltered and by event and by person."""
    from django.db.models import Count

    from schoolgate.audit.models import AuditEntry
    from schoolgate.audit.selectors import visible_entries
    from schoolgate.people.models import School
    from schoolgate.people.selectors import users_with_role

    by_school = (
        AuditEntry.objects.exclude(school=None)
        .values("school")
        .annotate(n=Count("pk"))
        .order_by("n")
    )
    rows = list(by_school)
    found: dict[str, Any] = {}
    for who, row in (("quiet", rows[0]), ("busiest", rows[-1])):
        school = School.objects.get(pk=row["school"])
        for what, filters in (
            ("all", {}),
            ("event", {"event": "record.viewed"}),
            ("actor", {"actor": "Staff member 5"}),
        ):
            head = users_with_role(school, {"head"}).first()
            query = visible_entries(head, school, **filters)[:50]
            plan = query.explain(analyze=True)
            lines = plan.splitlines()
            used = sorted({w for line in lines for w in line.split() if w.startswith("audit_")})
            took = next((line for line in lines if line.startswith("Execution Time")), "")
            found[f"{who} school ({row['n']} entries), {what}"] = f"{took}; {', '.join(used)}"
    print(json.dumps({"plans": found}))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale_run")
    steps = parser.add_subparsers(dest="step", required=True)
    grow_args = steps.add_parser("grow")
    grow_args.add_argument("--schools", type=int, required=True)
    grow_args.add_argument("--pupils", type=int, required=True)
    grow_args.add_argument("--audit", type=int, required=True)
    grow_args.add_argument("--big", type=int, required=True)
    measure_args = steps.add_parser("measure")
    measure_args.add_argument("--runs", type=int, default=10)
    steps.add_parser("plans")
    args = parser.parse_args(argv)
    _setup()
    {"grow": grow, "measure": measure, "plans": plans}[args.step](args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
