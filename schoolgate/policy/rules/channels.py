"""Rules about the school's own channels: who runs them and how they behave."""

from schoolgate.policy.engine import Param, define
from schoolgate.policy.rules._common import flag, platforms, roles

define(
    "channels.managers",
    title="Who manages the school's channels",
    description=(
        "The platforms the school publishes on, and the roles allowed to add "
        "channels there and to see their settings and credentials."
    ),
    catalogue=["C3.1"],
    params=[
        platforms(
            "platforms",
            ["blog", "facebook", "x"],
            "Platforms the school uses: a channel is added only on one of these. "
            "A channel already added elsewhere keeps working, and its comments "
            "are still fetched and triaged.",
        ),
        roles("roles", ["head", "deputy_head"], "Roles that manage the external channels."),
    ],
    actions=["publishing.manage_channels", "publishing.add_channel"],
)

define(
    "channels.staff_blog_accounts",
    title="Who creates staff blog accounts",
    description=(
        "Only the named roles may create accounts for staff on the school blog; where "
        "the policy says so, staff publish to the blog only with an account."
    ),
    catalogue=["C3.2"],
    params=[
        roles("roles", ["head"], "Roles that may create staff blog accounts."),
        flag(
            "needed_to_publish",
            False,
            "Staff publish to the blog without approval only with an open blog account.",
        ),
    ],
    actions=["publishing.blog_accounts", "publishing.publish_blog_directly", "moderation.approve"],
)

define(
    "channels.cross_post",
    title="Blog posts go out to the social pages",
    description=(
        "A post published on the blog is sent on to the school's other channels "
        "automatically, so staff never post to those pages by hand."
    ),
    catalogue=["C3.9"],
    params=[platforms("targets", ["facebook", "x"], "Channels a blog post is copied to.")],
    # Run by the send gate (publishing/gate.py) each time a post is published.
    actions=["publishing.publish"],
)

define(
    "channels.one_way",
    title="Social pages are one-way",
    description=(
        "The school's external pages announce and do not converse; a notice points "
        "parents to the school office instead."
    ),
    catalogue=["C3.9"],
    params=[
        Param(
            "notice",
            "str",
            "To raise anything with us, please contact the school office.",
            "The notice shown on the school's external pages.",
            low=1,
            high=500,
        ),
        flag("replies_allowed", False, "Staff may reply to comments on external pages."),
    ],
    actions=["publishing.blog", "publishing.manage_channels"],
)

define(
    "channels.professional_label",
    title="Professional sites say so",
    description="Each professional site states that it is an official, professional channel.",
    catalogue=["C3.10"],
    params=[
        Param(
            "label",
            "str",
            "Official channel of the school, run by its staff.",
            "The wording that marks a channel as professional.",
            low=1,
            high=200,
        ),
    ],
    actions=["publishing.manage_channels"],
)

define(
    "channels.private_by_default",
    title="Private unless there is a reason",
    description=(
        "New professional sites and blog areas start private to a class or key "
        "stage; making one public needs a recorded reason."
    ),
    catalogue=["C3.10"],
    params=[
        Param(
            "default_audience",
            "choice",
            "public",
            "Who sees a new channel or blog area.",
            choices=("public", "school", "key_stage", "class"),
        ),
        flag("public_needs_reason", False, "Making a site public needs a recorded reason."),
    ],
    actions=["publishing.compose"],
    checks=["publish"],
)
