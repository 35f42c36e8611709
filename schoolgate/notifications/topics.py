"""What Schoolgate emails people about, and how each may be delivered.

Every notification email names one topic. A topic with a *floor* always goes
at once and cannot be turned off or delayed: safeguarding (statutory guidance,
KCSIE, expects concerns to reach the DSL without delay) and comments escalated
to the head (C4.2: told at once). A *confidential* topic never enters a digest,
whatever anyone chooses, so a digest cannot carry a trace of it.
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


TOPICS: dict[str, Topic] = {}


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
):
    add_topic(_topic)
