"""Writes about people: importing pupils, parents and staff from the MIS.

Rows are matched by (school, MIS ID); a bad row is reported by its line and
skipped while the good rows go in, and a re-import of the same file changes
nothing. The file is committed in batches of `BATCH` rows, so a long import
never holds the database for long (SQLite waits its busy timeout, see the
settings) and progress moves after each batch. Pupils, the largest files, are
read once into a dict and written with one bulk insert and one bulk update per
batch; every row added or changed is still audited by field name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models.functions import Lower
from django.db.models.signals import post_save
from django.utils import timezone

from schoolgate.audit.services import Item, audit_log, audit_log_many
from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.permissions import can, decide
from schoolgate.core.services import model_update
from schoolgate.people.imports import ROW_FORMS, ImportRefused, Row, RowChecker, read_rows
from schoolgate.people.models import (
    ImportJob,
    Parent,
    ParentLink,
    Pupil,
    RoleAssignment,
    School,
    StaffMember,
)
from schoolgate.people.roles import Role

if TYPE_CHECKING:
    from schoolgate.accounts.models import User as Account
    from schoolgate.core.types import Actor

Kind = ImportJob.Kind

# One commit and one progress report every BATCH rows: often enough for the
# bar to move and for sign-ins to get the database, seldom enough to be fast.
BATCH = 1000
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

PUPIL_FIELDS = [
    "first_name",
    "surname",
    "preferred_name",
    "date_of_birth",
    "year_group",
    "class_name",
    "status",
    "left_on",
]
PARENT_FIELDS = ["title", "first_name", "surname", "email", "phone"]
STAFF_FIELDS = ["title", "first_name", "surname", "formal_name", "email", "kind", "job_title"]


@dataclass
class ImportReport:
    """What an import did, or in a dry run would do, row by row."""

    kind: str
    dry_run: bool
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.errors)

    def counts(self) -> dict[str, Any]:
        """Return the counters as ImportJob stores them."""
        names = ["total", "processed", "created", "updated", "unchanged", "errors"]
        return {name: getattr(self, name) for name in names}


Progress = Callable[[ImportReport], None]


# ---------------------------------------------------------------------------
# One file
# ---------------------------------------------------------------------------


def people_import(
    *,
    school: School,
    kind: str,
    text: str,
    actor: Actor = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    filename: str = "",
) -> ImportReport:
    """Import a CSV file of one kind into the school; return the report.

    Raise ImportRefused when the file has no recognisable header. In a dry
    run, count what would be created or changed and write nothing.
    """
    rows = read_rows(text, kind)
    report = ImportReport(kind, dry_run, total=len(rows))
    if progress:
        progress(report)
    first_seen: dict[str, int] = {}
    checker = RowChecker(ROW_FORMS[kind])
    bulk = BULK[kind](school, actor=actor, dry_run=dry_run) if kind in BULK else None
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        # One commit per batch; each row of the other kinds is its own savepoint.
        with transaction.atomic():
            if bulk is not None:
                outcomes = bulk.batch(batch, first_seen, checker)
            else:
                outcomes = [
                    _import_row(
                        school,
                        kind,
                        row,
                        first_seen,
                        checker=checker,
                        actor=actor,
                        dry_run=dry_run,
                    )
                    for row in batch
                ]
        for row, outcome in zip(batch, outcomes, strict=True):
            _count(report, row, outcome)
        if progress:
            progress(report)
    if not dry_run:
        _audit_summary(school, report, actor, filename)
    return report


def _checked(checker: RowChecker, row: Row, first_seen: dict[str, int]) -> dict[str, Any] | str:
    """Return the row's cleaned values, or the reason it is refused."""
    if row.problem:
        return row.problem
    data = checker.check(row.values)
    if isinstance(data, str):
        return data
    mis_id = data["mis_id"]
    if mis_id in first_seen:
        return f"MIS ID {mis_id} is already on line {first_seen[mis_id]}."
    first_seen[mis_id] = row.line
    return data


