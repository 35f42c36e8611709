"""Rules about training for staff, pupils and parents."""

from schoolgate.policy.engine import Param, define
from schoolgate.policy.rules._common import flag, number

define(
    "training.staff",
    title="Staff training",
    description="Staff are trained on the policy at induction and refreshed regularly.",
    catalogue=["C6.2"],
    params=[
        flag("at_induction", True, "New staff are trained at induction."),
        number("refresh_months", 12, "Months before training is due again.", low=1, high=60),
        flag("blocks_publishing", False, "Lapsed training stops publishing and moderating."),
    ],
    actions=["compliance.training_record", "publishing.publish"],
)

define(
    "training.pupils",
    title="Pupils' online-safety lessons",
    description="Pupils are taught about online safety and social media on a schedule.",
    catalogue=["C6.2"],
    params=[
        Param(
            "frequency",
            "choice",
            "yearly",
            "How often each class has an online-safety session.",
            choices=("termly", "yearly", "none"),
        ),
    ],
    actions=["compliance.training_record", "compliance.training_view"],
)

define(
    "training.parents",
    title="Online-safety information for parents",
    description="Parents are offered online-safety sessions or information.",
    catalogue=["C6.2"],
    params=[flag("sessions", False, "The school holds online-safety sessions for parents.")],
    actions=["compliance.training_record", "compliance.training_view"],
)
