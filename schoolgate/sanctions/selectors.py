"""Reads of sanctions: what is in force, on whom, and who may see which."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from schoolgate.core.permissions import can
from schoolgate.people.models import Parent, Pupil, School
from schoolgate.policy.engine import Finding
from schoolgate.sanctions.models import Sanction
from schoolgate.sanctions.registry import decide_action, view_action

if TYPE_CHECKING:
    from schoolgate.accounts.models import User
    from schoolgate.core.types import Actor


def in_force_on(day: dt.date) -> Q:
    """Return the condition of a sanction in force on a day."""
    lifted_later = Q(lifted_at__isnull=True) | Q(lifted_at__date__gt=day)
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day)) & lifted_later


def active_sanctions(
    school: School, *, kind: str | None = None, on: dt.date | None = None
) -> QuerySet[Sanction]:
    """Return the school's sanctions in force on a day (today by default)."""
    qs = Sanction.objects.filter(in_force_on(on or timezone.localdate()), school=school)
    return qs.filter(kind=kind) if kind else qs


def is_banned(pupil: Pupil, kind: str, *, on: dt.date | None = None) -> bool:
    """Return whether a sanction of the kind is in force on the pupil."""
    return active_sanctions(pupil.school, kind=kind, on=on).filter(pupil=pupil).exists()


def banned_pupil_ids(school: School, kind: str, *, on: dt.date | None = None) -> set[int]:
    """Return the ids of the school's pupils under a sanction of the kind, in one query."""
    rows = active_sanctions(school, kind=kind, on=on).values_list("pupil_id", flat=True)
    return set(rows)


def commenter_blocked(school: School, email: str, *, on: dt.date | None = None) -> bool:
    """Return whether a commenter block on the email is in force at the school."""
    blocks = active_sanctions(school, kind=Sanction.Kind.COMMENTER_BLOCK, on=on)
    return blocks.filter(email__iexact=email.strip()).exists()


def platform_blocks_ended(
    *, platforms: list[str], on: dt.date | None = None
) -> QuerySet[Sanction]:
    """Return blocks of a platform's user, ended by a day, not yet unblocked there.

    Ended means lapsed (past the last day) or lifted early; only blocks on
    the given platforms (those that let an account be unblocked).
    """
    day = on or timezone.localdate()
    ended = Q(ends_on__lt=day) | Q(lifted_at__date__lte=day)
    return (
        Sanction.objects.filter(
            ended,
            kind=Sanction.Kind.COMMENTER_BLOCK,
            platform__in=platforms,
            platform_unblocked_at__isnull=True,
        )
        .exclude(platform_user_id="")
        .select_related("school")
        .order_by("pk")
    )


def platform_user_blocked(
    school: School, platform: str, user_id: str, *, on: dt.date | None = None
) -> bool:
    """Return whether a block of the platform's user is in force at the school."""
    blocks = active_sanctions(school, kind=Sanction.Kind.COMMENTER_BLOCK, on=on)
    return blocks.filter(platform=platform, platform_user_id=user_id).exists()


def platform_block_note(sanction: Sanction, day: dt.date) -> str:
    """Return what happens to a block of a platform's user on the platform itself.

    '' for any other sanction. Where the platform lets Schoolgate unblock,
    whether it has (or why not yet); where it does not, what the head must
    do there by hand.
    """
    from schoolgate.publishing.connectors import abilities
    from schoolgate.publishing.models import Channel

    if sanction.kind != Sanction.Kind.COMMENTER_BLOCK or not sanction.platform_user_id:
        return ""
    name = dict(Channel.Kind.choices).get(sanction.platform, sanction.platform)
    ended = sanction.state_on(day) in {Sanction.State.EXPIRED, Sanction.State.LIFTED}
    if not abilities(sanction.platform).unblock:
        todo = (
            "this block has ended: unblock the account there yourself if you blocked it"
            if ended
            else "if you blocked the account there, unblock it yourself when this block ends"
        )
        return f"{name} does not let Schoolgate block or unblock accounts: {todo}."
    if sanction.platform_unblocked_at:
        when = timezone.localtime(sanction.platform_unblocked_at)
        return f"Unblocked on {name} on {when:%-d %b %Y}."
    if not ended:
        return f"Schoolgate unblocks the account on {name} when this block ends."
    if sanction.platform_unblock_error:
        return (
            f"Still blocked on {name}: it refused to unblock ({sanction.platform_unblock_error}). "
            "Schoolgate tries again at the next comment fetch."
        )
    return f"Still blocked on {name}: Schoolgate unblocks the account at the next comment fetch."


