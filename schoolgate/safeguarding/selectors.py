"""Reads of safeguarding records: routing, visibility and chronologies.

Visibility is ONE predicate, `_visible_q`, used by the list, the
chronologies and `access_record_for`, so that a list never shows a record
its detail page would refuse. A person may read a record when

- they are not one of its subjects (nobody reads a record about themselves,
  catalogue C7.3), and
- they hold, at the record's school, a role it was routed to, or they wrote
  it.

The writer keeps sight of their own account so they can check and correct it
(an amendment), which keeping accurate records asks of them; they do not see
the steps taken, other people's amendments or others' evidence, which are
need-to-know (`reader_level`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Window
from django.http import Http404
from django.utils import timezone

from schoolgate.core.exceptions import ApplicationError
from schoolgate.people.models import Pupil, School, StaffMember
from schoolgate.people.roles import Role
from schoolgate.people.selectors import roles_at, users_with_role
from schoolgate.policy.engine import Decision, Finding
from schoolgate.policy.rules.safeguarding import ABOVE_HEAD, ROUTE_ABOVE
from schoolgate.safeguarding import policy
from schoolgate.safeguarding.flows import KIND_RULES
from schoolgate.safeguarding.models import Evidence, Kind, Link, Record, Route, Step, Task

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from schoolgate.accounts.models import User


class Counted(TypedDict):
    """A row annotated with how many rows the query found in all."""

    total: int


NOT_FOUND = "No such record."
# What the writer of a record may do with it without being routed to it.
WRITER_ACTIONS = frozenset({"view", "amend", "attach"})
PUPIL_KINDS_PARAM: dict[str, str] = {
    Kind.CYBERBULLYING: "report_to",
    Kind.PREVENT: "report_to",
    Kind.SIGHTING: "report_to",
    Kind.INDECENT_IMAGES: "tell",
    Kind.BREACH: "handled_by",
}


class RecordRefused(ApplicationError):
    """A change the policy or the record's procedure does not allow; carries the finding."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.reason)
        self.finding = finding


def refusal(rule_id: str, school: Any, reason: str) -> RecordRefused:
    """Return the refusal of a step, citing the rule's source in the school's policy."""
    source = policy.clause(school, rule_id)
    return RecordRefused(Finding(rule_id, reason, source, severity="block", kind="safeguarding"))


# ---------------------------------------------------------------------------
# What the school's policy asks of a new record
# ---------------------------------------------------------------------------


def kind_decision(school: School, kind: str) -> Decision:
    """Return whether the school's policy offers this kind of record, and why not.

    A kind whose rule the profile switches off (sightings in the working day,
    catalogue C7.6, under most profiles) is not offered; the refusal cites
    where the profile says so.
    """
    rule = KIND_RULES[kind]
    code, version = policy.profile_of(school)
    if policy.kind_kept(school, rule):
        return Decision("safeguarding.record", (), code, version)
    reason = f"This school's policy keeps no record of this kind ({Kind(kind).label.lower()})."
    source = policy.clause(school, rule)
    finding = Finding(rule, reason, source, severity="block", kind="safeguarding")
    return Decision("safeguarding.record", (finding,), code, version)


def kinds_offered(school: School) -> list[tuple[str, str]]:
    """Return the (kind, label) pairs the school's policy offers, in order."""
    return [(k, label) for k, label in Kind.choices if kind_decision(school, k).allowed]


@dataclass(frozen=True)
class FormAsks:
    """What the form for a new record asks, as the school's policy says."""

    police_tick: bool  # indecent images: the reporter confirms the police were told
    police_source: str
    victim_police_choice: bool  # cyberbullying: the victim's own choice is asked
    line_manager: str  # cyberbullying: the clause asking staff to tell their line manager
    steps_by_discloser: bool  # adult disclosures: the steps differ by who disclosed


def form_asks(school: School) -> FormAsks:
    """Return what the school's policy asks the person raising a concern."""
    return FormAsks(
        police_tick=policy.police_told_confirmed(school),
        police_source=policy.source(school, policy.INDECENT_IMAGES),
        victim_police_choice=policy.victim_decides_police(school),
        line_manager=policy.line_manager_clause(school),
        steps_by_discloser=policy.steps_by_discloser(school),
    )


# ---------------------------------------------------------------------------
# Routing: whom a new record goes to
# ---------------------------------------------------------------------------

ROUTING = policy.ROUTING


def routes_for(school: School, kind: str, staff: list[StaffMember]) -> dict[str, str]:
    """Return {role: rule id} for the roles a new record is routed to.

    A record about a member of staff follows `safeguarding.routing` alone:
    allegations about adults are handled by the head (or, about the head,
    by those above them), not by the wider safeguarding team. Otherwise the
    pupil routing, the kind's own rule and the confidential-records readers
    all apply. The routing rule's floors then hold with the people the
    school really has (`_keep_floors`).
    """
    if staff:
        routes = dict.fromkeys(_staff_routes(school, staff), ROUTING)
    else:
        routes = _pupil_routes(school, kind)
    return _keep_floors(school, routes, staff)


