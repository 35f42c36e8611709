"""The policy checks of the "publish" context, attached to the existing rules.

Each check turns the text checks' findings (`schoolgate.checks`) into policy
findings whose reason names the child and the rule in plain English, and
whose source is the clause of the school's policy. Pure Python: no Django, so
`schoolgate check` runs without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from schoolgate.checks.base import TextFinding
from schoolgate.checks.content import find_content, parse_school_phrases
from schoolgate.checks.draft import check_text
from schoolgate.checks.names import NameMatcher, Person
from schoolgate.policy import rules as _rules  # noqa: F401  the rules exist before checks attach
from schoolgate.policy.engine import Decision, Finding, Profile, RuleContext, check, evaluate
from schoolgate.policy.rules.publishing import LAWFUL_CATEGORIES

PUBLISH = "publish"
CHANNEL_KINDS = ("blog", "social")
NAME_KINDS = ("pupil_name", "surname", "full_name")
OFFENSIVE_CATEGORIES = frozenset({"offensive", "abusive", "hateful", "discriminatory"})
_MODE_WORDS = {
    "first_name_only": "names children by first name only",
    "no_names": "does not name children",
    "full_names": "may name children in full",
}


class Roster:
    """The school's people, with a name matcher built once for all checks."""

    def __init__(self, people: Iterable[Person]):
        self.people: dict[str, Person] = {p.id: p for p in people}
        self.matcher = NameMatcher(self.people.values())

    def first_names(self, ids: Sequence[str]) -> str:
        """Return how a reason refers to the people behind a match ("Jack or Amy")."""
        names = list(
            dict.fromkeys(
                (self.people[i].preferred_name or self.people[i].first_name)
                for i in ids
                if i in self.people
            )
        )
        if not names:
            return "A pupil"
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


@dataclass(frozen=True, slots=True)
class PhotoInfo:
    """What the checks need of a photo: its words, and where it came from."""

    file_name: str = ""
    caption: str = ""
    alt_text: str = ""
    source: str = ""
    third_party: bool = False


@dataclass(frozen=True, slots=True)
class PictureFacts:
    """What the checks need of an uploaded photo's own checks (`schoolgate.photos`).

    `number` counts from 1 in the post; `ready` is False while its faces are
    still being looked for; `device` is "registered", "unknown" or "none";
    `colleagues` holds one reason per member of staff shown without their
    permission; `described` is False while the photo has no alt text.
    """

    number: int
    ready: bool = True
    unaccounted: int = 0
    device: str = "registered"
    camera: str = ""
    colleagues: tuple[str, ...] = ()
    described: bool = True


@dataclass(frozen=True, slots=True)
class TaggedPupil:
    """A pupil tagged in a post's photos, with the consent found for the channel.

    `consent` is True or False from the register, or None when it could not
    be asked (no register installed).
    """

    id: str
    first_name: str
    consent: bool | None
    note: str = ""


@dataclass
class Draft:
    """A post as the checks see it, for one kind of channel (blog or social)."""

    body: str
    photos: Sequence[PhotoInfo] = ()
    channel: str = "blog"
    roster: Roster | None = None
    tagged: Sequence[TaggedPupil] = ()
    author_roles: frozenset[str] | None = None
    pictures: Sequence[PictureFacts] = ()
    # Who may read it ("public", "class", "key_stage"; "" when not known, as for
    # a draft checked from the command line) and, if public, why.
    audience: str = ""
    public_reason: str = ""
    # A statement on the school's behalf rather than news (C3.8).
    speaks_for_school: bool = False

    @cached_property
    def text_findings(self) -> list[TextFinding]:
        """Return the text checks' findings, worked out once for every rule."""
        return check_text(
            self.body,
            roster=self.roster.matcher if self.roster else None,
            captions=[p.caption for p in self.photos],
            alt_texts=[p.alt_text for p in self.photos],
            file_names=[p.file_name for p in self.photos],
        )

    def of_kind(self, *kinds: str) -> list[TextFinding]:
        return [f for f in self.text_findings if f.kind in kinds]

    def content(self, school_phrases: Sequence[str] = ()) -> list[TextFinding]:
        """Return the content rules' findings in the body, captions and alt texts.

        `school_phrases` are the school's own "category: phrase" entries. The
        answer is kept per set of phrases, as two rules ask for it.
        """
        key = tuple(school_phrases)
        memo = self.__dict__.setdefault("_content_memo", {})
        if key not in memo:
            memo[key] = self._find_content(key)
        return list(memo[key])

    def _find_content(self, school_phrases: tuple[str, ...]) -> list[TextFinding]:
        extra = parse_school_phrases(school_phrases)
        parts = [("body", self.body)]
        parts += [(f"caption[{i}]", p.caption) for i, p in enumerate(self.photos)]
        parts += [(f"alt_text[{i}]", p.alt_text) for i, p in enumerate(self.photos)]
        found: list[TextFinding] = []
        for field, part in parts:
            if part.strip():
                found += [f.in_field(field) for f in find_content(part, extra)]
        return found


