"""The one place notification email is sent from, by each person's preference.

`notify(...)` sends at once to those who want the topic at once, queues a
short line for those who want a digest, and drops it for those who turned
the topic off (only where the topic allows it). `notify_addresses(...)` does
the same for addresses the school holds (parents', from the MIS), a digest
going to the account's login. `digests_send(...)` sends the queued lines,
one email per person, grouped by topic. `send_always(...)` sends the few
kinds no preference holds back (`topics.ALWAYS_SENT`, each with its
reason). Nothing else sends email.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from schoolgate.audit.services import audit_log
from schoolgate.notifications.models import DIGESTS, Delivery, Notice, Preference
from schoolgate.notifications.topics import ALWAYS_SENT, TOPICS, Topic, topic

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

#: Lines of one topic a digest lists before it says how many more.
DIGEST_LINES = 8

Body = str | Callable[[Any], str]


def deliveries(users: Iterable[Any], code: str) -> dict[Any, Delivery]:
    """Return how each user gets the topic: their choice, else its default.

    A floor cannot be lowered, and a stored choice the topic no longer
    offers falls back to the default.
    """
    found = topic(code)
    users = [u for u in users if getattr(u, "email", "")]
    if found.floor:
        return {u: Delivery.NOW for u in users}
    chosen = dict(
        Preference.objects.filter(user__in=users, topic=code).values_list("user_id", "delivery")
    )
    return {u: _allowed(found, chosen.get(u.pk)) for u in users}


def _allowed(found: Topic, chosen: str | None) -> Delivery:
    if chosen in found.choices:
        return Delivery(chosen)
    return found.default


def notify(
    *,
    topic_code: str,
    to: Iterable[Any],
    subject: str,
    body: Body,
    line: str,
    link: str = "",
    school: Any = None,
    key: str = "",
) -> int:
    """Email the users about the topic as each prefers; return how many were
    emailed now.

    `body` is the full email (or a function of the user, for per-person
    links); `line` is what a digest shows instead: short, and no more than
    the person may see.
    """
    found = topic(topic_code)
    by_user = deliveries(set(to), topic_code)
    now = sorted((u for u, d in by_user.items() if d == Delivery.NOW), key=lambda u: u.email)
    later = [(u, d) for u, d in by_user.items() if d in DIGESTS]
    if later and found.confidential:  # a floor makes this impossible; never rely on that alone
        raise ValueError(f"{topic_code} is confidential and cannot be put in a digest")
    Notice.objects.bulk_create(
        Notice(
            user=u,
            topic=topic_code,
            delivery=d,
            school=school,
            line=line[:300],
            link=link,
            key=key,
        )
        for u, d in later
    )
    return _send_now([(u.email, u) for u in now], subject, body)


def notify_addresses(
    *,
    topic_code: str,
    to: Iterable[tuple[str, User | None]],
    subject: str,
    body: str,
    line: str = "",
    link: str = "",
    school: Any = None,
    fail_silently: bool = False,
) -> int:
    """Email addresses the school holds about the topic; return how many went now.

    An address may not be its account's login (the MIS holds its own), so
    each comes with its account, whose choice applies: at once to the
    address, off, or a digest, which is queued for the account (`line`,
    else the subject, and `link`) and sent to its login with the rest.
    Without an account nobody could choose, and the topic's default applies.
    """
    found = topic(topic_code)
    if found.default != Delivery.NOW:
        raise ValueError(f"{topic_code} is not sent at once to those who did not choose")
    pairs = [(email, user) for email, user in to if email]
    accounts = {u.pk: u for _, u in pairs if u is not None}
    stored = dict(
        Preference.objects.filter(user__in=accounts, topic=topic_code).values_list(
            "user_id", "delivery"
        )
    )
    chosen = {pk: _allowed(found, stored.get(pk)) for pk in accounts}
    # A digest needs the account's own login to go to; without one, at once.
    later = {pk: d for pk, d in chosen.items() if d in DIGESTS and accounts[pk].email}
    if later and found.confidential:
        raise ValueError(f"{topic_code} is confidential and cannot be put in a digest")
    Notice.objects.bulk_create(
        Notice(
            user=accounts[pk], topic=topic_code, delivery=d, school=school,
            line=(line or subject)[:300], link=link,
        )
        for pk, d in later.items()
    )  # fmt: skip
    now = [
        (email, u)
        for email, u in pairs
        if u is None or (chosen[u.pk] != Delivery.OFF and u.pk not in later)
    ]
    return _send_now(now, subject, body, fail_silently=fail_silently)


def turned_off(user_ids: Iterable[int], code: str) -> set[int]:
    """Return which of the accounts turned the topic off: one query."""
    if Delivery.OFF not in topic(code).choices:
        return set()
    return set(
        Preference.objects.filter(
            user__in=set(user_ids), topic=code, delivery=Delivery.OFF
        ).values_list("user_id", flat=True)
    )


def send_always(*, kind: str, to: Iterable[str], subject: str, body: str) -> int:
    """Send an email no preference holds back; return how many went.

    Only the kinds in `topics.ALWAYS_SENT` are sent this way: anything else
    is a notification, and goes through `notify`.
    """
    if kind not in ALWAYS_SENT:
        raise ValueError(f"{kind} is not an email that is always sent; use notify()")
    return _send_now([(email, None) for email in to if email], subject, body)


def _send_now(
    recipients: list[tuple[str, Any]], subject: str, body: Body, *, fail_silently: bool = False
) -> int:
    """Send each recipient their own message, over one connection.

    One message per person, never one with everyone in To:, so no member
    of staff learns another's address from a notification. A `body` that is
    a function is given the recipient's account (None for a bare address).
    """
    if not recipients:
        return 0
    messages = [
        EmailMessage(subject, body(user) if callable(body) else body, None, [email])
        for email, user in recipients
    ]
    return int(get_connection(fail_silently=fail_silently).send_messages(messages) or 0)


def preferences_of(user: User) -> dict[str, Delivery]:
    """Return the user's delivery of every topic, defaults filled in."""
    chosen = dict(Preference.objects.filter(user=user).values_list("topic", "delivery"))
    return {code: _allowed(t, chosen.get(code)) for code, t in TOPICS.items()}