def interaction_refusal(
    school: School, *, user: Actor = None, email: str = "", on: dt.date | None = None
) -> Finding | None:
    """Return why the person may not interact with the school's channels, or None.

    The one check for every interactive feature offered to parents and the
    public (comments, replies, forms): a commenter block on the typed email,
    the signed-in account's email or the email the school holds for the
    signed-in parent; or a parent's loss of interaction (by the signed-in
    account or any of those emails). Pass the signed-in `user` whenever
    there is one, so typing another address changes nothing. The finding
    names the rule and its source but never the sanction's reason, which is
    for the school's eyes.
    """
    signed_in = bool(getattr(user, "is_authenticated", False))
    typed = [email, getattr(user, "email", "") if signed_in else ""]
    held = _held_emails(school, user) if user is not None and signed_in else []
    emails = {e.strip().lower() for e in (*typed, *held) if e and e.strip()}
    for address in emails:
        if commenter_blocked(school, address, on=on):
            return _refusal(school, Sanction.Kind.COMMENTER_BLOCK)
    parents = Parent.objects.filter(school=school)
    who = Q(pk__in=[])
    for address in emails:
        who |= Q(email__iexact=address)  # the school may hold the address in any case
    if signed_in:
        who |= Q(user=user)
    lost = active_sanctions(school, kind=Sanction.Kind.PARENT_INTERACTION, on=on)
    if lost.filter(parent__in=parents.filter(who)).exists():
        return _refusal(school, Sanction.Kind.PARENT_INTERACTION)
    return None


def _held_emails(school: School, user: User) -> list[str]:
    # A signed-in parent is the parent the school holds, whatever address
    # they type: a block on the address the school has for them holds too.
    rows = Parent.objects.filter(school=school, user=user).exclude(email="")
    return list(rows.values_list("email", flat=True))


def _refusal(school: School, kind: str) -> Finding:
    from schoolgate.sanctions import policy
    from schoolgate.sanctions.registry import RULES

    reasons: dict[str, str] = {
        Sanction.Kind.COMMENTER_BLOCK: "Comments from this address are blocked by the school.",
        Sanction.Kind.PARENT_INTERACTION: (
            "The school has withdrawn interaction through its channels for now; "
            "please contact the school office directly."
        ),
    }
    reason = reasons[kind]
    return Finding(
        RULES[kind], reason, policy.clause(school, kind), severity="block", kind="sanction"
    )


def visible_kinds(user: User, school: School) -> list[str]:
    """Return the kinds of sanction the user may see at the school."""
    return [k for k in Sanction.Kind.values if can(user, view_action(k), school)]


def decidable_kinds(user: User, school: School) -> list[str]:
    """Return the kinds the user may impose at the school and its policy provides for."""
    from schoolgate.sanctions import policy

    return [
        k
        for k in Sanction.Kind.values
        if policy.provided_for(school, k) and can(user, decide_action(k), school)
    ]


def sanctions_for(
    user: User, school: School, *, kind: str = "", state: str = ""
) -> QuerySet[Sanction]:
    """Return the school's sanctions of the kinds the user may see, filtered."""
    kinds = visible_kinds(user, school)
    qs = Sanction.objects.filter(school=school, kind__in=[kind] if kind in kinds else kinds)
    qs = qs.select_related("pupil", "parent", "decided_by", "lifted_by")
    return _in_state(qs, state, timezone.localdate())


def _in_state(qs: QuerySet[Sanction], state: str, day: dt.date) -> QuerySet[Sanction]:
    states: dict[str, Q] = {
        Sanction.State.ACTIVE: in_force_on(day),
        Sanction.State.UPCOMING: Q(starts_on__gt=day, lifted_at__isnull=True),
        Sanction.State.EXPIRED: Q(ends_on__lt=day, lifted_at__isnull=True),
        Sanction.State.LIFTED: Q(lifted_at__date__lte=day),
    }
    return qs.filter(states[state]) if state in states else qs


def access_sanction_for(user: User, pk: int, *, decide: bool = False) -> Sanction:
    """Return the sanction if the user may see it (or decide it); else raise Http404.

    A sanction of another school, or of a kind the user may not see, answers
    exactly as a missing one does.
    """
    sanction = Sanction.objects.select_related("school__trust", "pupil", "parent").filter(pk=pk)
    found = sanction.first()
    if found is None:
        raise Http404("No such sanction.")
    action = decide_action(found.kind) if decide else view_action(found.kind)
    if not can(user, action, found):
        raise Http404("No such sanction.")
    return found


def kind_label(school: School, kind: str) -> str:
    """Return a kind of sanction as this school's policy words it.

    An ICT ban is supervised use only where the profile allows it
    (`sanctions.ict_ban:supervised_use`, shire "Pupil's use"), and no use of
    school ICT at all where it does not.
    """
    if kind == Sanction.Kind.ICT_BAN:
        from schoolgate.sanctions.policy import supervised_use_only

        supervised = supervised_use_only(school)
        return "ICT ban (supervised use only)" if supervised else "ICT ban (no use of school ICT)"
    return str(Sanction.Kind(kind).label)


def kind_choices(school: School, kinds: list[str]) -> list[tuple[str, str]]:
    """Return (kind, label) choices for the kinds given, in the model's order."""
    return [(k, kind_label(school, k)) for k in Sanction.Kind.values if k in kinds]
