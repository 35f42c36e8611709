"""Everything the school holds about one person, as tables (C9.3).

Each table is what one part of Schoolgate keeps about the person: a pupil,
a parent or carer, or a member of staff. Only rows about that person are
read (their own profile, their own answers, photos tagged to them, comments
they wrote, sanctions on them, audit entries whose subject is them), so a
request answers for one person and discloses nobody else's records.

Safeguarding records are never part of an export: they are counted so that
the DSL can review them, and the law's exemptions (where telling would put a
child at risk) are the DSL's call, not this code's.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from schoolgate.audit.events import label as event_label
from schoolgate.audit.models import AuditEntry
from schoolgate.core.exports import csv_cell
from schoolgate.core.pdf import html_to_pdf
from schoolgate.dataprotection.models import PersonKind

if TYPE_CHECKING:
    from schoolgate.accounts.models import User
    from schoolgate.consent.models import PhotoConsent, RenewalRequest
    from schoolgate.photos.models import Face
    from schoolgate.sanctions.models import Sanction


@dataclass(frozen=True)
class Table:
    """One CSV file of the export: a title for people, a file name, rows."""

    name: str
    title: str
    header: list[str]
    rows: list[list[Any]]

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"


def _when(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value.isoformat())


def _profile(fields: list[tuple[str, Any]]) -> Table:
    return Table("profile", "Profile", ["field", "value"], [[k, v] for k, v in fields])


# ---------------------------------------------------------------------------
# Shared tables
# ---------------------------------------------------------------------------


def _consents(answers: QuerySet[PhotoConsent]) -> Table:
    rows = [
        [
            str(a.pupil),
            a.get_use_display(),
            a.get_answer_display(),
            a.get_method_display(),
            _when(a.given_on),
            str(a.parent) if a.parent else "",
            a.note,
            "current" if a.superseded_at is None else f"replaced {_when(a.superseded_at)}",
        ]
        for a in answers.select_related("pupil", "parent").order_by("given_on", "created_at")
    ]
    header = ["pupil", "use", "answer", "how", "date", "given by", "note", "state"]
    return Table("consents", "Photo consent and its history", header, rows)


def _renewals(requests: QuerySet[RenewalRequest]) -> Table:
    rows = [
        [str(r.pupil), r.get_stage_display(), _when(r.expires_on), _when(r.sent_at), r.emailed]
        for r in requests.select_related("pupil").order_by("sent_at")
    ]
    header = ["pupil", "stage", "consent lapses on", "sent", "by email"]
    return Table("consent_renewals", "Consent renewal requests", header, rows)


def _faces(faces: QuerySet[Face]) -> Table:
    rows = [
        [
            f.photo_id,
            str(f.photo.post),
            f.photo.post.get_status_display(),
            _when(f.photo.post.published_at),
            f.photo.caption,
            f.get_accounting_display(),
            f"{f.x},{f.y},{f.w},{f.h}",
        ]
        for f in faces.select_related("photo__post__current").order_by("photo__created_at", "pk")
    ]
    header = ["photo", "post", "post status", "published", "caption", "tagged as", "box"]
    return Table("photos", "Photos showing them, with their tags", header, rows)


def _sanctions(sanctions: QuerySet[Sanction]) -> Table:
    rows = [
        [
            s.get_kind_display(),
            _when(s.starts_on),
            _when(s.ends_on),
            s.reason,
            _when(s.lifted_at),
            s.lift_reason,
        ]
        for s in sanctions.order_by("starts_on", "pk")
    ]
    header = ["kind", "from", "last day", "reason", "lifted", "why lifted"]
    return Table("sanctions", "Sanctions", header, rows)


def _audit(subjects: Q) -> Table:
    """Audit entries whose subject is the person, leaving out confidential ones.

    Safeguarding's own entries are left out even when they name no record (a
    chronology opened while it was empty): that someone looked is the DSL's
    to disclose or not.
    """
    entries = (
        AuditEntry.objects.filter(subjects)
        .filter(marks__isnull=True)
        .exclude(event__startswith="safeguarding.")
        .order_by("seq")
    )
    rows = [
        [e.seq, _when(e.at), event_label(e.event), e.actor_label or "Schoolgate", e.subject_label]
        for e in entries
    ]
    header = ["entry", "when", "what happened", "by", "about"]
    return Table("audit", "Audit entries about them", header, rows)


def _about(*subjects: Any) -> Q:
    condition = Q(pk__in=[])
    for subject in subjects:
        if subject is not None:
            meta = subject._meta
            condition |= Q(
                subject_type=f"{meta.app_label}.{meta.model_name}", subject_id=str(subject.pk)
            )
    return condition


# ---------------------------------------------------------------------------
# One kind of person each
# ---------------------------------------------------------------------------


def _pupil_tables(pupil: Any) -> list[Table]:
    from schoolgate.consent.models import PhotoConsent, RenewalRequest
    from schoolgate.photos.models import Face
    from schoolgate.publishing.models import Post
    from schoolgate.sanctions.models import Sanction

    profile = _profile(
        [
            ("MIS id", pupil.mis_id),
            ("first name", pupil.first_name),
            ("surname", pupil.surname),
            ("preferred name", pupil.preferred_name),
            ("date of birth", _when(pupil.date_of_birth)),
            ("year group", pupil.year_group),
            ("class", pupil.class_name),
            ("status", pupil.get_status_display()),
            ("left on", _when(pupil.left_on)),
        ]
    )
    links = pupil.parentlink_set.select_related("parent").order_by("parent__surname")
    family = Table(
        "parents",
        "Parents and carers on record",
        ["name", "relationship"],
        [[str(link.parent), link.relationship] for link in links],
    )
    posts = Post.objects.filter(pupils=pupil).select_related("current").order_by("created_at")
    tagged = Table(
        "posts",
        "Posts they are tagged in",
        ["post", "status", "published"],
        [[str(p), p.get_status_display(), _when(p.published_at)] for p in posts],
    )
    return [
        profile,
        family,
        _consents(PhotoConsent.objects.filter(pupil=pupil)),
        _renewals(RenewalRequest.objects.filter(pupil=pupil)),
        tagged,
        _faces(Face.objects.filter(pupil=pupil)),
        _sanctions(Sanction.objects.filter(pupil=pupil)),
        _audit(_about(pupil)),
    ]


def _parent_tables(parent: Any) -> list[Table]:
    from schoolgate.consent.models import PhotoConsent, RenewalRequest
    from schoolgate.moderation.models import Comment
    from schoolgate.sanctions.models import Sanction

    profile = _profile(
        [
            ("MIS id", parent.mis_id),
            ("title", parent.title),
            ("first name", parent.first_name),
            ("surname", parent.surname),
            ("email", parent.email),
            ("phone", parent.phone),
            ("signs in to Schoolgate", "yes" if parent.user_id else "no"),
        ]
    )
    links = parent.parentlink_set.select_related("pupil").order_by("pupil__surname")
    children = Table(
        "children",
        "Children on record",
        ["name", "relationship"],
        [[str(link.pupil), link.relationship] for link in links],
    )
    mine = Q(parent=parent)
    if parent.email:
        mine |= Q(email__iexact=parent.email)
    comments = Comment.objects.filter(mine, school=parent.school).order_by("submitted_at")
    written = Table(
        "comments",
        "Comments they wrote",
        ["written", "where", "name given", "text", "status", "decided"],
        [
            [_when(c.submitted_at), c.get_source_display(), c.name, c.text]
            + [c.get_status_display(), _when(c.decided_at)]
            for c in comments
        ],
    )
    return [
        profile,
        children,
        _consents(PhotoConsent.objects.filter(parent=parent)),
        _renewals(RenewalRequest.objects.filter(parent=parent)),
        written,
        _sanctions(Sanction.objects.filter(mine, school=parent.school)),
        _audit(_about(parent, parent.user)),
    ]


def _staff_tables(staff: Any) -> list[Table]:
    from schoolgate.consent.models import StaffPhotoPermission
    from schoolgate.photos.models import Face

    profile = _profile(
        [
            ("MIS id", staff.mis_id),
            ("title", staff.title),
            ("first name", staff.first_name),
            ("surname", staff.surname),
            ("name used at school", staff.formal_name),
            ("school email", staff.email),
            ("kind", staff.get_kind_display()),
            ("job title", staff.job_title),
            ("current", "yes" if staff.is_current else "no"),
        ]
    )
    permissions = StaffPhotoPermission.objects.filter(staff=staff).order_by("given_on")
    own = Table(
        "photo_permission",
        "Their permission for photos, and its history",
        ["answer", "how", "date", "note", "state"],
        [
            [p.get_answer_display(), p.get_method_display(), _when(p.given_on), p.note]
            + ["current" if p.superseded_at is None else f"replaced {_when(p.superseded_at)}"]
            for p in permissions
        ],
    )
    return [
        profile,
        own,
        _faces(Face.objects.filter(staff=staff)),
        *_user_tables(staff.user, staff.school),
        _audit(_about(staff, staff.user)),
    ]


def _user_tables(user: User, school: Any) -> list[Table]:
    """What a member of staff's account did that is about them: roles, posts, forms."""
    from schoolgate.compliance.models import SignOff, TrainingSession
    from schoolgate.people.models import RoleAssignment
    from schoolgate.publishing.models import Post
    from schoolgate.registers.models import Declaration

    if user is None:
        return []
    roles = RoleAssignment.objects.filter(user=user).select_related("school", "trust")
    posts = Post.objects.filter(author=user, school=school).select_related("current")
    declarations = Declaration.objects.filter(declarant=user, school=school)
    training = TrainingSession.objects.filter(attendees=user, school=school)
    signoffs = SignOff.objects.filter(user=user).select_related("version")
    return [
        Table(
            "roles",
            "Roles",
            ["role", "where", "from", "to"],
            [
                [r.get_role_display(), str(r.school or r.trust), _when(r.starts_on)]
                + [_when(r.ends_on)]
                for r in roles
            ],
        ),
        Table(
            "posts",
            "Posts they wrote",
            ["post", "status", "published"],
            [[str(p), p.get_status_display(), _when(p.published_at)] for p in posts],
        ),
        Table(
            "declarations",
            "Declarations",
            ["kind", "status", "signed on", "pupils", "parents", "the link"],
            [
                [d.get_kind_display(), d.get_status_display(), _when(d.signed_on)]
                + [d.pupil_names, d.parent_names, d.details]
                for d in declarations.order_by("signed_on", "pk")
            ],
        ),
        Table(
            "training",
            "Training attended",
            ["session", "held on"],
            [[t.title, _when(t.held_on)] for t in training.order_by("held_on")],
        ),
        Table(
            "policy_signoffs",
            "Policy sign-off",
            ["policy version", "answer", "when", "question"],
            [
                [str(s.version), s.get_status_display(), _when(s.answered_at), s.question]
                for s in signoffs.order_by("answered_at")
            ],
        ),
    ]


