"""Second-factor devices: enrolment and backup codes."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from schoolgate.accounts.models import (
    Invitation,
    InvitationBatch,
    SchoolSignIn,
    SignInProvider,
    User,
)
from schoolgate.audit.services import audit_log
from schoolgate.core.services import model_update
from schoolgate.notifications.services import send_always
from schoolgate.people.models import School

if TYPE_CHECKING:
    from schoolgate.accounts.models import User
    from schoolgate.core.types import Actor

BACKUP_CODE_COUNT = 8
BACKUP_DEVICE_NAME = "Backup codes"


def totp_device_start(*, user: User) -> TOTPDevice:
    """Return the user's unconfirmed authenticator device, making one if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False
    )


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm the device if the code is right; return whether it was."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_log(event="auth.second_factor_enrolled", actor=device.user, subject=device.user)
    return True


@transaction.atomic
def backup_codes_issue(*, user: User, codes: list[str] | None = None) -> list[str]:
    """Replace the user's backup codes with fresh ones and return them.

    Each code works once. `codes` fixes the values (for the demo trust only).
    """
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE_NAME)
    device.token_set.all().delete()
    values = codes or [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=v) for v in values)
    audit_log(event="auth.backup_codes_issued", actor=user, subject=user)
    return values


@transaction.atomic
def user_password_change(*, user: User, password: str) -> None:
    """Set a new password for the user (already validated) and audit it."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_log(event="auth.password_changed", actor=user, subject=user)


def login_failure_record(*, email: str) -> None:
    """Audit a failed sign-in, keeping only a masked form of the address typed.

    The address may belong to nobody, or be someone's password typed into the
    wrong box, so it is never stored whole.
    """
    audit_log(event="auth.login_failed", extra={"email": email_mask(email)})


def email_mask(email: str) -> str:
    """Return the address with all but the first letter of each part hidden."""
    text = (email or "").strip().lower()
    if "@" not in text:
        return "***" if text else ""
    local, _, domain = text.rpartition("@")
    name, dot, tld = domain.rpartition(".")
    return f"{local[:1]}***@{name[:1]}***{dot}{tld if dot else ''}"


# ---------------------------------------------------------------------------
# Invitations: an imported person sets a password (then enrols a second factor)
# ---------------------------------------------------------------------------

INVITATION_DAYS = 7


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_batch_create(
    *, school: School, users: list[User], base_url: str, actor: User
) -> InvitationBatch:
    """Queue one invitation email to each user; return the batch to watch.

    The emails go out from the task worker once this is committed; their
    links start with `base_url`, the address the school uses.
    """
    from schoolgate.accounts.tasks import invitation_batch_task

    batch = InvitationBatch(school=school, total=len(users), created_by=actor)
    batch.full_clean()
    batch.save()
    for user in users:
        invitation, _ = Invitation.objects.get_or_create(
            user=user,
            school=school,
            defaults={"token_digest": _digest(secrets.token_urlsafe(32)), "expires_at": _expiry()},
        )
        model_update(instance=invitation, fields=["batch"], data={"batch": batch})
    audit_log(
        event="auth.invitations_queued",
        actor=actor,
        subject=batch,
        school=school,
        extra={"people": len(users)},
    )
    transaction.on_commit(lambda: invitation_batch_task.enqueue(batch.pk, base_url))
    return batch


def _expiry() -> datetime:
    return timezone.now() + timedelta(days=INVITATION_DAYS)


def invitation_batch_send(*, batch_id: int, base_url: str) -> InvitationBatch:
    """Send each invitation of a queued batch, saving progress as it goes."""
    batch = InvitationBatch.objects.select_related("school", "created_by").get(pk=batch_id)
    if batch.status != InvitationBatch.Status.QUEUED:
        return batch  # a retried task must not send twice
    _batch_set(batch, status=InvitationBatch.Status.SENDING)
    invitations = Invitation.objects.filter(batch=batch).select_related("user", "school")
    try:
        for invitation in invitations:
            invitation_send(invitation=invitation, actor=batch.created_by, base_url=base_url)
            _batch_set(batch, sent=batch.sent + 1)
    except Exception:
        _batch_set(batch, status=InvitationBatch.Status.FAILED, finished_at=timezone.now())
        raise
    _batch_set(batch, status=InvitationBatch.Status.DONE, finished_at=timezone.now())
    return batch


def _batch_set(batch: InvitationBatch, **data: Any) -> None:
    model_update(instance=batch, fields=list(data), data=data)


@transaction.atomic
def invitation_send(*, invitation: Invitation, actor: Actor, base_url: str) -> Invitation:
    """Email a fresh link (valid for 7 days) and return the invitation.

    A new secret each time: the link in an earlier email stops working.
    """
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    data = {
        "token_digest": _digest(token),
        "sent_at": now,
        "expires_at": now + timedelta(days=INVITATION_DAYS),
        "send_count": invitation.send_count + 1,
        "invited_by": actor if getattr(actor, "is_authenticated", False) else None,
    }
    model_update(instance=invitation, fields=list(data), data=data)
    audit_log(
        event="auth.invitation_sent",
        actor=actor,
        subject=invitation.user,
        school=invitation.school,
        extra={"invitation": invitation.pk, "times": invitation.send_count},
    )
    from schoolgate.people.selectors import is_staff_member

    link = base_url.rstrip("/") + reverse("accounts:invitation", args=[token])
    context = {
        "invitation": invitation,
        "link": link,
        "days": INVITATION_DAYS,
        "staff": is_staff_member(invitation.user),
        "sets_password": invitation_sets_password(invitation),
    }
    subject = f"Your Schoolgate account at {invitation.school}"
    body = render_to_string("accounts/email/invitation.txt", context)
    recipient = [invitation.user.email]
    transaction.on_commit(
        lambda: send_always(kind="accounts.invitation", to=recipient, subject=subject, body=body)
    )
    return invitation


def invitation_sets_password(invitation: Invitation) -> bool:
    """Return whether accepting means choosing a password (all but link-only parents)."""
    from schoolgate.accounts.selectors import parent_method
    from schoolgate.people.selectors import is_staff_member

    if is_staff_member(invitation.user):
        return True
    return parent_method(invitation.school) == SchoolSignIn.ParentMethod.PASSWORD


def invitation_for_token(token: str) -> Invitation | None:
    """Return the open invitation whose link carries this secret, if any."""
    invitation = (
        Invitation.objects.select_related("user", "school")
        .filter(token_digest=_digest(token))
        .first()
    )
    if invitation is None or not invitation.is_open(timezone.now()):
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str | None) -> User:
    """Set the invited person's password (already validated); return them.

    The link then stops working; staff enrol a second factor next. A parent
    at a school whose parents sign in by link sets no password (None).
    """
    user = invitation.user
    if password is not None:
        user.set_password(password)
        user.save(update_fields=["password"])
    model_update(instance=invitation, fields=["accepted_at"], data={"accepted_at": timezone.now()})
    audit_log(event="auth.invitation_accepted", actor=user, subject=user, school=invitation.school)
    return user


@transaction.atomic
def password_reset_record(*, email: str, sent: bool) -> None:
    """Audit a request for a reset link (the address masked, as for failed sign-ins)."""
    audit_log(
        event="auth.password_reset_requested",
        extra={"email": email_mask(email), "rate_limited": not sent},
    )


@transaction.atomic
def password_reset_audit(*, user: User) -> None:
    """Audit a password set from a reset link (Django's view saved it)."""
    audit_log(event="auth.password_reset", actor=user, subject=user)


# ---------------------------------------------------------------------------
# Parents: how they sign in
# ---------------------------------------------------------------------------

# Sign-in links are scoped: a token made for anything else never signs in here.
SIGN_IN_LINK_SCOPE = "parent-sign-in"


@transaction.atomic
def school_sign_in_set(*, school: School, parent_method: str, actor: User) -> SchoolSignIn:
    """Choose how the school's parents sign in; return the setting."""
    row, _ = SchoolSignIn.objects.get_or_create(school=school)
    _, changed = model_update(
        instance=row, fields=["parent_method"], data={"parent_method": parent_method}
    )
    if changed:
        audit_log(
            event="auth.parent_method_set",
            actor=actor,
            subject=row,
            school=school,
            extra={"parent_method": parent_method},
        )
    return row


def parent_user_for_link(email: str) -> User | None:
    """Return the parent who may sign in by link with this address, if any.

    Only people who are parents and nothing else, at a school that chose
    links: a link must never open a member of staff's account.
    """
    from schoolgate.accounts.selectors import parent_method
    from schoolgate.people.selectors import roles_at, schools_for

    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or roles_at(user, None) != {"parent"}:
        return None
    if not any(parent_method(s) == SchoolSignIn.ParentMethod.LINK for s in schools_for(user)):
        return None
    return user


@transaction.atomic
def sign_in_link_send(*, email: str, base_url: str, allowed: bool) -> None:
    """Email a one-time sign-in link to a parent with this address, if there is one.

    The request is audited with the address masked, whatever the outcome.
    """
    from sesame.utils import get_query_string

    user = parent_user_for_link(email) if allowed else None
    audit_log(
        event="auth.magic_link_requested",
        extra={"email": email_mask(email), "sent": user is not None, "rate_limited": not allowed},
    )
    if user is None:
        return
    query = get_query_string(user, scope=SIGN_IN_LINK_SCOPE)
    link = base_url.rstrip("/") + reverse("accounts:sign_in_link") + query
    context = {"user": user, "link": link, "minutes": settings.SESAME_MAX_AGE // 60}
    body = render_to_string("accounts/email/sign_in_link.txt", context)
    recipient = [user.email]
    subject = "Your Schoolgate sign-in link"
    transaction.on_commit(
        lambda: send_always(kind="accounts.sign_in_link", to=recipient, subject=subject, body=body)
    )


# ---------------------------------------------------------------------------
# The trust's Microsoft 365 / Google Workspace sign-in
# ---------------------------------------------------------------------------


@transaction.atomic
def sign_in_provider_save(
    *, trust: Any, data: dict[str, Any], secret: str, actor: User
) -> SignInProvider:
    """Create or change the trust's provider of this kind; return it.

    An empty `secret` keeps the one stored. The secret is never audited.
    """
    from schoolgate.accounts.crypto import seal_secret

    fields = ["tenant", "issuer", "client_id", "enabled"]
    row = SignInProvider.objects.filter(trust=trust, kind=data["kind"]).first()
    if row is None:
        row = SignInProvider(trust=trust, kind=data["kind"], **{f: data[f] for f in fields})
        row.secret_sealed = seal_secret(secret)
        row.full_clean()
        row.save()
        changed = [*fields, "secret"] if secret else fields
    else:
        update = {f: data[f] for f in fields}
        if secret:
            update["secret_sealed"] = seal_secret(secret)
        _, changed = model_update(instance=row, fields=list(update), data=update)
        changed = ["secret" if f == "secret_sealed" else f for f in changed]
    audit_log(
        event="auth.sign_in_provider_saved",
        actor=actor,
        subject=row,
        extra={"kind": row.kind, "changed": changed},
    )
    return row


# ---------------------------------------------------------------------------
# Printed letters: a one-time code for a parent with no login yet
# ---------------------------------------------------------------------------

LETTER_CODE_DAYS = 30
# No 0/O, 1/I/L: a code is read off paper and typed by hand.
LETTER_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LETTER_CODE_LENGTH = 12
_LETTER_CODE_SALT = "schoolgate.accounts.letter_code"


class LetterCodeRefused(Exception):
    """The code's parent cannot be given a login this way (the message says why)."""


def letter_code_normalise(text: str) -> str:
    """Return the code as stored: capitals, without the spaces or dashes typed."""
    return "".join(c for c in (text or "").upper() if c.isalnum())


def _letter_digest(code: str) -> str:
    from django.utils.crypto import salted_hmac

    return salted_hmac(
        _LETTER_CODE_SALT, letter_code_normalise(code), algorithm="sha256"
    ).hexdigest()


def _letter_code_new() -> str:
    chars = "".join(secrets.choice(LETTER_CODE_ALPHABET) for _ in range(LETTER_CODE_LENGTH))
    return "-".join(chars[i : i + 4] for i in range(0, LETTER_CODE_LENGTH, 4))


@transaction.atomic
def parent_letters_issue(
    *, school: School, parents: list[Any], actor: User
) -> list[tuple[Any, str]]:
    """Make a fresh code for each parent; return (parent, code) pairs to print.

    A parent's unused codes from earlier letters stop working. Only the
    codes' digests are stored; the audit log records how many, not the codes.
    """
    from schoolgate.accounts.models import ParentLetterCode

    now = timezone.now()
    ParentLetterCode.objects.filter(parent__in=parents, used_at__isnull=True).delete()
    made_by = actor if getattr(actor, "is_authenticated", False) else None
    letters = [(parent, _letter_code_new()) for parent in parents]
    ParentLetterCode.objects.bulk_create(
        ParentLetterCode(
            parent=parent,
            school=school,
            code_digest=_letter_digest(code),
            created_by=made_by,
            expires_at=now + timedelta(days=LETTER_CODE_DAYS),
        )
        for parent, code in letters
    )
    audit_log(
        event="auth.parent_letters_printed",
        actor=actor,
        school=school,
        label="sign-in letters for parents as PDF",
        extra={"letters": len(letters)},
    )
    return letters


def letter_code_for(code: str) -> Any:
    """Return the unused, unexpired letter code matching what was typed, if any."""
    from schoolgate.accounts.models import ParentLetterCode

    if len(letter_code_normalise(code)) != LETTER_CODE_LENGTH:
        return None
    letter = (
        ParentLetterCode.objects.select_related("parent__school__trust", "parent__user")
        .filter(code_digest=_letter_digest(code))
        .first()
    )
    if letter is None or not letter.is_open(timezone.now()):
        return None
    return letter


@transaction.atomic
def letter_code_refused_record(*, rate_limited: bool) -> None:
    """Audit a code that did not work (the code itself is never kept)."""
    audit_log(event="auth.parent_letter_code_refused", extra={"rate_limited": rate_limited})


@transaction.atomic
def letter_code_redeem(*, letter: Any, email: str, password: str) -> User:
    """Give the letter's parent a login with this address and password; return it.

    The password is already validated. The login gets the parent role at the
    parent's school and is linked to the parent's other records in the trust
    with the same address. The code is then used up. Raise LetterCodeRefused
    if the address or the parent's login belongs to someone who already signs in.
    """
    from schoolgate.accounts.models import ParentLetterCode
    from schoolgate.people.models import Parent, RoleAssignment
    from schoolgate.people.roles import Role
    from schoolgate.people.selectors import roles_at
    from schoolgate.people.services import parent_login_link

    letter = ParentLetterCode.objects.select_for_update().get(pk=letter.pk)
    now = timezone.now()
    if not letter.is_open(now):
        raise LetterCodeRefused("That code has been used already.")
    parent = Parent.objects.select_related("school__trust", "user").get(pk=letter.parent_id)
    email = email.strip()
    user = parent.user
    taken = User.objects.filter(email__iexact=email)
    if user is not None:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        raise LetterCodeRefused(
            "That email address already has a Schoolgate login. Sign in with it, "
            "or ask the school office to add your children to it."
        )
    if user is not None and (
        user.has_usable_password() or user.last_login or roles_at(user, None) - {"parent"}
    ):
        raise LetterCodeRefused(
            "You already have a Schoolgate login. Sign in with it, or reset your password."
        )
    if user is None:
        user = User.objects.create_user(
            username=email,
            email=email,
            password=password,
            first_name=parent.first_name,
            last_name=parent.surname,
        )
        model_update(instance=parent, fields=["user"], data={"user": user})
    else:
        user.email = email
        user.set_password(password)
        user.save(update_fields=["email", "password"])
    RoleAssignment.objects.get_or_create(
        user=user, role=Role.PARENT, school=parent.school, defaults={"trust": parent.school.trust}
    )
    others = Parent.objects.filter(
        school__trust=parent.school.trust, email__iexact=email, user__isnull=True
    ).exclude(pk=parent.pk)
    for other in others:
        parent_login_link(parent=other, actor=user)
    model_update(instance=letter, fields=["used_at"], data={"used_at": now})
    audit_log(
        event="auth.parent_letter_code_used",
        actor=user,
        subject=user,
        school=letter.school,
        extra={"mis_id": parent.mis_id},
    )
    return user
