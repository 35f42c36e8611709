"""Who may moderate comments, from the school's policy (C4.1-C4.5).

Three layers, all through the one permission layer:
- `moderation.queue`: open the queue, claim, escalate, share notes. Staff
  whom the profile names as approvers or as deciders of escalated comments
  (or who hold a blog account where "any account holder" approves).
- `moderation.approve`: approve or reject an ordinary comment; the profile's
  `moderation.approvers` roles, or, where it allows any account holder
  (shire "Primary Blogger"), staff with an open account on the school blog
  (`channels.staff_blog_accounts`), never a staff role by itself.
- `moderation.decide_escalated`: everything about a negative or
  inappropriate comment (approve anyway, delete, contact, meeting, report,
  block): the profile's `moderation.escalate_to` roles only.
- `moderation.praise`: the praise collected, for the profile's
  `moderation.praise` roles, and only where that rule is on.
Every moderating action needs the signed policy and current training.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from schoolgate.audit.events import register as register_event
from schoolgate.compliance.panels import add_count, count_by_school
from schoolgate.core.permissions import add_check, add_precondition, register
from schoolgate.people.models import School
from schoolgate.people.roles import WORKFORCE
from schoolgate.people.selectors import roles_at
from schoolgate.policy.engine import Finding
from schoolgate.web.navigation import add
from schoolgate.web.panels import add_panel

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

MODERATING = ("policy_signed", "training_current")
APPROVERS = "moderation.approvers"
ESCALATE_TO = "moderation.escalate_to"
PRAISE = "moderation.praise"


def approver_roles(school: School) -> frozenset[str]:
    """Return the roles that may approve an ordinary comment at the school."""
    from schoolgate.moderation import policy

    return policy.comment_approvers(school)


def approves_as_account_holder(user: User, school: School) -> bool:
    """Return whether the user approves comments because they hold a blog account.

    Only where the profile lets any account holder approve, and only for
    staff whose account on the school blog is open (a closed one no longer
    counts).
    """
    from schoolgate.moderation import policy
    from schoolgate.publishing.accounts import holds_blog_account

    if not policy.any_account_holder_approves(school):
        return False
    return bool(roles_at(user, school) & WORKFORCE) and holds_blog_account(user, school)


def head_roles(school: School) -> frozenset[str]:
    """Return the roles that decide escalated comments at the school."""
    from schoolgate.moderation import policy

    return policy.escalation_roles(school)


def _refusal(school: School, rule_id: str, reason: str) -> Finding:
    from schoolgate.moderation.policy import clause

    return Finding(rule_id, reason, clause(school, rule_id), severity="block", kind="access")


def is_moderator(user: User, school: School | None) -> Finding | None:
    """Refuse staff whom the profile names neither as approvers nor as deciders."""
    if school is None:
        return None
    if roles_at(user, school) & (approver_roles(school) | head_roles(school)):
        return None
    if approves_as_account_holder(user, school):
        return None
    return _refusal(school, APPROVERS, "Your school's policy does not ask you to moderate.")


def is_approver(user: User, school: School | None) -> Finding | None:
    """Refuse staff whom the profile does not name as approvers of comments."""
    if school is None:
        return None
    if roles_at(user, school) & approver_roles(school):
        return None
    if approves_as_account_holder(user, school):
        return None
    return _refusal(school, APPROVERS, _not_an_approver(school))


def _not_an_approver(school: School) -> str:
    from schoolgate.moderation import policy

    if policy.any_account_holder_approves(school):
        return (
            "Your school's policy lets staff with a blog account approve comments, "
            "and you have none: ask the head for one."
        )
    return "Your school's policy does not let you approve comments."


def negative_deleted(user: User, school: School | None) -> Finding | None:
    """Refuse deleting a comment where the policy hides negative comments instead (C4.2)."""
    from schoolgate.moderation import policy

    if school is None or policy.negative_deleted(school):
        return None
    return _refusal(
        school,
        policy.NEGATIVE,
        "Your school's policy hides a negative comment rather than deleting it: reject it.",
    )


def praise_collected(user: User, school: School | None) -> Finding | None:
    """Refuse the praise page where the school's policy does not collect praise (C4.5)."""
    from schoolgate.moderation import policy

    if school is None or policy.praise_collected(school):
        return None
    return _refusal(school, PRAISE, "Your school's policy does not collect praise from comments.")


