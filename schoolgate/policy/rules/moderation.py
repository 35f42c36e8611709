"""Rules about comments from parents and the public."""

from schoolgate.policy.engine import Param, define
from schoolgate.policy.rules._common import (
    PLATFORMS,
    flag,
    includes_all,
    kept_at_run_time,
    number,
    platforms,
    roles,
)

LABELS = (
    "negative",
    "offensive",
    "threat",
    "personal_data",
    "individual_matter",
    "pupil_name",
    "under13",
)

define(
    "moderation.hold_all",
    title="Comments held until approved",
    description="No comment from the public appears until someone has approved it.",
    catalogue=["C4.1"],
    params=[
        platforms(
            "channels",
            list(PLATFORMS),
            "Channels where every comment is held out of sight until approved: on "
            "the blog, and on a platform that lets Schoolgate hide a reply (Facebook, "
            "X). Elsewhere a comment still waits in the queue, but only one triage "
            "flags is hidden on its platform meanwhile (a floor); the others stay "
            "visible there until someone decides.",
        ),
        flag("comments_open", True, "Comments are accepted at all."),
    ],
    floors=[
        includes_all(
            "channels",
            ["blog"],
            code="hold_all.blog",
            guarantee="no comment appears on the school blog before someone approves it",
            clause="catalogue C4.1",
        ),
        kept_at_run_time(
            code="hold_all.flagged",
            guarantee=(
                "a comment triage flags is hidden on its platform while it waits, "
                "wherever the platform allows, on every channel"
            ),
            clause="catalogue C4.2 and C4.4",
        ),
    ],
    actions=["moderation.comment"],
    jobs=["fetch_comments"],
)

define(
    "moderation.approvers",
    title="Who approves comments",
    description="The roles that may approve an ordinary comment for display.",
    catalogue=["C4.1"],
    params=[
        roles("roles", ["head", "deputy_head"], "Roles that approve ordinary comments."),
        flag("any_account_holder", False, "Anyone with a blog account may approve."),
    ],
    actions=["moderation.approve"],
)

define(
    "moderation.escalate_to",
    title="Negative comments go to the head",
    description=(
        "Negative or inappropriate comments cannot be approved by ordinary "
        "moderators; they go to the named roles, who are told at once."
    ),
    catalogue=["C4.2"],
    params=[
        roles("roles", ["head"], "Roles that decide escalated comments."),
        Param("labels", "list", list(LABELS), "Labels that escalate a comment.", choices=LABELS),
    ],
    actions=["moderation.decide_escalated"],
)

define(
    "moderation.negative_handling",
    title="What happens to a negative comment",
    description=(
        "An inappropriate comment is deleted (kept as evidence), the person may be "
        "contacted and may be blocked."
    ),
    catalogue=["C4.2"],
    params=[
        flag(
            "delete",
            True,
            "Delete the comment (its text kept as evidence, never shown; deleted on its "
            "platform too). Off: it is rejected instead, hidden here and on its platform.",
        ),
        flag("contact_commenter", False, "Contact the person who wrote it."),
        flag("block_allowed", True, "The commenter may be blocked."),
    ],
    actions=["moderation.decide_escalated", "moderation.delete"],
)

define(
    "moderation.parent_conduct",
    title="Parents' duties when commenting",
    description=(
        "Parents may comment but share no photos or details of pupils and say "
        "nothing about other pupils or staff; a parent in breach is called to a "
        "meeting and may lose the ability to interact."
    ),
    catalogue=["C4.3"],
    params=[
        roles("meeting_with", ["head"], "Roles a parent in breach meets."),
        flag("may_lose_interaction", True, "A parent in breach may lose interaction rights."),
    ],
    actions=["moderation.decide_escalated"],
)

define(
    "moderation.respect",
    title="No bullying or individual matters in comments",
    description=(
        "No bullying, nothing rude, abusive or defamatory, and no comment about a "
        "particular matter between the school and a family."
    ),
    catalogue=["C4.4"],
    params=[flag("ban_repeat_offenders", True, "Those who break the rules may be banned.")],
    floors=[
        kept_at_run_time(
            code="respect.threats_to_head",
            guarantee=(
                "a comment triage reads as a threat or abuse waits for the head, "
                "citing this rule, and is never shown without a decision"
            ),
            clause="Keeping children safe in education, Part 2; catalogue C4.4",
        )
    ],
    actions=["moderation.comment"],
)

define(
    "moderation.under13_ban",
    title="Under-age users banned and reported",
    description=(
        "Someone who appears to be below the platform's minimum age is banned and "
        "reported to the platform."
    ),
    catalogue=["C4.4"],
    params=[
        # The platforms' own minimum is 13: a school may raise it, never lower it.
        number("min_age", 13, "Minimum age the platforms allow.", low=13, high=18),
        flag("report_to_platform", True, "Report the user to the platform."),
    ],
    actions=["moderation.decide_escalated"],
)

define(
    "moderation.praise",
    title="Praise is collected",
    description="Positive comments are gathered and passed on to the named roles.",
    catalogue=["C4.5"],
    params=[roles("share_with", ["head"], "Roles who see the praise collected.")],
    actions=["moderation.praise"],
)

define(
    "moderation.external_comments",
    title="External comments in the same queue",
    description=(
        "Comments on the school's pages elsewhere are fetched into the same queue "
        "where the platform allows it."
    ),
    catalogue=["C4.6"],
    params=[
        platforms(
            "platforms",
            ["facebook", "x"],
            "Platforms the policy names as monitored, as the channels page says. "
            "This list never stops a fetch: the comments of every active channel "
            "the school has, on whatever platform, are fetched and triaged (a "
            "floor), and a channel on a platform not listed is shown so, for the "
            "school to name it here.",
        )
    ],
    floors=[
        # Leaving a platform out of the list must not leave a channel's
        # comments unseen: a threat or a pupil's details under a Bluesky post
        # would sit there with nobody told.
        kept_at_run_time(
            code="external_comments.every_channel",
            guarantee=(
                "the comments of every active channel the school has are fetched and "
                "triaged, whatever platforms the policy lists, so none goes unseen"
            ),
            clause="Keeping children safe in education, Part 2 (online safety); catalogue C4.6",
        )
    ],
    jobs=["fetch_comments"],
)

define(
    "moderation.triage",
    title="The school's own warning phrases",
    description=(
        "Automatic triage already knows common threats, self-harm and bullying "
        "phrases; the school adds its own, each treated as a threat so the "
        "comment goes to the head."
    ),
    catalogue=["C4.4"],
    params=[
        Param(
            "phrases",
            "list",
            [],
            "Extra phrases that send a comment to the head, separated by commas "
            '(a * stands for one to three words, as in "wait for * outside").',
            high=200,
        ),
    ],
    actions=["moderation.comment"],
)