def _pupil_routes(school: School, kind: str) -> dict[str, str]:
    routes = dict.fromkeys(policy.confidential_viewers(school), policy.CONFIDENTIAL)
    routes |= dict.fromkeys(policy.pupil_concerns_to(school), ROUTING)
    if kind in PUPIL_KINDS_PARAM:
        rule = KIND_RULES[kind]
        routes |= dict.fromkeys(policy.kind_routed_to(school, rule, PUPIL_KINDS_PARAM[kind]), rule)
    return routes


def _keep_floors(
    school: School, routes: dict[str, str], staff: list[StaffMember]
) -> dict[str, str]:
    """Return the routes with the routing floors kept for these subjects.

    A route whose every holder is someone the record is about is dropped; a
    concern about a leader that reaches nobody above them goes to the first
    role above them that someone holds, and is refused when nobody does; a
    record that would reach nobody goes to the trust's leaders, and one about
    staff is refused when it still reaches nobody but its subjects
    (catalogue C7.3; Keeping children safe in education, Part 4).
    """
    subjects = {m.user_id for m in staff if m.user_id}
    kept = {r: rule for r, rule in routes.items() if not _only_subjects(school, r, subjects)}
    for member in staff:
        above = _above(member, school)
        if above and not _reaches(school, kept.keys() & set(above), subjects):
            kept |= _escalation(school, above, subjects)
            if not _reaches(school, kept.keys() & set(above), subjects):
                raise refusal(ROUTING, school, _NOBODY_ABOVE)
    if not _reaches(school, kept, subjects):
        kept |= _escalation(school, ABOVE_HEAD, subjects)
    if staff and not _reaches(school, kept, subjects):
        raise refusal(ROUTING, school, _NO_READER)
    return kept


_NO_READER = (
    "Nobody in Schoolgate could read this record besides the people it is about, so it "
    "has not been saved. Tell the designated safeguarding lead, the chair of governors "
    "or the local authority designated officer (LADO) directly."
)
_NOBODY_ABOVE = (
    "A concern about a head or executive head must reach someone above them, and nobody "
    "above them has an account in Schoolgate, so it has not been saved. Tell the chair "
    "of governors or the local authority designated officer (LADO) directly."
)


def _only_subjects(school: School, role: str, subjects: set[int]) -> bool:
    if not subjects:
        return False
    holders = users_with_role(school, [role])
    return holders.exists() and not holders.exclude(pk__in=subjects).exists()


def _above(member: StaffMember, school: School) -> tuple[str, ...]:
    held = roles_at(member.user, school) if member.user else frozenset()
    for role, (_param, above) in ROUTE_ABOVE.items():
        if role in held:
            return above
    return ()


def _reaches(school: School, roles: Any, subjects: set[int]) -> bool:
    roles = list(roles)
    return bool(roles) and users_with_role(school, roles).exclude(pk__in=subjects).exists()


def _escalation(school: School, order: tuple[str, ...], subjects: set[int]) -> dict[str, str]:
    # The first role in order that someone other than the subjects holds:
    # the record goes up one step, not to everyone at once.
    for role in order:
        if _reaches(school, [role], subjects):
            return {role: ROUTING}
    return {}


def _staff_routes(school: School, staff: list[StaffMember]) -> set[str]:
    roles: set[str] = set()
    for member in staff:
        held = roles_at(member.user, school) if member.user else frozenset()
        roles |= set(policy.staff_concerns_to(school, held))
    return roles


# ---------------------------------------------------------------------------
# Who may open records at all (the second factor's floor asks)
# ---------------------------------------------------------------------------

READING_RULES = frozenset(KIND_RULES.values()) | {"safeguarding.confidential_records"}


def reader_roles(school: School) -> frozenset[str]:
    """Return every role the school's policy routes some kind of record to."""
    return policy.reader_roles(school, READING_RULES)


def may_open_records(user: User, schools: Sequence[School]) -> bool:
    """Return whether the user holds, at one of the schools, a role that opens
    safeguarding records: one the policy routes records to, or one an
    existing record was routed to."""
    held = {school.pk: roles_at(user, school) for school in schools}
    if any(held[s.pk] & reader_roles(s) for s in schools):
        return True
    routed = Route.objects.filter(record__school__in=list(held)).values_list(
        "record__school_id", "role"
    )
    return any(role in held[school_id] for school_id, role in routed.distinct())


# ---------------------------------------------------------------------------
# Visibility: the one predicate
# ---------------------------------------------------------------------------