@transaction.atomic
def preferences_set(*, user: User, choices: dict[str, str]) -> dict[str, Delivery]:
    """Store the user's choices; a floor or an unoffered choice is refused."""
    from django.core.exceptions import ValidationError

    before = preferences_of(user)
    changed = {}
    for code, delivery in choices.items():
        found = topic(code)
        if delivery not in found.choices:
            raise ValidationError(f"{found.label} cannot be set to {delivery}.")
        if before[code] != delivery:
            changed[code] = delivery
            Preference.objects.update_or_create(
                user=user, topic=code, defaults={"delivery": delivery}
            )
    if changed:
        audit_log(
            event="notifications.preferences_changed",
            actor=user,
            subject=user,
            label="Notification preferences",
            extra={"changed": changed},
        )
    return preferences_of(user)


def digests_send(*, delivery: Delivery) -> int:
    """Send each person's waiting lines of that delivery as one email; return
    how many emails went.

    Lines claimed in a transaction are marked sent with it, so two runs never
    send one line twice; a line no longer relevant is dropped, not sent.
    """
    sent = 0
    with transaction.atomic():
        waiting = list(
            Notice.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(delivery=delivery, sent_at__isnull=True)
            .select_related("user", "school")
        )
        Notice.objects.filter(pk__in=[n.pk for n in waiting]).update(sent_at=timezone.now())
        by_user: dict[Any, list[Notice]] = {}
        for notice in waiting:
            by_user.setdefault(notice.user, []).append(notice)
        for user, notices in by_user.items():
            body = digest_body(user, notices, delivery)
            if body and user.email:
                when = "hourly" if delivery == Delivery.HOURLY else "daily"
                subject = f"Schoolgate: your {when} digest"
                transaction.on_commit(partial(_send, subject, body, user.email))
                sent += 1
    return sent


def _send(subject: str, body: str, email: str) -> None:
    _send_now([(email, None)], subject, body)


def digest_body(user: User, notices: list[Notice], delivery: Delivery) -> str:
    """Return the digest's text, grouped by topic, or "" when nothing is left."""
    sections = []
    for code in TOPICS:
        found = TOPICS[code]
        lines = [n for n in notices if n.topic == code and _relevant(found, user, n)]
        if lines:
            sections.append(_section(found, lines))
    if not sections:
        return ""
    return (
        "\n\n".join(sections)
        + f"\n\nChange how often you hear from Schoolgate: {_preferences_url()}\n"
    )


def _relevant(found: Topic, user: User, notice: Notice) -> bool:
    if found.confidential:
        return False  # never in a digest, even if a line was somehow queued
    if found.still_relevant is None or not notice.key:
        return True
    return found.still_relevant(user, notice.key)


def _section(found: Topic, lines: list[Notice]) -> str:
    shown = [f"- {n.line}" + (f"\n  {n.link}" if n.link else "") for n in lines[:DIGEST_LINES]]
    more = len(lines) - DIGEST_LINES
    if more > 0:
        shown.append(f"- and {more} more")
    return f"{found.label} ({len(lines)})\n" + "\n".join(shown)


def _preferences_url() -> str:
    from django.urls import reverse

    base = str(getattr(settings, "SCHOOLGATE_SITE_URL", "")).rstrip("/")
    return base + reverse("notifications:preferences")
