"""Rules about school devices, photo metadata, phones and IMEIs."""

from schoolgate.policy.engine import Param, define
from schoolgate.policy.rules._common import flag, number, roles, text

DEVICE_KINDS = ("camera", "tablet", "laptop", "phone", "trip_phone", "hard_drive")

define(
    "devices.school_devices_only",
    title="Photos from school devices only",
    description=(
        "A photo's camera is read from its metadata and matched against the "
        "school's device register; a personal device warns or blocks."
    ),
    catalogue=["C3.6", "C8.1"],
    params=[
        Param(
            "unknown_device",
            "choice",
            "warn",
            "What a photo from a device not in the register does.",
            choices=("warn", "block"),
        ),
        Param(
            "no_metadata",
            "choice",
            "warn",
            "What a photo with no camera details does.",
            choices=("allow", "warn", "block"),
        ),
    ],
    checks=["publish"],
)

define(
    "devices.strip_metadata",
    title="Metadata stripped; originals stay at school",
    description=(
        "Originals stay on the school's own store; what is published is a new "
        "copy with location, serial numbers and owner removed."
    ),
    catalogue=["C3.6"],
    params=[
        number(
            "max_edge_px",
            2048,
            "Longest side of a published copy, in pixels.",
            low=320,
            high=8192,
        ),
        flag("originals_on_school_store", True, "Keep originals on the school's own store."),
    ],
    actions=["photos.compose"],
    jobs=["photos_resume"],
)

define(
    "devices.register",
    title="Register of school devices",
    description=(
        "Cameras, tablets, laptops and the trip phone are listed with the "
        "identifiers their photos carry, and kept locked and password protected."
    ),
    catalogue=["C8.1"],
    actions=["devices.manage"],
    params=[
        Param(
            "kinds",
            "list",
            ["camera", "tablet", "laptop", "phone"],
            "Kinds of device the register holds.",
            choices=DEVICE_KINDS,
        ),
        flag("password_protected", True, "Every device must be locked with a password."),
    ],
)

define(
    "devices.trip_phone",
    title="The school trip phone",
    description=(
        "A school phone for visits and events is kept in the office, signed out "
        "by the lead member of staff and returned afterwards."
    ),
    catalogue=["C8.2"],
    params=[
        text("kept_at", "the school office", "Where the trip phone is kept."),
        number(
            "overdue_after_hours",
            24,
            "Hours after the visit ends before it is overdue.",
            low=1,
            high=168,
        ),
        roles(
            "may_sign_out",
            ["head", "deputy_head", "teacher"],
            "Roles that may sign the trip phone out as lead member of staff.",
        ),
    ],
    actions=["devices.trip_phone_sign_out"],
    checks=["devices.trip_phone_loan"],
)

define(
    "devices.pupil_phones",
    title="Pupils' phones handed in",
    description=(
        "Pupils hand their phones in at the office each morning; none are taken "
        "on trips; a pupil who fails to hand in may be banned from bringing one."
    ),
    catalogue=["C8.3"],
    params=[
        Param("hand_in_by", "time", "08:50", "Time by which phones are handed in."),
        flag("allowed_on_trips", False, "Pupils may take phones on trips."),
        number("failures_before_ban", 1, "Missed hand-ins before a phone ban.", low=1, high=20),
    ],
    actions=["devices.hand_in"],
    checks=["devices.hand_in_failed"],
)

define(
    "devices.staff_imei",
    title="Staff may record their phone's IMEI",
    description="Staff may keep their own phone's IMEI on record, privately.",
    catalogue=["C8.5"],
    params=[flag("prompt_staff", False, "Remind staff to record it when they join.")],
    actions=["devices.own_phone"],
)
