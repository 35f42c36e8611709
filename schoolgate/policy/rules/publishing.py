"""Rules about what a post may say and who must approve it."""

from schoolgate.policy.engine import Param, define
from schoolgate.policy.rules._common import flag, includes_all, number, roles, severity

NAMING = ("first_name_only", "no_names", "full_names")
PERSONAL_DATA = ("phone", "email", "postcode", "address", "date_of_birth")
CONTENT = (
    "defamatory",
    "discriminatory",
    "abusive",
    "hateful",
    "extremist",
    "sexual",
    "offensive",
    "commercial",
    "political",
)
# Categories the law refuses on a school's channels whatever the policy says:
# political impartiality (Education Act 1996 ss406-407) and the Prevent duty
# (Counter-Terrorism and Security Act 2015 s26). They always block.
LAWFUL_CATEGORIES = ("extremist", "political")
CONTENT_CATEGORY_NAMES = (
    "extremist",
    "sexual",
    "commercial",
    "political",
    "staff_matter",
    "defamatory",
    "discriminatory",
)
# A school's own phrase: "category: phrase", the category one of the names above.
_CATEGORY_WORDS = "|".join(name.replace("_", "[ _]") for name in CONTENT_CATEGORY_NAMES)
PHRASE_PATTERN = rf"(?i)\s*(?:{_CATEGORY_WORDS})\s*:\s*\S.*"

define(
    "publishing.child_naming",
    title="How children may be named",
    description=(
        "How a pupil may be named in a post: by first name only, not at all, or in "
        "full; a post with photos may be stricter than one without."
    ),
    catalogue=["C3.5"],
    params=[
        Param("mode", "choice", "first_name_only", "Naming in posts without photos.", NAMING),
        Param("with_photos", "choice", "first_name_only", "Naming in posts with photos.", NAMING),
        flag("only_where_necessary", True, "Name a child only when the post needs it."),
        severity("block", "What a name the mode forbids does to a post."),
    ],
    checks=["publish"],
)

define(
    "publishing.personal_data",
    title="No personal data in posts",
    description=(
        "Posts carry no information that identifies a person beyond the naming "
        "rule: no phone numbers, emails, postcodes, addresses or birthdays."
    ),
    catalogue=["C3.5", "C3.7"],
    params=[
        Param(
            "kinds",
            "list",
            list(PERSONAL_DATA),
            "Kinds of personal data looked for.",
            choices=PERSONAL_DATA,
        ),
        severity("block"),
    ],
    checks=["publish"],
)

define(
    "publishing.content_standards",
    title="Content standards",
    description=(
        "Nothing defamatory, discriminatory, abusive, hateful, extremist, sexual or "
        "offensive, no personal commercial promotion, and no campaigning for a party or "
        "candidate (schools in England must stay politically impartial)."
    ),
    catalogue=["C3.7"],
    params=[
        Param("categories", "list", list(CONTENT), "Kinds of content refused.", choices=CONTENT),
        severity(
            "block",
            "What a finding does: warn, ask approval, block (extremist and "
            "political content always blocks).",
        ),
        Param(
            "phrases",
            "list",
            [],
            "The school's own phrases, each as 'category: phrase' (extremist, sexual, "
            "commercial, political, staff_matter, defamatory, discriminatory), separated by "
            'commas; a * stands for one to three words, as in "commercial: my * shop".',
            pattern=PHRASE_PATTERN,
            example="commercial: my * shop",
        ),
    ],
    floors=[
        includes_all(
            "categories",
            LAWFUL_CATEGORIES,
            code="content.impartial_and_prevent",
            guarantee=(
                "posts that campaign for a party or candidate, or support an extremist "
                "cause, are always refused and always blocked"
            ),
            clause="Education Act 1996 ss406-407; Counter-Terrorism and Security Act 2015 s26",
        ),
    ],
    checks=["publish"],
)

define(
    "publishing.individual_matters",
    title="No individual matters in public",
    description=(
        "Posts do not discuss a particular pupil's, parent's or colleague's "
        "personal business with the school."
    ),
    catalogue=["C3.7"],
    params=[severity("block")],
    checks=["publish"],
)

define(
    "publishing.copyright",
    title="Respect copyright and cite sources",
    description=(
        "Other people's words and pictures are used only with permission, and "
        "their source is given."
    ),
    catalogue=["C3.7"],
    params=[
        flag("cite_sources", True, "Material from elsewhere needs its source named."),
        Param(
            "third_party_images",
            "choice",
            "warn",
            "What an image with no stated source does.",
            choices=("warn", "block"),
        ),
    ],
    checks=["publish"],
)

define(
    "publishing.approval",
    title="Who approves posts",
    description=(
        "Which roles may publish straight away, which must have a post approved "
        "first, and by whom; nobody approves their own post."
    ),
    catalogue=["C3.8"],
    params=[
        roles("approvers", ["head", "deputy_head"], "Roles that approve posts."),
        roles("direct_publishers", ["head"], "Roles that publish to the blog without approval."),
        roles(
            "social_direct_publishers",
            ["head"],
            "Roles that publish to the social channels (Facebook, X, ...) without approval.",
        ),
        flag("head_sees_all", False, "Every post is shown to the head, approved or not."),
        flag("four_eyes", True, "Nobody approves their own post."),
        number(
            "draft_expiry_days",
            14,
            "Days after which an unapproved draft lapses.",
            low=1,
            high=365,
        ),
    ],
    actions=["publishing.approve", "publishing.take_down"],
    checks=["publish"],
    jobs=["lapse_drafts"],
)

define(
    "publishing.speaking_for_school",
    title="Speaking for the school",
    description=(
        "Anyone who speaks for the school on social media needs approval first; "
        "the approver may set conditions or ask for training."
    ),
    catalogue=["C3.8"],
    params=[roles("approvers", ["head"], "Roles that approve speaking for the school.")],
    actions=["publishing.speak_for_school"],
    checks=["publish"],
)

define(
    "publishing.press_enquiries",
    title="Press enquiries",
    description=(
        "A request for comment from the press or any outlet goes to the named "
        "roles, and nobody answers it without their approval."
    ),
    catalogue=["C3.8"],
    params=[roles("route_to", ["head"], "Roles that press enquiries are passed to.")],
    actions=["publishing.press_record", "publishing.press_enquiries"],
)
