"""Rules about sanctions that start and end: bans, blocks, loss of interaction."""

from schoolgate.policy.engine import define
from schoolgate.policy.rules._common import flag, number, roles

define(
    "sanctions.pupil_phone_ban",
    title="Pupil phone ban",
    description="A pupil who fails to hand in a phone may be banned from bringing one.",
    catalogue=["C8.3", "C8.4"],
    params=[
        number("days", 0, "Length of the ban in days; 0 means until lifted.", low=0, high=365),
        roles("decided_by", ["head"], "Roles that impose the ban."),
    ],
    actions=["sanctions.decide_pupil_phone_ban"],
)

define(
    "sanctions.ict_ban",
    title="ICT ban after a firewall breach",
    description=(
        "A pupil who tries to get round the school's filtering uses school ICT "
        "only under close supervision."
    ),
    catalogue=["C8.4"],
    params=[
        number("days", 0, "Length of the ban in days; 0 means until lifted.", low=0, high=365),
        flag("supervised_use", True, "Supervised use is still allowed."),
    ],
    actions=["sanctions.decide_ict_ban"],
)

define(
    "sanctions.parent_interaction",
    title="Parent's loss of interaction",
    description="A parent in breach may lose the ability to comment on the school's channels.",
    catalogue=["C8.4"],
    params=[
        number("days", 90, "Length of the loss of interaction, in days.", low=1, high=730),
        roles("decided_by", ["head"], "Roles that decide it."),
    ],
    actions=["sanctions.decide_parent_interaction"],
)

define(
    "sanctions.commenter_block",
    title="Commenter block",
    description="A commenter who breaks the rules is blocked for a time, then it lapses.",
    catalogue=["C8.4"],
    params=[
        number("days", 90, "Length of a block in days; 0 means until lifted.", low=0, high=730),
        roles("decided_by", ["head"], "Roles that block a commenter."),
    ],
    actions=["sanctions.decide_commenter_block", "moderation.decide_escalated"],
)
