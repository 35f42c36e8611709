"""Grow a trust to the size of a large multi-academy trust, fast.

`grow_trust` adds schools, pupils with a parent each and their photo
consent, staff with logins, and audit entries to an existing trust (the
demo's), in bulk: `bulk_create` in batches, and PostgreSQL's COPY for the
audit log. The audit entries continue the real hash chain (each hashed by
`schoolgate.audit.services._digest`, the head moved to the last one), so
`audit verify` checks them as it checks any other.

Only for benchmarks: it bypasses the services (and so writes no audit
entry of its own for what it adds).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

BATCH = 5000
PROFILES = ("shire", "jessons", "whmat", "stpeters", "brize")
USES = ("blog", "social", "press", "website")
FIRST = ("Ava", "Ben", "Cal", "Dot", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kit", "Lou")
SURNAMES = ("Brook", "Ashdown", "Fenwick", "Holloway", "Marsh", "Thorne", "Wilde", "Yardley")
EVENTS = ("record.viewed", "consent.recorded", "people.pupil_created", "publishing.post_created")
STAFF_PER_SCHOOL = 10


@dataclass
class Grown:
    schools: int = 0
    pupils: int = 0
    parents: int = 0
    consents: int = 0
    staff: int = 0
    audit: int = 0


def grow_trust(
    trust: Any,
    *,
    schools: int,
    pupils: int,
    audit: int,
    big_school: Any = None,
    big_size: int = 2000,
    seed: int = 18,
) -> Grown:
    """Add `schools` schools and `pupils` pupils (with parents, consent and
    staff) to the trust, growing `big_school` to `big_size` pupils first,
    then `audit` audit entries spread over the trust's schools."""
    from schoolgate.people.models import School

    rng, grown = random.Random(seed), Grown()
    made = _schools(trust, schools, grown)
    if big_school is not None:
        have = big_school.pupils.count()
        _pupils(big_school, max(0, big_size - have), rng, grown)
    others = made or list(School.objects.filter(trust=trust))
    left = max(0, pupils - grown.pupils)
    for i, school in enumerate(others):
        share = left // len(others) + (1 if i < left % len(others) else 0)
        _pupils(school, share, rng, grown)
    for school in made:
        _staff(school, rng, grown)
    audit_append(list(School.objects.filter(trust=trust)), audit, rng)
    grown.audit = audit
    return grown


def _schools(trust: Any, count: int, grown: Grown) -> list[Any]:
    from schoolgate.people.models import School

    start = School.objects.count()
    rows = [
        School(
            trust=trust,
            name=f"Scale School {start + n:04d}",
            slug=f"scale-{trust.pk}-{start + n}",
            profile=PROFILES[n % len(PROFILES)],
        )
        for n in range(count)
    ]
    grown.schools += count
    return School.objects.bulk_create(rows, batch_size=BATCH)


def _pupils(school: Any, count: int, rng: random.Random, grown: Grown) -> None:
    """Add pupils with one parent each and an answer for two or four uses."""
    from schoolgate.consent.models import Answer, Method, PhotoConsent
    from schoolgate.people.models import Parent, ParentLink, Pupil

    if count <= 0:
        return
    today, start = timezone.localdate(), Pupil.objects.filter(school=school).count()
    with transaction.atomic():
        pupils = Pupil.objects.bulk_create(
            [
                Pupil(
                    school=school,
                    mis_id=f"SP{school.pk}-{start + n}",
                    first_name=rng.choice(FIRST),
                    surname=rng.choice(SURNAMES),
                    date_of_birth=dt.date(2015, 1, 1) + dt.timedelta(days=n % 2000),
                    year_group=f"Year {n % 7 + 1}",
                    class_name=f"{n % 7 + 1}{'ABC'[n % 3]}",
                )
                for n in range(count)
            ],
            batch_size=BATCH,
        )
        parents = Parent.objects.bulk_create(
            [
                Parent(
                    school=school,
                    mis_id=f"SC{school.pk}-{start + n}",
                    first_name=rng.choice(FIRST),
                    surname=p.surname,
                    email=f"parent{school.pk}-{start + n}@mail.scale.test",
                )
                for n, p in enumerate(pupils)
            ],
            batch_size=BATCH,
        )
        ParentLink.objects.bulk_create(
            [ParentLink(parent=a, pupil=p) for a, p in zip(parents, pupils, strict=True)],
            batch_size=BATCH,
        )
        consents = [
            PhotoConsent(
                school=school,
                pupil=p,
                parent=a,
                use=use,
                answer=Answer.GIVEN if rng.random() < 0.85 else Answer.REFUSED,
                method=Method.PAPER,
                given_on=today - dt.timedelta(days=rng.randint(0, 700)),
            )
            for p, a in zip(pupils, parents, strict=True)
            for use in USES[: rng.choice((2, 4))]
        ]
        PhotoConsent.objects.bulk_create(consents, batch_size=BATCH)
    grown.pupils += count
    grown.parents += count
    grown.consents += len(consents)


