"""Actions and audit events of publishing: channels, posts, approval, the blog."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schoolgate.audit.events import register as register_event
from schoolgate.core.permissions import add_check, add_precondition, register
from schoolgate.people.roles import SCHOOL_LEADERS, TRUST_LEADERS, WORKFORCE, Role
from schoolgate.publishing.checks import DIRECT_PUBLISHERS
from schoolgate.publishing.predicates import (
    blog_account,
    four_eyes,
    head_sees_all,
    platform_listed,
)
from schoolgate.web.navigation import add
from schoolgate.web.panels import add_panel

if TYPE_CHECKING:
    from schoolgate.core.types import SchoolRequest

# Staff who write news for the school; the policy then says who publishes directly.
AUTHORS = SCHOOL_LEADERS | {Role.TEACHER, Role.SUPPORT, Role.OFFICE}

# Who sees a channel's settings and credentials is the profile's word (shire: the head).
register(
    "publishing.manage_channels",
    "See and change the school's channels",
    roles_from=("channels.managers", "roles"),
)
# Adding a channel: the same roles, and only on a platform the policy lists
# (channels.managers:platforms; shire "Facebook and Twitter": the blog,
# Facebook and Twitter).
register(
    "publishing.add_channel",
    "Add a channel",
    roles_from=("channels.managers", "roles"),
    checks=("publishing.platform_listed",),
)
add_check("publishing.platform_listed", platform_listed)
register("publishing.compose", "Write news posts", roles=AUTHORS)
# Leaders open the approval queue; whether one may approve a given post is
# decided per post (four eyes, the profile's approvers, who deputises).
register("publishing.review", "Approve or send back posts", roles=SCHOOL_LEADERS)
# Approving one post: the profile names the approvers; a head's own post goes
# to a deputy or the executive head instead; nobody approves their own post
# (four eyes); and the approver must have signed the policy and be trained.
PUBLISHING_PRECONDITIONS = ("policy_signed", "training_current")
register(
    "publishing.approve",
    "Approve a news post",
    roles_from=("publishing.approval", "approvers"),
    preconditions=PUBLISHING_PRECONDITIONS,
    checks=("publishing.four_eyes",),
)
register(
    "publishing.approve_heads_post",
    "Approve the head's own post",
    roles={Role.DEPUTY_HEAD, Role.EXECUTIVE_HEAD},
    preconditions=PUBLISHING_PRECONDITIONS,
    checks=("publishing.four_eyes",),
)
# A post that speaks for the school (a statement, a response on its behalf):
# approved only by the roles the profile names (whmat 6.12: the head of
# academy), never by the author (C3.8).
register(
    "publishing.speak_for_school",
    "Approve a post that speaks for the school",
    roles_from=("publishing.speaking_for_school", "approvers"),
    preconditions=PUBLISHING_PRECONDITIONS,
    checks=("publishing.four_eyes",),
)
# Sending a post on (to approval, or straight out where the profile lets the author).
register(
    "publishing.publish",
    "Publish news posts",
    roles=AUTHORS,
    preconditions=PUBLISHING_PRECONDITIONS,
)
add_check("publishing.four_eyes", four_eyes)
# Publishing without approval, per kind of channel: the roles the profile
# names (the engine's "publishing.approval" check asks the same parameter).
# To the blog, where the profile says so, only through the person's own blog
# account (shire "Primary Blogger"); without one a post goes to an approver.
add_precondition("publishing.blog_account", blog_account)
DIRECT_ACTIONS = {
    "blog": register(
        "publishing.publish_blog_directly",
        "Publish to the blog without approval",
        roles_from=("publishing.approval", DIRECT_PUBLISHERS["blog"]),
        preconditions=("publishing.blog_account",),
    ).code,
    "social": register(
        "publishing.publish_social_directly",
        "Publish to social media without approval",
        roles_from=("publishing.approval", DIRECT_PUBLISHERS["social"]),
    ).code,
}
# Other people's drafts: the head, where the profile says the head sees every
# post (brize "Use of sites"); elsewhere a draft is its author's own.
register(
    "publishing.see_drafts",
    "See other people's drafts",
    roles={Role.HEAD},
    preconditions=("publishing.head_sees_all",),
)
add_precondition("publishing.head_sees_all", head_sees_all)
# Taking a published post down by hand, from the blog and every channel: those
# who approve what goes out (shire "Primary Blogger": the head of school, who
# may remove any post).
register(
    "publishing.take_down",
    "Take a published post down",
    roles_from=("publishing.approval", "approvers"),
)
register(
    "publishing.my_children",
    "See and withdraw consent for your children's photos",
    roles={Role.PARENT},
)
# Staff blog accounts: only the roles the profile names (shire: the head).
register(
    "publishing.blog_accounts",
    "Make and close staff blog accounts",
    roles_from=("channels.staff_blog_accounts", "roles"),
)
# Press enquiries (C3.8): anyone on the staff may be the one a journalist
# rings, so anyone records it; only the roles the profile names (whmat 6.12:
# the CEO) see the register and record what the school said.
register("publishing.press_record", "Record a press enquiry", roles=WORKFORCE)
register(
    "publishing.press_enquiries",
    "Decide press enquiries",
    roles_from=("publishing.press_enquiries", "route_to"),
)
register("publishing.pause", "Pause all publishing for the school", roles=SCHOOL_LEADERS)
register("publishing.pause_trust", "Pause all publishing for the trust", roles=TRUST_LEADERS)
register("publishing.blog", "Read the school's news", audience="public")
# Who reads a class's or key stage's private posts is decided per post (selectors).
register("publishing.read_private", "Read a class's private news", audience="signed_in")

for code, text in {
    "publishing.channel_created": "Added a publishing channel",
    "publishing.channel_updated": "Changed a publishing channel",
    "publishing.channel_credentials_set": "Stored a channel's credentials",
    "publishing.post_created": "Started a news post",
    "publishing.post_edited": "Edited a news post",
    "publishing.post_submitted": "Sent a news post for approval",
    "publishing.post_approved": "Approved a news post",
    "publishing.post_rejected": "Sent a news post back",
    "publishing.post_published": "Published a news post",
    "publishing.outbox_sent": "A post reached a channel",
    "publishing.outbox_failed": "A post could not reach a channel",
    "publishing.outbox_resent": "Sent a post to a channel again",
    "publishing.outbox_held": "A post was held back from a channel by the checks",
    "publishing.channel_broken": "A channel stopped working",
    "publishing.post_reshared": "Re-shared a post to a channel",
    "publishing.post_lapsed": "An unapproved draft lapsed",
    "publishing.outbox_withdrawn": "A post was taken down from a channel",
    "publishing.withdrawal_queued": "Queued taking a post down from a channel",
    "publishing.post_unpublished": "Took a post off the blog",
    "publishing.photo_rerendered": "Queued re-rendering a photo with a child blurred",
    "publishing.takedown": "Took down the posts showing a pupil",
    "publishing.post_taken_down": "Took a post down by hand",
    "publishing.blog_account_created": "Made a staff blog account",
    "publishing.blog_account_closed": "Closed a staff blog account",
    "publishing.posts_exported": "Exported the news posts list as CSV",
    "publishing.press_enquiry_recorded": "Recorded a press enquiry and passed it on",
    "publishing.press_enquiry_decided": "Recorded what came of a press enquiry",
    "publishing.outbox_edited": "A correction was edited in place on a channel",
    "publishing.correction_submitted": "Sent a correction of a published post for approval",
    "publishing.correction_approved": "Approved a correction of a published post",
    "publishing.correction_rejected": "Sent a correction back",
    "publishing.post_corrected": "Published a correction of a post",
    "publishing.face_retagged": "Corrected a face tag on a published post",
    "publishing.schedule_held": "A scheduled post was held back when it was due",
    "publishing.channel_sent_exported": "Exported what was sent to a channel as CSV",
    "publishing.paused": "Paused all publishing",
    "publishing.resumed": "Resumed publishing",
}.items():
    register_event(code, text)

add("News", "publishing:posts", "publishing.compose")
add("Channels", "publishing:channels", "publishing.manage_channels")
add("Pause publishing", "publishing:pause", "publishing.pause")
add("Takedowns", "publishing:takedowns", "publishing.review")
add("Blog accounts", "publishing:blog_accounts", "publishing.blog_accounts")
add("Press enquiries", "publishing:press", "publishing.press_enquiries")
add("Report a press enquiry", "publishing:press_new", "publishing.press_record")
add("My children's photos", "publishing:my_children", "publishing.my_children")


def _broken_panel(request: SchoolRequest) -> dict[str, Any]:
    from schoolgate.publishing.selectors import broken_channels

    return {"broken_channels": broken_channels(request.school)}


# A broken channel is never silent: leaders see it on the dashboard.
add_panel(
    "publishing.broken_channels",
    template="publishing/_broken_panel.html",
    action="publishing.review",
    context=_broken_panel,
    order=5,
)


# Approvers see what waits for them at once; the queue decides per post who
# may approve it (the profile's approvers, four eyes, a head's own post).
add_panel(
    "publishing.awaiting_approval",
    template="publishing/_approval_panel.html",
    action="publishing.review",
    context="schoolgate.publishing.panels.awaiting_approval_panel",
    order=2,
)
# An author's unfinished work, sent-back posts first: they wait on the author.
add_panel(
    "publishing.own_posts",
    template="publishing/_own_posts_panel.html",
    action="publishing.compose",
    context="schoolgate.publishing.panels.own_posts_panel",
    order=3,
)


def _stuck_work_panel(request: SchoolRequest) -> dict[str, Any]:
    from schoolgate.core.permissions import can
    from schoolgate.core.schedule import stuck_work

    return {
        "stuck": stuck_work(request.school),
        "stuck_detail": can(request.user, "web.routine_jobs_detail", request.school),
    }


# Work a stopped worker left half done (a post, a takedown's withdrawal, a
# photo's check) is swept up every few minutes; if it is still there, the
# sweeps are not running, and those who hear about routine jobs are told.
add_panel(
    "publishing.stuck_work",
    template="publishing/_stuck_work_panel.html",
    action="web.routine_jobs",
    context=_stuck_work_panel,
    order=6,
)


# Shire's teachers publish straight to the blog, Facebook and X (as the policy
# allows); those who may take a post down (shire: the head) see what went out.
register(
    "publishing.oversee",
    "See what staff published this week",
    roles_from=("publishing.approval", "approvers"),
)


add_panel(
    "publishing.went_out",
    template="publishing/_went_out_panel.html",
    action="publishing.oversee",
    context="schoolgate.publishing.oversight.oversight_panel",
    order=4,
)