def _import_row(
    school: School,
    kind: str,
    row: Row,
    first_seen: dict[str, int],
    *,
    checker: RowChecker,
    actor: Actor,
    dry_run: bool,
) -> str:
    """Return the row's outcome, or the reason it was refused."""
    data = _checked(checker, row, first_seen)
    if isinstance(data, str):
        return data
    upsert = UPSERTS[kind]
    try:
        return upsert(
            school=school,
            data=data,
            present=row.values.keys(),
            actor=actor,
            dry_run=dry_run,
        )
    except ApplicationError as error:
        return error.message
    except ValidationError as error:
        return "; ".join(error.messages)


class _BulkImport:
    """One kind imported batch by batch: each row checked and sorted into
    new or changed records, then the batch written at once (`_write`)."""

    dry_run: bool

    def batch(self, rows: list[Row], first_seen: dict[str, int], checker: RowChecker) -> list[str]:
        """Import one batch of rows; return each row's outcome, in order."""
        outcomes: list[str] = []
        created: list[Any] = []
        updated: list[Any] = []
        for row in rows:
            data = _checked(checker, row, first_seen)
            if isinstance(data, str):
                outcomes.append(data)
                continue
            outcomes.append(self._row(row, data, created, updated))
        if not self.dry_run:
            self._write(created, updated)
        return outcomes

    def _row(self, row: Row, data: dict[str, Any], created: list[Any], updated: list[Any]) -> str:
        raise NotImplementedError

    def _write(self, created: list[Any], updated: list[Any]) -> None:
        raise NotImplementedError


class _PupilImport(_BulkImport):
    """Pupils in bulk: the school's pupils read once, each batch written at once.

    Behaves as `pupil_upsert` row by row: same outcomes, same checks, the same
    audit entry for each pupil added or changed.
    """

    def __init__(self, school: School, *, actor: Actor, dry_run: bool) -> None:
        self.school, self.actor, self.dry_run = school, actor, dry_run
        self.pupils = {p.mis_id: p for p in Pupil.objects.filter(school=school)}

    def _row(
        self,
        row: Row,
        data: dict[str, Any],
        created: list[Pupil],
        updated: list[tuple[Pupil, list[str]]],
    ) -> str:
        pupil = self.pupils.get(data["mis_id"])
        if pupil is None:
            pupil = Pupil(
                school=self.school, mis_id=data["mis_id"], **{f: data[f] for f in PUPIL_FIELDS}
            )
            problem = _invalid(pupil)
            if problem:
                return problem
            created.append(pupil)
            return CREATED
        # A leaving date alone still decides whether the pupil is current.
        present = row.values.keys() | ({"status"} if "left_on" in row.values else set())
        changed = _changes(pupil, PUPIL_FIELDS, present, data)
        if not changed:
            return UNCHANGED
        before = {f: getattr(pupil, f) for f in changed}
        for name in changed:
            setattr(pupil, name, data[name])
        problem = _invalid(pupil)
        if problem or self.dry_run:
            for name, value in before.items():
                setattr(pupil, name, value)
        if problem:
            return problem
        updated.append((pupil, changed))
        return UPDATED

    def _write(self, created: list[Pupil], updated: list[tuple[Pupil, list[str]]]) -> None:
        Pupil.objects.bulk_create(created)
        if updated:
            now = timezone.now()
            fields = sorted({f for _, changed in updated for f in changed})
            for pupil, _ in updated:
                pupil.updated_at = now
            Pupil.objects.bulk_update([p for p, _ in updated], [*fields, "updated_at"])
        for pupil in created:
            self.pupils[pupil.mis_id] = pupil
        self._announce_leavers(created, updated)
        # Still one entry per pupil added or changed, as row by row, written at once.
        audit_log_many(
            event="people.pupil_created",
            actor=self.actor,
            school=self.school,
            items=[_audit_item(p, changed=[]) for p in created],
        )
        audit_log_many(
            event="people.pupil_updated",
            actor=self.actor,
            school=self.school,
            items=[_audit_item(p, changed=changed) for p, changed in updated],
        )

    @staticmethod
    def _announce_leavers(created: list[Pupil], updated: list[tuple[Pupil, list[str]]]) -> None:
        """Send `post_save` for the pupils whose status the batch set, as a save would.

        A bulk write sends no signals, but a pupil who has left must have their
        posts taken down at once (publishing's receiver), not at the next sweep.
        """
        moved = [(p, True, [*PUPIL_FIELDS]) for p in created if p.status == Pupil.Status.FORMER]
        moved += [(p, False, changed) for p, changed in updated if "status" in changed]
        for pupil, made, fields in moved:
            post_save.send(
                sender=Pupil,
                instance=pupil,
                created=made,
                update_fields=None if made else frozenset([*fields, "updated_at"]),
                raw=False,
                using=router.db_for_write(Pupil),
            )