def _staff(school: Any, rng: random.Random, grown: Grown) -> None:
    """Add a head and colleagues with logins (no password) and staff records."""
    from django.contrib.auth import get_user_model

    from schoolgate.people.models import RoleAssignment, StaffMember

    roles = ["head", "deputy_head", "dsl", "office"] + ["teacher"] * (STAFF_PER_SCHOOL - 4)
    users = get_user_model().objects.bulk_create(
        [
            get_user_model()(
                email=f"{role}{n}@{school.slug}.scale.test",
                username=f"{role}{n}@{school.slug}.scale.test",
                first_name=rng.choice(FIRST),
                last_name=rng.choice(SURNAMES),
                password="!",  # noqa: S106  an unusable password: no sign-in
            )
            for n, role in enumerate(roles)
        ]
    )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=u, role=role, trust_id=school.trust_id, school=school)
            for u, role in zip(users, roles, strict=True)
        ]
    )
    StaffMember.objects.bulk_create(
        [
            StaffMember(
                school=school,
                mis_id=f"SS{school.pk}-{n}",
                first_name=u.first_name,
                surname=u.last_name,
                email=u.email,
                user=u,
            )
            for n, u in enumerate(users)
        ]
    )
    grown.staff += len(users)


# ---------------------------------------------------------------------------
# The audit log: the real chain, written by COPY
# ---------------------------------------------------------------------------


def _columns() -> tuple[str, ...]:
    from schoolgate.audit.services import HASHED  # Django is set up by then

    return (*HASHED, "hash")


def audit_append(schools: list[Any], count: int, rng: random.Random) -> None:
    """Append `count` entries to the chain, spread over the schools (the
    first third of them busier), and move the chain's head to the last."""
    from schoolgate.audit.models import AuditEntry, AuditHead

    if count <= 0 or not schools:
        return
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        rows = _chain(head.seq, head.hash, schools, count, rng)
        if connection.vendor == "postgresql":
            last = _copy(AuditEntry._meta.db_table, rows)
        else:
            last = _bulk(rows)
        head.seq, head.hash = last
        head.save(update_fields=["seq", "hash"])


def _chain(
    seq: int, previous: str, schools: list[Any], count: int, rng: random.Random
) -> Iterator[SimpleNamespace]:
    from schoolgate.audit.services import _digest

    busy = schools[: max(1, len(schools) // 3)]
    at = timezone.now().replace(microsecond=0) - dt.timedelta(seconds=count)
    for n in range(1, count + 1):
        school = rng.choice(busy) if rng.random() < 0.8 else rng.choice(schools)
        entry = SimpleNamespace(
            seq=seq + n,
            at=at + dt.timedelta(seconds=n),
            event=EVENTS[n % len(EVENTS)],
            actor_id=None,
            actor_label=f"Staff member {n % 97}",
            school_id=school.pk,
            subject_type="people.pupil",
            subject_id=str(n % 5000),
            subject_label="A pupil",
            extra={},
            correlation_id="",
            ip=None,
            confidential=[],
            prev_hash=previous,
        )
        entry.hash = previous = _digest(entry)  # type: ignore[arg-type]
        yield entry


def _copied(entry: SimpleNamespace, column: str) -> Any:
    # JSON columns go in as their text.
    return {"extra": "{}", "confidential": "[]"}.get(column, getattr(entry, column))


def _copy(table: str, rows: Iterator[SimpleNamespace]) -> tuple[int, str]:
    """COPY the rows in, with the table's secondary indexes dropped meanwhile
    and built again after (much faster than keeping them up to date)."""
    last = (0, "")
    names = _columns()
    columns = ", ".join(names)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid "
            "WHERE i.tablename = %s AND NOT x.indisunique",
            [table],
        )
        secondary = cursor.fetchall()
        for name, _definition in secondary:
            cursor.execute(f'DROP INDEX "{name}"')
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for e in rows:
                copy.write_row([_copied(e, c) for c in names])
                last = (e.seq, e.hash)
        # The foreign keys are checked at commit; check them now, as an
        # index cannot be built while their checks are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _name, definition in secondary:
            cursor.execute(definition)
    return last


def _bulk(rows: Iterator[SimpleNamespace]) -> tuple[int, str]:
    from schoolgate.audit.models import AuditEntry

    batch: list[AuditEntry] = []
    last = (0, "")
    names = _columns()
    for e in rows:
        batch.append(AuditEntry(**{c: getattr(e, c) for c in names}))
        last = (e.seq, e.hash)
        if len(batch) == BATCH:
            AuditEntry.objects.bulk_create(batch)
            batch = []
    AuditEntry.objects.bulk_create(batch)
    return last
