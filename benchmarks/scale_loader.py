"""Grow a trust to the size of a large multi-academy trust, fast.

`grow_trust` adds schools, pupils with a parent each and their photo
consent, staff with logins, and audit entries to an existing trust (the
demo's), in bulk: PostgreSQL's COPY for pupils, parents, consent and the
audit log (`bulk_create` elsewhere, and on SQLite). The audit entries
continue the real hash chain (each hashed as the app hashes an entry, the
head moved to the last one), so `audit verify` checks them as it checks any other.

Only for benchmarks: it bypasses the services (and so writes no audit
entry of its own for what it adds).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
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
    sid, born, choice = school.pk, dt.date(2015, 1, 1), rng.choice
    surnames = [choice(SURNAMES) for _ in range(count)]
    with transaction.atomic():
        pupils = _insert(
            Pupil,
            ("school_id", "mis_id", "first_name", "surname", "date_of_birth")
            + ("year_group", "class_name"),
            [
                (sid, f"SP{sid}-{start + n}", choice(FIRST), surnames[n])
                + (born + dt.timedelta(days=n % 2000), f"Year {n % 7 + 1}")
                + (f"{n % 7 + 1}{'ABC'[n % 3]}",)
                for n in range(count)
            ],
        )
        parents = _insert(
            Parent,
            ("school_id", "mis_id", "first_name", "surname", "email"),
            [
                (sid, f"SC{sid}-{start + n}", choice(FIRST), surnames[n])
                + (f"parent{sid}-{start + n}@mail.scale.test",)
                for n in range(count)
            ],
        )
        _insert(ParentLink, ("parent_id", "pupil_id"), list(zip(parents, pupils, strict=True)))
        given, refused, paper = Answer.GIVEN.value, Answer.REFUSED.value, Method.PAPER.value
        consents = [
            (sid, p, a, use, given if rng.random() < 0.85 else refused, paper)
            + (today - dt.timedelta(days=rng.randint(0, 700)),)
            for p, a in zip(pupils, parents, strict=True)
            for use in USES[: choice((2, 4))]
        ]
        _insert(
            PhotoConsent,
            ("school_id", "pupil_id", "parent_id", "use", "answer", "method", "given_on"),
            consents,
        )
    grown.pupils += count
    grown.parents += count
    grown.consents += len(consents)


def _insert(model: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[int]:
    """Insert rows of the given columns (every other column takes the model's
    default, as a save would give it) and return their ids in order: by
    COPY on PostgreSQL, with ids taken from the table's sequence first."""
    if connection.vendor != "postgresql":
        made = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        return [m.pk for m in model.objects.bulk_create(made, batch_size=BATCH)]
    now = timezone.now()
    others = [
        f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in columns
    ]
    fixed = tuple(
        now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else _plain(f)
        for f in others
    )
    table = model._meta.db_table
    names = ", ".join(["id", *columns, *(f.column for f in others)])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row((pk, *row, *fixed))
    return ids


def _plain(field: Any) -> Any:
    value = field.get_default()
    return getattr(value, "value", value)  # a choice's stored value


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
        rows = _chain(head.seq, head.hash, [s.pk for s in schools], count, rng)
        if connection.vendor == "postgresql":
            last = _copy(AuditEntry._meta.db_table, rows)
        else:
            last = _bulk(rows)
        head.seq, head.hash = last
        head.save(update_fields=["seq", "hash"])


def _chain(
    seq: int, previous: str, schools: list[int], count: int, rng: random.Random
) -> Iterator[tuple[Any, ...]]:
    """Yield each new entry's hashed columns and its hash, as `_canonical`
    takes them (the time as UTC ISO text, JSON as its text), hashed as the
    app hashes an entry."""
    from schoolgate.audit.services import Signer, _canonical, _key

    sign = Signer(_key()).hexdigest
    busy = schools[: max(1, len(schools) // 3)]
    start = timezone.now().replace(microsecond=0).astimezone(dt.UTC) - dt.timedelta(seconds=count)
    second = dt.timedelta(seconds=1)
    choice, chance = rng.choice, rng.random
    labels = [f"Staff member {n}" for n in range(97)]
    at = start
    for n in range(1, count + 1):
        at += second
        school = choice(busy) if chance() < 0.8 else choice(schools)
        row = (
            seq + n, at.isoformat(), EVENTS[n % len(EVENTS)], None, labels[n % 97], school,
            "people.pupil", str(n % 5000), "A pupil", "{}", "", None, "[]", previous,
        )  # fmt: skip
        previous = sign(_canonical(*row))
        yield (*row, previous)


def _copy(table: str, rows: Iterator[tuple[Any, ...]]) -> tuple[int, str]:
    """COPY the rows in as text, in blocks, with the table's secondary indexes
    dropped meanwhile and built again after, in the same transaction (much
    faster than keeping them up to date row by row)."""
    last, first = (0, ""), 0
    columns = ", ".join(_columns())
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
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        unchecked = cursor.fetchone()[0]
        if unchecked:
            # Queue no foreign-key check per row (3M of them took 40 s):
            # the school ids were read from the database, and one query
            # checks them all below.
            cursor.execute("SET LOCAL session_replication_role = replica")
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            block: list[str] = []
            for row in rows:
                # No value the loader writes holds a tab, newline or backslash.
                block.append("\t".join("\\N" if v is None else str(v) for v in row))
                if len(block) == BATCH:
                    copy.write("\n".join(block) + "\n")
                    block = []
                last = (row[0], row[-1])
                first = first or row[0]
            if block:
                copy.write("\n".join(block) + "\n")
        if unchecked:
            cursor.execute("SET LOCAL session_replication_role = origin")
            _check_schools(cursor, table, first)
        # The foreign keys are checked at commit; check those pending now, as
        # an index cannot be built while their checks are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in secondary:
            cursor.execute(definition)
    return last


def _check_schools(cursor: Any, table: str, first: int) -> None:
    """Fail unless every entry from `first` on names an existing school."""
    from schoolgate.people.models import School

    cursor.execute(
        f"SELECT count(*) FROM {table} a WHERE a.seq >= %s AND a.school_id IS NOT NULL "  # noqa: S608
        f"AND NOT EXISTS (SELECT 1 FROM {School._meta.db_table} s WHERE s.id = a.school_id)",
        [first],
    )
    if orphans := cursor.fetchone()[0]:
        raise ValueError(f"{orphans} audit entries name no school")


def _bulk(rows: Iterator[tuple[Any, ...]]) -> tuple[int, str]:
    import json

    from schoolgate.audit.models import AuditEntry

    batch: list[AuditEntry] = []
    last = (0, "")
    names = _columns()
    for row in rows:
        values = dict(zip(names, row, strict=True))
        values["at"] = dt.datetime.fromisoformat(values["at"])
        values["extra"] = json.loads(values["extra"])
        values["confidential"] = json.loads(values["confidential"])
        batch.append(AuditEntry(**values))
        last = (row[0], row[-1])
        if len(batch) == BATCH:
            AuditEntry.objects.bulk_create(batch)
            batch = []
    AuditEntry.objects.bulk_create(batch)
    return last