def check_draft(profile: Profile, draft: Draft) -> Decision:
    """Return the policy's decision on a draft, with what the law asks of every post."""
    decision = evaluate(profile, PUBLISH, draft)
    required = tuple(accessibility_findings(draft))
    if not required:
        return decision
    return replace(decision, findings=decision.findings + required)


#: Not a clause of any school's policy: the accessibility regulations apply to
#: every school's website whatever its profile says, so no profile turns it off.
ALT_TEXT_RULE = "accessibility.photo_descriptions"
ALT_TEXT_SOURCE = (
    "WCAG 2.2 SC 1.1.1, required of school websites by the Public Sector Bodies "
    "Accessibility Regulations 2018"
)


def accessibility_findings(draft: Draft) -> Iterator[Finding]:
    """Find uploaded photos without alt text: a screen reader would say nothing of them."""
    for picture in draft.pictures:
        if not picture.described:
            reason = (
                f"Photo {picture.number} has no description for screen readers: write its "
                "alt text, saying what the photo shows for someone who cannot see it"
            )
            yield Finding(ALT_TEXT_RULE, reason, ALT_TEXT_SOURCE, "block", "other")


def _where(finding: TextFinding) -> str:
    """Return where in the draft a finding is, as words ("" for the body)."""
    field_name, _, index = finding.field.partition("[")
    if field_name in ("body", "text"):
        return ""
    number = int(index.rstrip("]") or 0) + 1
    part = {"caption": "caption", "alt_text": "alt text", "file_name": "file name"}[field_name]
    return f" in photo {number}'s {part}"


def _span(finding: TextFinding) -> tuple[int, int] | None:
    return finding.span if finding.field in ("body", "text") else None


def _emit(ctx: RuleContext, finding: TextFinding, reason: str, severity: str) -> Finding:
    return ctx.finding(reason, severity=severity, kind=finding.kind, span=_span(finding))  # type: ignore[arg-type]


@check("publishing.child_naming", contexts=[PUBLISH])
def child_naming(ctx: RuleContext, draft: Draft) -> Iterator[Finding]:
    """Find children named more fully than the profile allows."""
    if draft.roster is None:
        return
    mode = ctx.params["with_photos" if draft.photos else "mode"]
    rule = f"this school {_MODE_WORDS[mode]}" + (" in posts with photos" if draft.photos else "")
    for found in draft.of_kind(*NAME_KINDS):
        who = draft.roster.first_names(found.people)
        where = _where(found)
        if mode == "no_names":
            yield _emit(ctx, found, f"{who} is named{where}: {rule}", ctx.params["severity"])
        elif mode == "first_name_only" and found.kind == "surname":
            reason = f"{who}'s surname appears{where}: {rule}"
            yield _emit(ctx, found, reason, ctx.params["severity"])
        elif mode == "first_name_only" and found.kind == "full_name":
            reason = f"{who}'s full name appears{where}: {rule}"
            yield _emit(ctx, found, reason, ctx.params["severity"])
        elif mode == "first_name_only" and ctx.params["only_where_necessary"]:
            reason = f"{who} is named{where}: name a child only where the post needs it"
            yield _emit(ctx, found, reason, "info")


_PII_WORDS = {
    "phone": "A phone number",
    "email": "An email address",
    "postcode": "A postcode",
    "address": "A street address",
    "date_of_birth": "A date of birth",
}


@check("publishing.personal_data", contexts=[PUBLISH])
def personal_data(ctx: RuleContext, draft: Draft) -> Iterator[Finding]:
    """Find phone numbers, emails, postcodes, addresses and birthdays."""
    for found in draft.of_kind(*ctx.params["kinds"]):
        reason = (
            f"{_PII_WORDS[found.kind]} appears{_where(found)}: "
            "school posts carry no personal details"
        )
        yield _emit(ctx, found, reason, ctx.params["severity"])


#: Why each kind of content has no place on a school's channels.
CONTENT_WHY = {
    "extremist": "school channels never carry extremist material",
    "sexual": "school channels carry nothing sexual",
    "commercial": "school channels do not promote anyone's own business",
    "political": "schools stay politically impartial and do not campaign for a party or candidate",
    "staff_matter": "a colleague's employment or health is a private matter",
    "defamatory": "school channels make no accusations against anyone",
    "discriminatory": "school activities are open to every group of people",
}


@check("publishing.content_standards", contexts=[PUBLISH])
def content_standards(ctx: RuleContext, draft: Draft) -> Iterator[Finding]:
    """Find offensive language and content in the refused categories."""
    refused = set(ctx.params["categories"]) | set(LAWFUL_CATEGORIES)
    if OFFENSIVE_CATEGORIES & refused:
        for found in draft.of_kind("offensive"):
            reason = (
                f"{found.reason}{_where(found)}: school channels carry nothing "
                "offensive, abusive or hateful"
            )
            yield _emit(ctx, found, reason, ctx.params["severity"])
    own = tuple(ctx.params.get("phrases", ()))
    for found in draft.content(own):
        school_phrase = "school's own phrases" in found.reason
        if found.kind == "staff_matter" and not school_phrase:
            continue  # publishing.individual_matters answers for these
        if found.kind in refused or school_phrase:
            reason = f"{found.reason}{_where(found)}: {CONTENT_WHY[found.kind]}"
            # The law's categories block whatever severity the school chose.
            severity = "block" if found.kind in LAWFUL_CATEGORIES else ctx.params["severity"]
            yield _emit(ctx, found, reason, severity)


