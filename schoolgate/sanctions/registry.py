"""Who sees and who decides each kind of sanction.

Each kind is seen by those who must act on it and no wider: the office runs
the morning phone hand-in, so it sees phone bans; ICT and the online-safety
officer supervise ICT use; the online-safety officer moderates comments. A
parent's loss of interaction is a matter between the parent and the school's
leaders (and the DSL, who may know why). Deciding follows the profile's
`decided_by` where the rule names it (shire: the head); an ICT ban is decided
by the school's leaders, on ICT's report of the breach attempt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from schoolgate.audit.events import register as register_event
from schoolgate.core.permissions import add_precondition, register
from schoolgate.people.roles import SCHOOL_LEADERS, Role
from schoolgate.sanctions.models import Sanction
from schoolgate.web.navigation import add

if TYPE_CHECKING:
    from schoolgate.accounts.models import User
    from schoolgate.people.models import School
    from schoolgate.policy.engine import Finding

Kind = Sanction.Kind

VIEWERS = {
    Kind.PUPIL_PHONE_BAN: SCHOOL_LEADERS | {Role.DSL, Role.OFFICE},
    Kind.ICT_BAN: SCHOOL_LEADERS | {Role.DSL, Role.ICT, Role.ONLINE_SAFETY},
    Kind.PARENT_INTERACTION: SCHOOL_LEADERS | {Role.DSL},
    Kind.COMMENTER_BLOCK: SCHOOL_LEADERS | {Role.ONLINE_SAFETY},
}
# The policy rule behind each kind; its `decided_by` names who decides, if it has one.
RULES: dict[str, str] = {
    Kind.PUPIL_PHONE_BAN: "sanctions.pupil_phone_ban",
    Kind.ICT_BAN: "sanctions.ict_ban",
    Kind.PARENT_INTERACTION: "sanctions.parent_interaction",
    Kind.COMMENTER_BLOCK: "sanctions.commenter_block",
}


def view_action(kind: str) -> str:
    """Return the action code for seeing sanctions of a kind."""
    return f"sanctions.view_{kind}"


def decide_action(kind: str) -> str:
    """Return the action code for imposing or lifting sanctions of a kind."""
    return f"sanctions.decide_{kind}"


for kind, roles in VIEWERS.items():
    register(view_action(kind), f"See sanctions: {kind.label}", roles=roles)

register(
    decide_action(Kind.PUPIL_PHONE_BAN),
    "Impose or lift a pupil phone ban",
    roles_from=(RULES[Kind.PUPIL_PHONE_BAN], "decided_by"),
)
register(decide_action(Kind.ICT_BAN), "Impose or lift an ICT ban", roles=SCHOOL_LEADERS)
register(
    decide_action(Kind.PARENT_INTERACTION),
    "Withdraw a parent's interaction",
    roles_from=(RULES[Kind.PARENT_INTERACTION], "decided_by"),
)
register(
    decide_action(Kind.COMMENTER_BLOCK),
    "Block a commenter",
    roles_from=(RULES[Kind.COMMENTER_BLOCK], "decided_by"),
)

ALL_VIEWERS = frozenset().union(*VIEWERS.values())
register("sanctions.view", "See sanctions", roles=ALL_VIEWERS)
# The pages for deciding; each kind is then offered only to its deciders.
register("sanctions.decide", "Impose or lift sanctions", roles=SCHOOL_LEADERS)

register_event("sanctions.created", "Imposed a sanction")
register_event("sanctions.lifted", "Lifted a sanction early")
register_event("sanctions.platform_unblocked", "Unblocked an account on its platform")
register_event("sanctions.platform_unblock_failed", "A platform refused to unblock an account")

add("Sanctions", "sanctions:list", "sanctions.view")


def may_interact(user: User, school: School | None) -> Finding | None:
    """Refuse a parent who has lost interaction, or a blocked commenter (C8.4)."""
    if school is None:
        return None
    from schoolgate.sanctions.selectors import interaction_refusal  # it imports this module

    return interaction_refusal(school, user=user)


# Every interactive action Schoolgate offers parents declares
# `preconditions=("sanctions.may_interact",)`; public comment forms, open to
# anyone, call `selectors.interaction_refusal(school, user=..., email=...)`
# with the typed email and the signed-in user, if any.
add_precondition("sanctions.may_interact", may_interact)
