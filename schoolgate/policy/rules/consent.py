"""Rules about photo consent and permission from colleagues."""

from schoolgate.policy.engine import Param, define
from schoolgate.policy.rules._common import flag, number, severity, text

CONSENT_USES = ("blog", "social", "press", "website")

define(
    "consent.photo",
    title="Photo-consent register",
    description=(
        "Consent is recorded per pupil and per use, in writing, with its date and "
        "when it lapses; where two parents answer differently, the refusal stands."
    ),
    catalogue=["C3.3", "C3.4"],
    params=[
        number(
            "expiry_months",
            0,
            "Months before consent must be renewed; 0 means until withdrawn.",
            low=0,
            high=120,
        ),
        Param(
            "uses", "list", list(CONSENT_USES), "Uses consent is asked for.", choices=CONSENT_USES
        ),
        flag("refusal_wins", True, "When parents disagree, the refusal stands."),
        flag("written", True, "Consent must be given in writing."),
        number(
            "renewal_notice_days",
            30,
            "Days before expiry that renewal is asked for.",
            low=1,
            high=365,
        ),
    ],
    actions=["consent.record"],
    jobs=["consent_renewals"],
)

define(
    "consent.do_not_post_list",
    title="The do-not-post list",
    description=(
        "A printable list of pupils whose photos must not be posted, kept where "
        "staff can check it."
    ),
    catalogue=["C3.3"],
    params=[
        text("kept_at", "the school office", "Where the printed list is kept."),
        flag("printable", True, "Offer the list as a printable page."),
    ],
    actions=["consent.do_not_post"],
)

define(
    "consent.photo_required",
    title="No photo without consent for every pupil in it",
    description=(
        "A photo is published on a channel only when every pupil in it has current "
        "consent for that use; a face nobody has accounted for stops it too."
    ),
    catalogue=["C3.4"],
    params=[
        severity("block", "What a pupil without consent does to a post."),
        Param(
            "unaccounted_faces",
            "choice",
            "block",
            "What a face nobody has tagged or blurred does to a post.",
            choices=("warn", "block"),
        ),
    ],
    checks=["publish"],
)

define(
    "consent.colleagues",
    title="Colleagues agree to photos of them",
    description="Staff appear in posted photos only with their own permission.",
    catalogue=["C3.4"],
    params=[severity("warn", "What a colleague in a photo without permission does.")],
    checks=["publish"],
)