class _ParentImport(_BulkImport):
    """Parents in bulk, as `parent_upsert` row by row: the school's pupils,
    parents and links read once, each batch's parents and links written at once.
    """

    def __init__(self, school: School, *, actor: Actor, dry_run: bool) -> None:
        self.school, self.actor, self.dry_run = school, actor, dry_run
        self.pupil_ids = dict(Pupil.objects.filter(school=school).values_list("mis_id", "pk"))
        self.parents = {p.mis_id: p for p in Parent.objects.filter(school=school)}
        # Parents whose login to make or move (`parent_login_link`), as row by row.
        self.to_link: list[Parent] = []
        # parent id -> {pupil id: relationship}, and each link's own id.
        self.links: dict[int, dict[int, str]] = defaultdict(dict)
        self.link_ids: dict[tuple[int, int], int] = {}
        rows = ParentLink.objects.filter(parent__school=school)
        for pk, parent_id, pupil_id, relationship in rows.values_list(
            "pk", "parent_id", "pupil_id", "relationship"
        ):
            self.links[parent_id][pupil_id] = relationship
            self.link_ids[parent_id, pupil_id] = pk

    def _row(
        self,
        row: Row,
        data: dict[str, Any],
        created: list[tuple[Parent, dict[int, str]]],
        updated: list[tuple[Parent, list[str], dict[int, str]]],
    ) -> str:
        missing = [i for i in data["pupils"] if i not in self.pupil_ids]
        if missing:
            return (
                f"No pupil with MIS ID {', '.join(missing)} at this school (import pupils first)."
            )
        keep_relationship = "relationship" not in row.values
        parent = self.parents.get(data["mis_id"])
        current = self.links.get(parent.pk, {}) if parent is not None else {}
        wanted = {}
        for mis_id in data["pupils"]:
            pupil_id = self.pupil_ids[mis_id]
            kept = current.get(pupil_id) if keep_relationship else None
            wanted[pupil_id] = data["relationship"] if kept is None else kept
        if parent is None:
            parent = Parent(
                school=self.school, mis_id=data["mis_id"], **{f: data[f] for f in PARENT_FIELDS}
            )
            problem = _invalid(parent)
            if problem:
                return problem
            created.append((parent, wanted))
            return CREATED
        changed = _changes(parent, PARENT_FIELDS, row.values.keys(), data)
        links_differ = current != wanted
        if not changed and not links_differ:
            if parent.user_id is None and parent.email and not self.dry_run:
                self.to_link.append(parent)  # imported before parents had logins
            return UNCHANGED
        before = {f: getattr(parent, f) for f in changed}
        for name in changed:
            setattr(parent, name, data[name])
        problem = _invalid(parent)
        if problem or self.dry_run:
            for name, value in before.items():
                setattr(parent, name, value)
        if problem:
            return problem
        updated.append((parent, changed + (["children"] if links_differ else []), wanted))
        return UPDATED

    def _write(
        self,
        created: list[tuple[Parent, dict[int, str]]],
        updated: list[tuple[Parent, list[str], dict[int, str]]],
    ) -> None:
        Parent.objects.bulk_create([p for p, _ in created])
        fields = sorted({f for _, changed, _ in updated for f in changed} - {"children"})
        if fields:
            now = timezone.now()
            moved = [p for p, changed, _ in updated if set(changed) - {"children"}]
            for parent in moved:
                parent.updated_at = now
            Parent.objects.bulk_update(moved, [*fields, "updated_at"])
        self._sync_links([(p, w) for p, w in created] + [(p, w) for p, _, w in updated])
        for parent, _ in created:
            self.parents[parent.mis_id] = parent
        self.to_link += [p for p, _ in created]
        self.to_link += [p for p, changed, _ in updated if "email" in changed or p.user_id is None]
        parent_logins_link(self.school, self.to_link, actor=self.actor)
        self.to_link = []
        audit_log_many(
            event="people.parent_created",
            actor=self.actor,
            school=self.school,
            items=[_audit_item(p, changed=[]) for p, _ in created],
        )
        audit_log_many(
            event="people.parent_updated",
            actor=self.actor,
            school=self.school,
            items=[_audit_item(p, changed=changed) for p, changed, _ in updated if changed],
        )

    def _sync_links(self, parents: list[tuple[Parent, dict[int, str]]]) -> None:
        """Make each parent's links match the file: the MIS is the source of truth."""
        gone: list[int] = []
        added: list[ParentLink] = []
        relabelled: list[ParentLink] = []
        for parent, wanted in parents:
            current = self.links.get(parent.pk, {})
            gone += [self.link_ids.pop((parent.pk, p)) for p in current.keys() - wanted.keys()]
            for pupil_id, relationship in wanted.items():
                if pupil_id not in current:
                    added.append(
                        ParentLink(parent=parent, pupil_id=pupil_id, relationship=relationship)
                    )
                elif current[pupil_id] != relationship:
                    pk = self.link_ids[parent.pk, pupil_id]
                    relabelled.append(ParentLink(pk=pk, relationship=relationship))
            self.links[parent.pk] = dict(wanted)
        if gone:
            ParentLink.objects.filter(pk__in=gone).delete()
        for link in ParentLink.objects.bulk_create(added):
            self.link_ids[link.parent_id, link.pupil_id] = link.pk
        ParentLink.objects.bulk_update(relabelled, ["relationship"])


