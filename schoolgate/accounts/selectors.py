"""Reads about a person's sign-in: second-factor devices, invitations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.http import Http404
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken

from schoolgate.accounts.models import Invitation, InvitationBatch, SchoolSignIn, User
from schoolgate.accounts.services import BACKUP_DEVICE_NAME
from schoolgate.people.models import Parent, School, StaffMember


def backup_codes_remaining(*, user: User) -> int:
    """Return how many of the user's backup codes are still unused."""
    return int(
        StaticToken.objects.filter(
            device__user=user, device__name=BACKUP_DEVICE_NAME, device__confirmed=True
        ).count()
    )


@dataclass(frozen=True)
class InvitationRow:
    """A person with a login at the school, and where their invitation stands."""

    name: str
    email: str
    user: User
    invitation: Invitation | None
    state: str  # one of STATES

    @property
    def label(self) -> str:
        return STATES[self.state]


STATES = {
    "not_invited": "Not invited yet",
    "invited": "Invited, not accepted yet",
    "expired": "Invitation expired",
    "accepted": "Signed in",
}


def _state(user: User, invitation: Invitation | None, now: datetime) -> str:
    if (invitation and invitation.accepted_at) or user.has_usable_password():
        return "accepted"
    if invitation is None or invitation.sent_at is None:
        return "not_invited"
    return "invited" if invitation.is_open(now) else "expired"


def _rows(school: School, people: list[tuple[str, str, User]]) -> list[InvitationRow]:
    invitations = {
        i.user_id: i
        for i in Invitation.objects.filter(school=school, user__in=[u for _, _, u in people])
    }
    now = timezone.now()
    rows = []
    for name, email, user in people:
        invitation = invitations.get(user.pk)
        rows.append(InvitationRow(name, email, user, invitation, _state(user, invitation, now)))
    return rows


def staff_invitations(school: School) -> list[InvitationRow]:
    """Return the school's current staff with a login, and their invitations."""
    staff = (
        StaffMember.objects.filter(school=school, is_current=True, user__isnull=False)
        .select_related("user")
        .order_by("surname", "first_name")
    )
    # The query keeps only those with a login.
    return _rows(school, [(s.formal_name or s.surname, s.email, s.user) for s in staff if s.user])


def parent_invitations(school: School) -> list[InvitationRow]:
    """Return the school's parents with a login, and their invitations."""
    parents = (
        Parent.objects.filter(school=school, user__isnull=False)
        .select_related("user")
        .order_by("surname", "first_name")
    )
    people = {
        p.user_id: (f"{p.title} {p.first_name} {p.surname}".strip(), p.email, p.user)
        for p in parents
        if p.user  # the query keeps only those with a login
    }
    return _rows(school, list(people.values()))


def parent_method(school: School) -> str:
    """Return how the school's parents sign in (see SchoolSignIn)."""
    row = SchoolSignIn.objects.filter(school=school).first()
    return row.parent_method if row else SchoolSignIn.ParentMethod.LINK


def access_invitation_batch_for(user: User, pk: int) -> InvitationBatch:
    """Return the batch if the user may invite at its school; else raise Http404."""
    from schoolgate.core.permissions import can

    batch = InvitationBatch.objects.select_related("school").filter(pk=pk).first()
    if batch is None or not can(user, "account.invite", batch.school):
        raise Http404("No such invitations.")
    return batch


def access_invitation_for(user: User, pk: int) -> Invitation:
    """Return the invitation if the user may invite at its school; else raise Http404."""
    from schoolgate.core.permissions import can

    invitation = Invitation.objects.select_related("school", "user").filter(pk=pk).first()
    if invitation is None or not can(user, "account.invite", invitation.school):
        raise Http404("No such invitation.")
    return invitation


def parents_without_login(school: School) -> list[Parent]:
    """Return the school's parents who cannot sign in yet, for printed letters.

    Those with no login (no email in the MIS) and those whose login from the
    import has never been used and has no password.
    """
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.db.models import Q

    no_password = {"user__password__startswith": UNUSABLE_PASSWORD_PREFIX}
    never_used = Q(user__last_login__isnull=True, **no_password)
    return list(
        Parent.objects.filter(Q(user__isnull=True) | never_used, school=school)
        .select_related("school")
        .prefetch_related("children")
        .order_by("surname", "first_name")
    )
