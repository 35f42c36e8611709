"""Second-factor devices: enrolment and backup codes."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
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
from schoolgate.people.models import School

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
    *, school: School, users: list[User], base_url: str, actor: Any
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
def invitation_send(*, invitation: Invitation, actor: Any, base_url: str) -> Invitation:
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
    transaction.on_commit(lambda: send_mail(subject, body, None, recipient))
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
def school_sign_in_set(*, school: School, parent_method: str, actor: Any) -> SchoolSignIn:
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
    transaction.on_commit(lambda: send_mail("Your Schoolgate sign-in link", body, None, recipient))


# ---------------------------------------------------------------------------
# The trust's Microsoft 365 / Google Workspace sign-in
# ---------------------------------------------------------------------------


@transaction.atomic
def sign_in_provider_save(
    *, trust: Any, data: dict[str, Any], secret: str, actor: Any
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