@check("publishing.individual_matters", contexts=[PUBLISH])
def individual_matters(ctx: RuleContext, draft: Draft) -> Iterator[Finding]:
    """Find a named person together with a complaint or a private matter."""
    for found in draft.of_kind("individual_matter"):
        who = draft.roster.first_names(found.people) if draft.roster else "Someone"
        reason = (
            f"{who} is named with a complaint or a private matter{_where(found)}: "
            "school channels do not discuss individual matters"
        )
        yield _emit(ctx, found, reason, ctx.params["severity"])
    for found in draft.content():
        if found.kind == "staff_matter":
            reason = f"{found.reason}{_where(found)}: {CONTENT_WHY['staff_matter']}"
            yield _emit(ctx, found, reason, ctx.params["severity"])


@check("publishing.copyright", contexts=[PUBLISH])
def copyright_sources(ctx: RuleContext, draft: Draft) -> Iterator[Finding]:
    """Find images from elsewhere that do not say where they came from."""
    if not ctx.params["cite_sources"]:
        return
    for number, photo in enumerate(draft.photos, start=1):
        if photo.third_party and not photo.source.strip():
            reason = (
                f"Photo {number} comes from elsewhere but names no source: "
                "other people's pictures need permission and a credit"
            )
            yield ctx.finding(reason, severity=ctx.params["third_party_images"], kind="other")


@check("consent.photo_required", contexts=[PUBLISH])
def photo_consent(ctx: RuleContext, draft: Draft) -> Iterator[Finding]:
    """Find tagged pupils without consent for this kind of channel."""
    use = "the school blog" if draft.channel == "blog" else "social media"
    for pupil in draft.tagged:
        if pupil.consent is False:
            reason = (
                f"{pupil.first_name} is tagged in a photo but has no consent for {use}"
                f"{': ' + pupil.note if pupil.note else ''}; no photo without consent "
                "for every pupil in it"
            )
            yield ctx.finding(reason, severity=ctx.params["severity"], kind="consent")
        elif pupil.consent is None:
            reason = (
                f"{pupil.first_name} is tagged in a photo and consent for {use} could not "
                "be checked: look at the consent register before publishing"
            )
            yield ctx.finding(reason, severity="warn", kind="consent")
    yield from _unaccounted_faces(ctx, draft)


def _unaccounted_faces(ctx: RuleContext, draft: Draft) -> Iterator[Finding]:
    for picture in draft.pictures:
        if not picture.ready:
            reason = (
                f"Photo {picture.number} is still being checked for faces: wait until "
                "every face in it is found and accounted for"
            )
            yield ctx.finding(reason, severity="block", kind="consent")
        elif picture.unaccounted:
            count = picture.unaccounted
            reason = (
                f"Photo {picture.number} has {count} face{'s' if count != 1 else ''} nobody "
                "has accounted for: tag each to a pupil or colleague, mark a visitor, or blur it"
            )
            yield ctx.finding(reason, severity=ctx.params["unaccounted_faces"], kind="consent")


@check("publishing.approval", contexts=[PUBLISH])
def approval(ctx: RuleContext, draft: Draft) -> Iterator[Finding]:
    """Ask for approval when the author may not publish directly."""
    if draft.author_roles is None:
        return
    social = draft.channel == "social"
    if draft.author_roles & set(ctx.params[DIRECT_PUBLISHERS["social" if social else "blog"]]):
        return
    where = " to social media" if social else ""
    reason = (
        f"Your posts{where} are approved before they go out: "
        "this school's approvers check them first"
    )
    yield ctx.finding(reason, severity="approval", kind="other")


@check("publishing.speaking_for_school", contexts=[PUBLISH])
def speaking_for_school(ctx: RuleContext, draft: Draft) -> Iterator[Finding]:
    """Ask the named roles' approval for a post that speaks for the school."""
    if not draft.speaks_for_school or draft.author_roles is None:
        return
    if draft.author_roles & set(ctx.params["approvers"]):
        return
    reason = (
        "This post speaks for the school: only those the policy names may say it, "
        "so they approve it before it goes out"
    )
    yield ctx.finding(reason, severity="approval", kind="other")


@check("channels.private_by_default", contexts=[PUBLISH])
def private_by_default(ctx: RuleContext, draft: Draft) -> Iterator[Finding]:
    """Refuse a public post without a reason where posts are private by default."""
    if draft.audience != "public" or not ctx.params["public_needs_reason"]:
        return
    if draft.public_reason.strip():
        return
    reason = (
        "Posts here are for a class or key stage unless there is a reason: choose who "
        "reads it, or say why everyone should"
    )
    yield ctx.finding(reason, severity="block", kind="other")


#: The parameter of "publishing.approval" naming who publishes to each kind
#: of channel without approval (a profile may run its social pages apart).
DIRECT_PUBLISHERS = {"blog": "direct_publishers", "social": "social_direct_publishers"}