def _invalid(instance: models.Model) -> str:
    """Return why the record cannot be saved, or "".

    Nothing is asked of the database row by row: the school is the importer's
    own, and the importer has read every MIS ID of the school and refuses one
    twice in a file.
    """
    try:
        instance.full_clean(exclude=["school"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return "; ".join(error.messages)
    return ""


def _count(report: ImportReport, row: Row, outcome: str) -> None:
    if outcome in (CREATED, UPDATED, UNCHANGED):
        setattr(report, outcome, getattr(report, outcome) + 1)
    else:
        values = row.values
        name = " ".join(filter(None, [values.get("first_name"), values.get("surname")]))
        report.errors.append(
            {"line": row.line, "name": name, "mis_id": values.get("mis_id", ""), "reason": outcome}
        )


def _audit_summary(school: School, report: ImportReport, actor: Actor, filename: str) -> None:
    extra = report.counts() | {"errors": len(report.errors), "kind": report.kind}
    audit_log(
        event="people.imported",
        actor=actor,
        subject=school,
        school=school,
        label=f"{report.kind} from {filename or 'a CSV file'}",
        extra=extra | {"filename": filename},
    )


# ---------------------------------------------------------------------------
# One row of each kind
# ---------------------------------------------------------------------------


def _create(instance: models.Model, *, event: str, actor: Actor, dry_run: bool) -> None:
    instance.full_clean()
    if dry_run:
        return
    instance.save()
    _audit_row(instance, event=event, actor=actor, changed=[])


def _found_or_new(
    model: type[Any], fields: list[str], *, school: School, data: dict[str, Any]
) -> tuple[Any, bool]:
    """Return the record with the row's MIS ID, or a new unsaved one, and whether it is new."""
    found = model.objects.filter(school=school, mis_id=data["mis_id"]).first()
    if found is not None:
        return found, False
    return model(school=school, mis_id=data["mis_id"], **{f: data[f] for f in fields}), True


def _changes(
    instance: models.Model, fields: list[str], present: Collection[str], data: dict[str, Any]
) -> list[str]:
    """Return the fields the row gives whose values differ from the record's."""
    return [f for f in fields if f in present and getattr(instance, f) != data[f]]


def _audit_item(instance: Any, *, changed: list[str]) -> Item:
    # Field names only: the values are personal data and stay out of the log.
    extra = {"mis_id": instance.mis_id} | ({"changed": changed} if changed else {})
    return Item(instance, f"{instance._meta.verbose_name} {instance.mis_id}", extra)


def _audit_row(instance: Any, *, event: str, actor: Actor, changed: list[str]) -> None:
    item = _audit_item(instance, changed=changed)
    audit_log(
        event=event,
        actor=actor,
        subject=instance,
        school=instance.school,
        label=item.label,
        extra=item.extra,
    )


@transaction.atomic
def pupil_upsert(
    *,
    school: School,
    data: dict[str, Any],
    present: Collection[str],
    actor: Actor,
    dry_run: bool = False,
) -> str:
    """Create or update the pupil with the row's MIS ID; return the outcome."""
    pupil, made = _found_or_new(Pupil, PUPIL_FIELDS, school=school, data=data)
    if made:
        _create(pupil, event="people.pupil_created", actor=actor, dry_run=dry_run)
        return CREATED
    # A leaving date alone still decides whether the pupil is current.
    present = {*present, "status"} if "left_on" in present else present
    changed = _changes(pupil, PUPIL_FIELDS, present, data)
    if not changed:
        return UNCHANGED
    if not dry_run:
        model_update(instance=pupil, fields=changed, data=data)
        _audit_row(pupil, event="people.pupil_updated", actor=actor, changed=changed)
    return UPDATED


def _pupils_by_mis_id(school: School, mis_ids: list[str]) -> dict[str, Pupil]:
    pupils = {p.mis_id: p for p in Pupil.objects.filter(school=school, mis_id__in=mis_ids)}
    missing = [i for i in mis_ids if i not in pupils]
    if missing:
        raise ApplicationError(
            f"No pupil with MIS ID {', '.join(missing)} at this school (import pupils first)."
        )
    return pupils


@transaction.atomic
def parent_upsert(
    *,
    school: School,
    data: dict[str, Any],
    present: Collection[str],
    actor: Actor,
    dry_run: bool = False,
) -> str:
    """Create or update the parent and their links to pupils; return the outcome."""
    pupils = _pupils_by_mis_id(school, data["pupils"])
    wanted = {pupils[i].pk: data["relationship"] for i in data["pupils"]}
    keep_relationship = "relationship" not in present
    parent, made = _found_or_new(Parent, PARENT_FIELDS, school=school, data=data)
    if made:
        _create(parent, event="people.parent_created", actor=actor, dry_run=dry_run)
        if not dry_run:
            _sync_links(parent, wanted, keep_relationship=keep_relationship)
            parent_login_link(parent=parent, actor=actor)
        return CREATED
    changed = _changes(parent, PARENT_FIELDS, present, data)
    if _links_differ(parent, wanted, keep_relationship=keep_relationship):
        changed.append("children")
    if not changed:
        if not dry_run:
            parent_login_link(parent=parent, actor=actor)
        return UNCHANGED
    if not dry_run:
        model_update(instance=parent, fields=changed, data=data)
        _sync_links(parent, wanted, keep_relationship=keep_relationship)
        _audit_row(parent, event="people.parent_updated", actor=actor, changed=changed)
        parent_login_link(parent=parent, actor=actor)
    return UPDATED


def _links_differ(parent: Parent, wanted: dict[int, str], *, keep_relationship: bool) -> bool:
    current = dict(
        ParentLink.objects.filter(parent=parent).values_list("pupil_id", "relationship")
    )
    if keep_relationship:
        return current.keys() != wanted.keys()
    return current != wanted


def _sync_links(parent: Parent, wanted: dict[int, str], *, keep_relationship: bool) -> None:
    """Make the parent's links match the file: the MIS is the source of truth."""
    ParentLink.objects.filter(parent=parent).exclude(pupil_id__in=wanted).delete()
    for pupil_id, relationship in wanted.items():
        link, made = ParentLink.objects.get_or_create(
            parent=parent, pupil_id=pupil_id, defaults={"relationship": relationship}
        )
        if not made and not keep_relationship and link.relationship != relationship:
            model_update(
                instance=link, fields=["relationship"], data={"relationship": relationship}
            )


@transaction.atomic
def staff_upsert(
    *,
    school: School,
    data: dict[str, Any],
    present: Collection[str],
    actor: Actor,
    dry_run: bool = False,
) -> str:
    """Create or update the member of staff, their login and roles; return the outcome.

    Roles are granted, never revoked: taking a role away is a decision for a
    person, not a side effect of a missing cell.
    """
    staff, made = _found_or_new(StaffMember, STAFF_FIELDS, school=school, data=data)
    outcome = UNCHANGED
    if made:
        _create(staff, event="people.staff_created", actor=actor, dry_run=dry_run)
        outcome = CREATED
    else:
        changed = _changes(staff, STAFF_FIELDS, present, data)
        if changed and not dry_run:
            model_update(instance=staff, fields=changed, data=data)
            _audit_row(staff, event="people.staff_updated", actor=actor, changed=changed)
        outcome = UPDATED if changed else UNCHANGED
    linked = _link_login(staff, data, dry_run=dry_run)
    granted = _grant_roles(staff, data["roles"], data["email"], actor=actor, dry_run=dry_run)
    return UPDATED if outcome == UNCHANGED and (linked or granted) else outcome


def _link_login(staff: StaffMember, data: dict[str, Any], *, dry_run: bool) -> bool:
    """Link the staff record to the login with its email, making one if needed.

    The new login has no usable password: its owner sets one through a
    password reset. Return whether a link was made.
    """
    if staff.user_id is not None:
        return False
    if dry_run:
        return True
    User = get_user_model()  # noqa: N806
    user = User.objects.filter(email__iexact=data["email"]).first()
    if user is None:
        user = User.objects.create_user(
            username=data["email"],
            email=data["email"],
            password=None,
            first_name=data["first_name"],
            last_name=data["surname"],
            display_name=data["formal_name"],
        )
    model_update(instance=staff, fields=["user"], data={"user": user})
    return True


def _grant_roles(
    staff: StaffMember, roles: list[str], email: str, *, actor: Actor, dry_run: bool
) -> bool:
    """Grant the roles the staff member does not yet hold here; return whether any.

    Raise ApplicationError, refusing the row, when the importer may not grant
    one of them (see `role_grant_refusal`).
    """
    held = set()
    if staff.user_id is not None:
        held = set(
            RoleAssignment.objects.filter(user_id=staff.user_id, school=staff.school).values_list(
                "role", flat=True
            )
        )
    missing = [r for r in roles if r not in held]
    unnamed = unnamed_role_refusal(staff.school, missing)
    if unnamed:
        raise ApplicationError(unnamed)
    if missing and actor is not None:
        refusal = role_grant_refusal(
            actor, staff.school, missing, user_id=staff.user_id, email=email
        )
        if refusal:
            raise ApplicationError(refusal)
    if dry_run:
        return bool(missing)
    for role in missing:
        _role_grant(staff, role, actor=actor)
    return bool(missing)


def unnamed_role_refusal(school: School, roles: list[str]) -> str:
    """Return why a role cannot be granted at the school by its import, or "".

    Roles the profile says are held across the trust (`people.trust:trust_roles`)
    are the trust's to give; the online-safety officer exists only where the
    profile names one (`people.roles:online_safety_officer`, e.g. stpeters
    "Roles and responsibilities").
    """
    from schoolgate.people import policy

    trust_wide = [r for r in roles if r in policy.trust_roles(school)]
    if trust_wide:
        return (
            f"{', '.join(trust_wide)} cannot be granted by a school's staff import: "
            f"it is held across the trust ({policy.clause(school, policy.TRUST)})."
        )
    if Role.ONLINE_SAFETY not in roles:
        return ""
    if policy.online_safety_officer_named(school):
        return ""
    return (
        f"Role {Role.ONLINE_SAFETY} not granted: this school's policy names no online-safety "
        f"officer ({policy.clause(school, policy.ROLES)})."
    )


def role_grant_refusal(
    actor: Account, school: School, roles: list[str], *, user_id: int | None, email: str
) -> str:
    """Return why the actor may not grant these roles at the school to this login, or "".

    Asked through the one permission layer: `people.grant_roles` for any role,
    and `people.grant_appointed_roles` for the roles the policy profile says
    only named people appoint (head, DSL, HR by default; `people.roles`).
    Nobody grants a role to themselves, and where the profile asks a second
    person to approve an appointment, no import grants it.
    """
    listed = ", ".join(roles)
    own_email = (getattr(actor, "email", "") or "").lower()
    if user_id == actor.pk or (own_email and email.lower() == own_email):
        return (
            f"Roles {listed} not granted: this row is your own, and nobody changes their "
            "own roles; another leader must grant them."
        )
    if not can(actor, "people.grant_roles", school):
        return (
            f"Roles {listed} not granted: only the head, a deputy head, "
            "the executive head or the CEO may grant roles."
        )
    from schoolgate.people import policy

    appointed = [r for r in roles if r in policy.appointed_roles(school)]
    if not appointed:
        return ""
    names = ", ".join(appointed)
    decision = decide(actor, "people.grant_appointed_roles", school)
    if not decision.allowed:
        why = decision.findings[0]
        return f"Role {names} not granted: {why.reason} ({why.source})."
    if policy.appointments_four_eyes(school):
        source = policy.source_or_profile(school, policy.ROLES)
        return (
            f"Role {names} not granted: the policy ({source}) asks a second person to "
            "approve this appointment, which an import cannot do."
        )
    return ""


def _role_grant(staff: StaffMember, role: str, *, actor: Actor) -> None:
    # The row's login is linked before its roles are granted.
    assert staff.user_id is not None
    school = staff.school
    assignment = RoleAssignment(
        user_id=staff.user_id, role=role, school=school, trust=school.trust
    )
    assignment.full_clean()
    assignment.save()
    audit_log(
        event="people.role_granted",
        actor=actor,
        subject=assignment,
        school=school,
        label=f"{role} for staff {staff.mis_id}",
        extra={"role": role, "mis_id": staff.mis_id, "via": "import"},
    )


# Kinds imported in bulk, batch by batch; staff go row by row (logins, roles).
BULK: dict[str, type[_PupilImport] | type[_ParentImport]] = {
    ImportJob.Kind.PUPILS: _PupilImport,
    ImportJob.Kind.PARENTS: _ParentImport,
}


@transaction.atomic
def parent_login_link(*, parent: Parent, actor: Actor) -> bool:
    """Give the parent a login by their email and the parent role at their school.

    One login per address: a parent of children at several schools of the
    trust (one MIS record at each) gets the same login, and so sees every
    child. The login has no password until the parent accepts an invitation.
    Return whether anything was made or linked.
    """
    if not parent.email:
        return False
    user = parent.user
    made = user is None
    if user is None:
        user = _login_for_email(parent.email, first_name=parent.first_name, surname=parent.surname)
        model_update(instance=parent, fields=["user"], data={"user": user})
    school = parent.school
    role, granted = RoleAssignment.objects.get_or_create(
        user=user, role=Role.PARENT, school=school, defaults={"trust": school.trust}
    )
    if made or granted:
        audit_log(
            event="auth.parent_login_linked",
            actor=actor,
            subject=user,
            school=school,
            extra={"mis_id": parent.mis_id},
        )
    return made or granted


@transaction.atomic
def parent_logins_link(school: School, parents: list[Parent], *, actor: Actor) -> int:
    """Do `parent_login_link` for many parents of one school in a few queries.

    For imports: the logins are read by email at once, the missing ones made
    together, and the parent roles granted and audited together. Return how
    many parents had a login made or linked.
    """
    parents = [p for p in parents if p.email]
    if not parents:
        return 0
    User = get_user_model()  # noqa: N806
    emails = {p.email.lower() for p in parents}
    users: dict[str, Account] = {
        u.email.lower(): u
        for u in User.objects.annotate(address=Lower("email")).filter(address__in=emails)
    }
    fresh = []
    for parent in parents:
        key = parent.email.lower()
        if parent.user_id is None and key not in users:
            user = User(
                username=parent.email,
                email=parent.email,
                first_name=parent.first_name,
                last_name=parent.surname,
            )
            user.set_unusable_password()
            users[key] = user
            fresh.append(user)
    User.objects.bulk_create(fresh)
    made = {u.pk for u in fresh}
    unlinked = [p for p in parents if p.user_id is None]
    for parent in unlinked:
        parent.user = users[parent.email.lower()]
    Parent.objects.bulk_update(unlinked, ["user"])
    holders = set(
        RoleAssignment.objects.filter(
            role=Role.PARENT, school=school, user_id__in={p.user_id for p in parents}
        ).values_list("user_id", flat=True)
    )
    # Every parent has a login by now: the unlinked ones were linked just above.
    granted = {p.user_id for p in parents if p.user_id is not None} - holders
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user_id=uid, role=Role.PARENT, school=school, trust=school.trust)
        for uid in sorted(granted)
    )
    linked = [p for p in parents if p.user_id in made or p.user_id in granted]
    seen: set[int | None] = set()
    items = []
    for parent in linked:
        if parent.user_id not in seen:
            seen.add(parent.user_id)
            items.append(Item(parent.user, "", {"mis_id": parent.mis_id}))
    audit_log_many(event="auth.parent_login_linked", actor=actor, school=school, items=items)
    return len(linked)