def _visible_q(user: User, school: School) -> Q:
    return _visible_where(user, roles_at(user, school), Q(school=school))


def _visible_where(user: User, roles: Iterable[str], schools: Q) -> Q:
    """Return the records of the schools matched that the user, holding the
    roles there, may read."""
    routed = Exists(Route.objects.filter(record=OuterRef("pk"), role__in=list(roles)))
    about_them = Exists(
        Record.staff.through.objects.filter(record_id=OuterRef("pk"), staffmember__user_id=user.pk)
    )
    return schools & ~Q(about_them) & (Q(routed) | Q(reporter_id=user.pk))


def visible_in_schools(user: User | None, schools: Sequence[School]) -> QuerySet[Record]:
    """Return the records of any of the schools that the user may read (None: none).

    Schools where the user holds the same roles share one condition: a
    trust-wide role makes one for the whole trust, not one a school.
    """
    if user is None or not user.is_authenticated or not schools:
        return Record.objects.none()
    by_roles: dict[frozenset[str], list[int]] = {}
    for school in schools:
        by_roles.setdefault(roles_at(user, school), []).append(school.pk)
    either = Q(pk__in=[])
    for roles, pks in by_roles.items():
        either |= _visible_where(user, sorted(roles), Q(school__in=pks))
    return Record.objects.filter(either)


def visible_records(user: User, school: School | None) -> QuerySet[Record]:
    """Return the school's records the user may read, newest first."""
    if school is None or not getattr(user, "is_authenticated", False):
        return Record.objects.none()
    return Record.objects.filter(_visible_q(user, school))


def is_routed_to(user: User, record: Record) -> bool:
    """Return whether the user holds a role the record was routed to."""
    roles = roles_at(user, record.school)
    return record.routes.filter(role__in=list(roles)).exists()


def access_record_for(user: User, pk: int, *, action: str = "view") -> Record:
    """Return the record if the user may take the action on it; else Http404.

    A missing record and a forbidden one answer alike, so that nobody learns
    that a record about someone exists.
    """
    found = Record.objects.select_related("school__trust").filter(pk=pk).first()
    if found is None:
        raise Http404(NOT_FOUND)
    record = visible_records(user, found.school).filter(pk=pk).first()
    if record is None:
        raise Http404(NOT_FOUND)
    if action not in WRITER_ACTIONS and not is_routed_to(user, found):
        raise Http404(NOT_FOUND)
    return found


def access_evidence_for(user: User, pk: int) -> Evidence:
    """Return the evidence if the user may open it; else Http404.

    Those the record was routed to open any of its files; its writer only
    the files they uploaded themselves.
    """
    evidence = Evidence.objects.filter(pk=pk).first()
    if evidence is None:
        raise Http404("No such file.")
    record = access_record_for(user, evidence.record_id, action="view")
    if evidence.uploaded_by_id != user.pk and not is_routed_to(user, record):
        raise Http404("No such file.")
    evidence.record = record
    return evidence


def may_read_in_full(user: User, record: Record) -> bool:
    """Return whether the user reads the record in full: visible and routed to them."""
    visible = visible_records(user, record.school).filter(pk=record.pk).exists()
    return visible and is_routed_to(user, record)


def reader_level(user: User, record: Record) -> str:
    """Return "full" for those the record was routed to, "writer" otherwise."""
    return "full" if is_routed_to(user, record) else "writer"


# ---------------------------------------------------------------------------
# Chronologies
# ---------------------------------------------------------------------------


def access_person_for(
    user: User,
    model: type[Pupil] | type[StaffMember],
    pk: int,
    *,
    action: str = "safeguarding.view",
) -> Any:
    """Return the pupil or member of staff whose chronology the user may open.

    Missing, at a school where the user holds no staff role, or the user
    without the action: the same Http404.
    """
    from schoolgate.core.permissions import can  # it imports people selectors

    person = model.objects.select_related("school__trust").filter(pk=pk).first()
    if person is None:
        raise Http404("No such person.")
    if not can(user, action, person.school):
        raise Http404("No such person.")
    return person


def pupil_chronology(user: User, pupil: Pupil) -> QuerySet[Record]:
    """Return the pupil's records that the user may read, oldest first."""
    return _chronology(visible_records(user, pupil.school).filter(pupils=pupil))


def staff_chronology(user: User, member: StaffMember) -> QuerySet[Record]:
    """Return the records about a member of staff that the user may read."""
    return _chronology(visible_records(user, member.school).filter(staff=member))


def _chronology(qs: QuerySet[Record]) -> QuerySet[Record]:
    return (
        qs.select_related("reporter")
        .prefetch_related("pupils", "staff")
        .order_by("happened_at", "pk")
    )