def is_visible(user: User, target: Any) -> Finding | None:
    """Refuse a comment `selectors.visible_comments` keeps from the user."""
    from schoolgate.moderation.models import Comment
    from schoolgate.moderation.selectors import comment_visible_to

    if not isinstance(target, Comment) or comment_visible_to(user, target):
        return None
    return _refusal(target.school, ESCALATE_TO, "This comment is for the head to deal with.")


add_check("moderation.visible", is_visible)
add_precondition("moderation.moderator", is_moderator)
add_precondition("moderation.approver", is_approver)
add_precondition("moderation.praise_collected", praise_collected)
add_precondition("moderation.negative_deleted", negative_deleted)

register("moderation.comment", "Comment on a blog post", audience="public")
register(
    "moderation.queue",
    "Moderate comments",
    roles=WORKFORCE,
    preconditions=(*MODERATING, "moderation.moderator"),
    checks=("moderation.visible",),
)
register(
    "moderation.approve",
    "Approve or reject an ordinary comment",
    roles=WORKFORCE,
    preconditions=(*MODERATING, "moderation.approver"),
    checks=("moderation.visible",),
)
# Seeing every comment, those naming colleagues too: the escalation roles,
# whether or not they may decide today (signed, trained).
register(
    "moderation.see_every_comment",
    "See every comment, those naming colleagues too",
    roles_from=(ESCALATE_TO, "roles"),
)
register(
    "moderation.decide_escalated",
    "Decide a negative or inappropriate comment",
    roles_from=(ESCALATE_TO, "roles"),
    preconditions=MODERATING,
    checks=("moderation.visible",),
)
# Deleting a comment (its text kept as evidence): the same roles, where the
# policy deletes negative comments (moderation.negative_handling:delete).
register(
    "moderation.delete",
    "Delete a comment, keeping its text as evidence",
    roles_from=(ESCALATE_TO, "roles"),
    preconditions=(*MODERATING, "moderation.negative_deleted"),
    checks=("moderation.visible",),
)
register(
    "moderation.praise",
    "See the praise collected",
    roles_from=(PRAISE, "share_with"),
    preconditions=("moderation.praise_collected",),
)
# A signed link from a notification email; the signed-in person must be the one it names.
register("moderation.one_click", "Act on a comment from an email link", audience="signed_in")

for code, text in {
    "moderation.comment_received": "A comment was received",
    "moderation.comment_refused": "A comment was refused",
    "moderation.claimed": "Claimed a comment",
    "moderation.released": "Released a claimed comment",
    "moderation.approved": "Approved a comment",
    "moderation.rejected": "Rejected a comment",
    "moderation.escalated": "Escalated a comment to the head",
    "moderation.not_a_problem": "Marked a flagged comment as not a problem",
    "moderation.deleted": "Deleted a comment (text kept as evidence)",
    "moderation.note_added": "Added a note to a comment",
    "moderation.contact_logged": "Recorded a contact with a commenter",
    "moderation.meeting_recorded": "Recorded a parent meeting about a comment",
    "moderation.platform_reported": "Reported a commenter to the platform",
    "moderation.commenter_blocked": "Blocked a commenter",
    "moderation.outcome_sent": "Told a commenter the outcome",
    "moderation.channel_fetch_failed": "Could not fetch comments from a channel",
    "moderation.platform_action": "Acted on a comment on its platform",
    "moderation.platform_action_failed": "A platform refused an action on a comment",
}.items():
    register_event(code, text)

add("Comments", "moderation:queue", "moderation.queue")
add("Praise", "moderation:praise", "moderation.praise")


def _panel_context(request: Any) -> dict[str, Any]:
    from schoolgate.core.permissions import can
    from schoolgate.moderation.selectors import waiting_summary

    school = request.school
    return {
        "moderation": waiting_summary(school, user=request.user),
        "moderation_is_head": can(request.user, "moderation.decide_escalated", school),
    }


add_panel(
    "moderation",
    template="moderation/_panel.html",
    action="moderation.queue",
    context=_panel_context,
    order=40,
)


def _waiting(schools: Sequence[School]) -> dict[int, int]:
    from schoolgate.moderation.models import Comment

    return count_by_school(Comment.objects.filter(status__in=Comment.WAITING), schools)


add_count(
    "comments_waiting",
    "Comments waiting for a decision",
    _waiting,
    url_name="moderation:queue",
)
