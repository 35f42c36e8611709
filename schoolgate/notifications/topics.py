"""What Schoolgate emails people about, and how each may be delivered.

Every notification email names one topic. A topic with a *floor* always goes
at once and cannot be turned off or delayed: safeguarding (statutory guidance,
KCSIE, expects concerns to reach the DSL without delay) and comments escalated
to the head (C4.2: told at once). A *confidential* topic never enters a digest,
whatever anyone chooses, so a digest cannot carry a trace of it.

A few emails are not notifications and no preference holds them back
(`ALWAYS_SENT`): they are sent through `services.send_always`, which refuses
any kind not listed there with its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from schoolgate.notifications.models import Delivery

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

NOW, HOURLY, DAILY, OFF = Delivery.NOW, Delivery.HOURLY, Delivery.DAILY, Delivery.OFF


@dataclass(frozen=True)
class Topic:
    """One kind of notification email.

    `choices` are the deliveries a person may pick (the first is never
    required to be the default); `still_relevant(user, key)` says at digest
    time whether a waiting line should still be sent to that person.
    """

    code: str
    label: str
    help: str
    default: Delivery
    choices: tuple[Delivery, ...]
    floor: bool = False
    confidential: bool = False
    still_relevant: Callable[[Any, str], bool] | None = None
    #: What "at once" means for this topic, where it is not sent as it happens.
    now_label: str = ""
    #: Whose email settings page offers it: "staff", or "parents".
    audience: str = "staff"

    def label_of(self, delivery: Delivery) -> str:
        """Return how the preferences page names a delivery of this topic."""
        return self.now_label if delivery == NOW and self.now_label else delivery.label


def _comment_still_waiting(user: User, key: str) -> bool:
    """Return whether the held comment still waits and the user may still see it."""
    from schoolgate.moderation.models import Comment
    from schoolgate.moderation.selectors import comment_visible_to

    kind, _, pk = key.partition(":")
    comment = Comment.objects.filter(pk=int(pk)).first() if kind == "comment" else None
    return comment is not None and comment.is_waiting and comment_visible_to(user, comment)


def _press_enquiry_open(user: User, key: str) -> bool:
    """Return whether the press enquiry still waits for what the school said."""
    from schoolgate.publishing.models import PressEnquiry

    kind, _, pk = key.partition(":")
    return (
        kind == "press"
        and PressEnquiry.objects.filter(pk=int(pk), status=PressEnquiry.Status.OPEN).exists()
    )


TOPICS: dict[str, Topic] = {}

#: Whose emails a topic is, as the email settings page heads them. A person
#: may be both: staff with a child at a school choose both kinds.
AUDIENCES: dict[str, str] = {
    "staff": "Your emails as a member of staff",
    "parents": "Your emails as a parent",
}

#: Emails no preference holds back, each with why. None of them is a notice
#: of something happening at the school: each is asked for, or is the only
#: way to reach someone, or keeps the log honest.
ALWAYS_SENT: dict[str, str] = {
    "accounts.invitation": "The only way into a new account; staff send it on purpose.",
    "accounts.password_reset": "The person asked for it, to get back into their account.",
    "accounts.sign_in_link": "The person asked for it: it is how a parent signs in.",
    "audit.anchor": (
        "Evidence that the audit log was not cut short, sent to the addresses the "
        "operator configured (SCHOOLGATE_AUDIT_ANCHOR_EMAIL), not to an account."
    ),
    "comments.outcome": (
        "The head's own reply to a member of the public who commented: they have no "
        "account, so no preferences, and the head chose to send this one message."
    ),
    # The second factor is an authenticator app (TOTP): Schoolgate emails no codes.
}


def add_topic(topic: Topic) -> None:
    """Register a topic once, by code."""
    if topic.code in TOPICS:
        raise ValueError(f"notification topic {topic.code} is registered twice")
    if topic.floor and topic.choices != (NOW,):
        raise ValueError(f"{topic.code} has a floor, so it can only go at once")
    if topic.default not in topic.choices:
        raise ValueError(f"{topic.code}'s default is not one of its choices")
    TOPICS[topic.code] = topic


def topic(code: str) -> Topic:
    """Return the topic; an unknown code is a programming error."""
    return TOPICS[code]


for _topic in (
    Topic(
        "safeguarding",
        "Safeguarding records and follow-up tasks",
        "Always at once, and only a link: a concern must reach you without delay.",
        NOW,
        (NOW,),
        floor=True,
        confidential=True,
    ),
    Topic(
        "comments.escalated",
        "Comments escalated to you",
        "Always at once: the policy says the head is told straight away.",
        NOW,
        (NOW,),
        floor=True,
        confidential=True,
    ),
    Topic(
        "comments.held",
        "Comments held for approval",
        "A digest lists each comment still waiting when it is sent.",
        HOURLY,
        (NOW, HOURLY, DAILY),
        still_relevant=_comment_still_waiting,
    ),
    Topic(
        "publishing.approval",
        "Posts waiting for your approval",
        "",
        NOW,
        (NOW, HOURLY, DAILY),
    ),
    Topic(
        "publishing.channel",
        "A channel stopped working",
        "",
        NOW,
        (NOW, HOURLY, DAILY),
    ),
    Topic(
        "publishing.consent_withdrawn",
        "A parent withdrew photo consent",
        "The posts come down whatever you choose here.",
        NOW,
        (NOW, HOURLY, DAILY),
    ),
    Topic(
        "publishing.lapse",
        "Your own drafts lapsing",
        "Your drafts are also listed on your dashboard.",
        NOW,
        (NOW, DAILY, OFF),
    ),
    Topic(
        "publishing.weekly",
        "Weekly summary of what staff published",
        "Sent on the first run of each week; the dashboard shows the same.",
        NOW,
        (NOW, OFF),
        now_label="Weekly email",
    ),
    Topic(
        "publishing.press",
        "Press enquiries passed to you",
        "Nobody answers for the school until you do; a digest lists those still open.",
        NOW,
        (NOW, HOURLY, DAILY),
        still_relevant=_press_enquiry_open,
    ),
    Topic(
        "compliance",
        "Policy sign-off, reviews and queries",
        "",
        NOW,
        (NOW, DAILY),
    ),
    Topic(
        "registers",
        "Accounts, applications, requests and declarations",
        "",
        NOW,
        (NOW, HOURLY, DAILY),
    ),
    Topic(
        "compliance.policy_updated",
        "The school's social media policy was updated",
        "The policy is on the school's website, and the office has a copy.",
        NOW,
        (NOW, DAILY, OFF),
        audience="parents",
    ),
    Topic(
        "consent.renewal",
        "Requests to renew photo consent for your child",
        "Turned off, you are not emailed; where no parent of the child is, the school "
        "writes. Until someone answers, photos of your child are not used once it lapses.",
        NOW,
        (NOW, DAILY, OFF),
        audience="parents",
    ),
):
    add_topic(_topic)
