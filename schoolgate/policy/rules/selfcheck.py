"""Rules for the staff self-check of personal profiles and posts."""

from schoolgate.policy.engine import Param, define
from schoolgate.policy.rules._common import flag

SELF_CHECKS = (
    "school_name",
    "logo",
    "pupil_images",
    "uniform",
    "trip_location",
    "complaints",
    "tagging",
)

define(
    "selfcheck.personal_profile",
    title="Staff self-check of personal accounts",
    description=(
        "A private check of a member of staff's own profile and draft posts for "
        "what the policy warns against, such as the school's name or pupils' images."
    ),
    catalogue=["C5.5"],
    params=[
        Param(
            "school_identification",
            "choice",
            "allowed",
            "May staff say where they work: allowed, not in the handle, never.",
            choices=("allowed", "not_in_handle", "never"),
        ),
        flag("disclaimer_required", False, "Posts about work need a 'views are my own' note."),
        Param("checks", "list", list(SELF_CHECKS), "What the self-check looks for.", SELF_CHECKS),
    ],
    actions=["compliance.selfcheck"],
    checks=["personal"],
)

_CLOCK = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]"
_SPAN = rf"{_CLOCK}-{_CLOCK}"

define(
    "selfcheck.working_hours",
    title="Personal social media outside working time",
    description=(
        "Staff use personal social media only outside working time or in their "
        "breaks; the self-check flags a post timed inside it."
    ),
    catalogue=["C5.5"],
    params=[
        Param("day_start", "time", "08:30", "When the working day starts."),
        Param("day_end", "time", "15:30", "When the working day ends."),
        Param(
            "breaks",
            "list",
            ["12:00-13:00"],
            "Times (HH:MM-HH:MM) in the day when personal use is allowed.",
            high=10,
            pattern=_SPAN,
        ),
    ],
    actions=["compliance.selfcheck"],
    checks=["personal"],
)