TABLES: dict[str, Callable[[Any], list[Table]]] = {
    PersonKind.PUPIL: _pupil_tables,
    PersonKind.PARENT: _parent_tables,
    PersonKind.STAFF: _staff_tables,
}


def tables_for(kind: str, person: Any) -> list[Table]:
    """Return every table of what is held about the person."""
    return TABLES[kind](person)


def safeguarding_count(kind: str, person: Any) -> int:
    """Return how many safeguarding records name the person (for the DSL to review)."""
    from schoolgate.safeguarding.models import Record

    if kind == PersonKind.PUPIL:
        return Record.objects.filter(pupils=person).count()
    if kind == PersonKind.STAFF:
        return Record.objects.filter(staff=person).count()
    return 0


# ---------------------------------------------------------------------------
# The archive
# ---------------------------------------------------------------------------


def _csv(table: Table) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads the file as UTF-8
    writer = csv.writer(out)
    writer.writerow(table.header)
    writer.writerows([csv_cell(v) for v in row] for row in table.rows)
    return out.getvalue()


def summary_pdf(*, school: Any, kind: str, person: Any, tables: Iterable[Table]) -> bytes:
    """Return the readable summary: each table, in full, under its title."""
    html = render_to_string(
        "dataprotection/summary.html",
        {
            "school": school,
            "kind": PersonKind(kind).label,
            "person": person,
            "tables": list(tables),
            "made_on": timezone.localdate(),
        },
    )
    return html_to_pdf(html)


def build_zip(*, school: Any, kind: str, person: Any) -> tuple[bytes, list[Table]]:
    """Return the ZIP (one CSV per table and summary.pdf) and the tables in it."""
    tables = tables_for(kind, person)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            archive.writestr(table.filename, _csv(table))
        archive.writestr(
            "summary.pdf", summary_pdf(school=school, kind=kind, person=person, tables=tables)
        )
    return buffer.getvalue(), tables