def _login_for_email(email: str, *, first_name: str, surname: str) -> Any:
    User = get_user_model()  # noqa: N806
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            username=email, email=email, password=None, first_name=first_name, last_name=surname
        )
    return user


UPSERTS: dict[str, Callable[..., str]] = {
    ImportJob.Kind.PUPILS: pupil_upsert,
    ImportJob.Kind.PARENTS: parent_upsert,
    ImportJob.Kind.STAFF: staff_upsert,
}


# ---------------------------------------------------------------------------
# Import jobs: an upload run by the task worker
# ---------------------------------------------------------------------------


@transaction.atomic
def import_job_create(
    *, school: School, kind: str, filename: str, text: str, dry_run: bool, actor: Account
) -> ImportJob:
    """Save an uploaded file as a job and queue it once the upload is committed."""
    # Imported here: the task module imports this one.
    from schoolgate.people.tasks import import_job_task

    job = ImportJob(
        school=school,
        kind=kind,
        filename=filename[:255],
        content=text,
        dry_run=dry_run,
        created_by=actor,
    )
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: import_job_task.enqueue(job.pk))
    return job


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a queued job, saving its progress as it goes; return it."""
    job = ImportJob.objects.select_related("school__trust", "created_by").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return job  # a retried task must not import twice
    _job_set(job, status=ImportJob.Status.RUNNING, started_at=timezone.now())
    try:
        report = people_import(
            school=job.school,
            kind=job.kind,
            text=job.content,
            actor=job.created_by,
            dry_run=job.dry_run,
            filename=job.filename,
            progress=lambda report: _job_set(job, **report.counts()),
        )
    except ImportRefused as refusal:
        _job_set(job, status=ImportJob.Status.REFUSED, refused_reason=str(refusal))
        return job
    except Exception:
        _job_set(job, status=ImportJob.Status.FAILED, refused_reason="The import stopped.")
        raise
    _job_set(job, status=ImportJob.Status.DONE, **report.counts())
    return job


def _job_set(job: ImportJob, **data: Any) -> None:
    status = data.get("status")
    if status and status != ImportJob.Status.RUNNING:
        data["finished_at"] = timezone.now()
    model_update(instance=job, fields=list(data), data=data)