# ---------------------------------------------------------------------------
# Links and follow-up tasks
# ---------------------------------------------------------------------------


def linked_records(user: User, record: Record) -> QuerySet[Record]:
    """Return the records linked to this one that the user may also read."""
    pairs = Link.objects.filter(Q(low=record) | Q(high=record)).values_list("low_id", "high_id")
    others = {pk for pair in pairs for pk in pair} - {record.pk}
    return visible_records(user, record.school).filter(pk__in=others).order_by("happened_at")


def record_tasks(record: Record) -> QuerySet[Task]:
    """Return a record's follow-up tasks, open ones first by due date."""
    return record.tasks.select_related("assignee", "done_by").order_by("done_at", "due_on", "pk")


def open_tasks_for(user: User, school: School | None) -> QuerySet[Task]:
    """Return the user's open tasks on records they may still read, soonest first."""
    visible = visible_records(user, school).values("pk")
    return (
        Task.objects.filter(assignee=user, done_at__isnull=True, record__in=visible)
        .select_related("record")
        .order_by("due_on", "pk")
    )


def access_task_for(user: User, pk: int) -> Task:
    """Return the task if the user reads its record in full; else Http404."""
    task = Task.objects.select_related("record__school__trust").filter(pk=pk).first()
    if task is None or not may_read_in_full(user, task.record):
        raise Http404("No such task.")
    return task


def tasks_due_soon(
    user: User, school: School | None, *, within_days: int, limit: int
) -> list[WithAnnotations[Task, Counted]]:
    """Return up to `limit` of the user's open tasks due within the days given
    or overdue, soonest first, each annotated with `total` (how many in all).

    Only tasks on records routed to the user, as `access_task_for` asks, so
    each one can be opened and marked done; nothing here is audited as a view.
    """
    horizon = timezone.localdate() + dt.timedelta(days=within_days)
    routed = Exists(
        Route.objects.filter(record=OuterRef("record_id"), role__in=list(roles_at(user, school)))
    )
    return list(
        open_tasks_for(user, school)
        .select_related(None)
        .filter(routed, due_on__lte=horizon)
        .annotate(total=Window(Count("pk")))[:limit]
    )


def open_records_routed(
    user: User, school: School | None, *, limit: int
) -> list[WithAnnotations[Record, Counted]]:
    """Return up to `limit` open records routed to the user, urgent ones and
    those with no step recorded yet first, then the oldest; each annotated
    with `total` (how many in all) and `unstarted` (no step recorded yet).

    Only records routed to the user (not merely written by them), so each
    opens in full; a record about the user is never among them.
    """
    if school is None:
        return []
    routed = Exists(
        Route.objects.filter(record=OuterRef("pk"), role__in=list(roles_at(user, school)))
    )
    started = Exists(Step.objects.filter(record=OuterRef("pk")))
    return list(
        visible_records(user, school)
        .filter(routed, status=Record.Status.OPEN)
        .annotate(total=Window(Count("pk")), unstarted=~started)
        .order_by("-urgency", "-unstarted", "created_at", "pk")[:limit]
    )


# ---------------------------------------------------------------------------
# A record opened from a moderated comment
# ---------------------------------------------------------------------------


def moderated_comment_for(user: User, school: School | None, ref: str | None) -> Any:
    """Return the comment named by `ref` as evidence to keep, None without a ref.

    The moderation app is imported lazily (it may not be installed). The
    comment must be at the school and the user one who moderates there;
    otherwise the same Http404 as a missing one.
    """
    if not ref:
        return None
    from django.apps import apps

    from schoolgate.core.permissions import can
    from schoolgate.safeguarding.services import CommentEvidence

    try:
        model = apps.get_model("moderation", "Comment")
    except LookupError:
        raise Http404("No such comment.") from None
    comment = model.objects.filter(pk=int(ref) if ref.isdigit() else 0, school=school).first()
    if comment is None or not can(user, "moderation.queue", school):
        raise Http404("No such comment.")
    return CommentEvidence(
        text=comment.text,
        author=comment.name,
        posted_at=comment.submitted_at,
        channel=str(getattr(comment, "channel", "") or getattr(comment, "post", "") or ""),
        reference=f"moderation.Comment:{comment.pk}",
    )


def reporter_default(user: User, school: School | None) -> str:
    """Return the user's name and role as a new record's "Your name and role".

    The job title on the staff record reads best ("Year 4 class teacher");
    without one, the user's roles at the school.
    """
    member = StaffMember.objects.filter(user=user, school=school).exclude(job_title="").first()
    if member is not None:
        return f"{user}, {member.job_title}"
    roles = sorted(Role(r).label for r in roles_at(user, school) if r in Role.values)
    return f"{user}, {' and '.join(roles)}" if roles else str(user)
