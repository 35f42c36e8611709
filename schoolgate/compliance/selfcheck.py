"""The staff self-check (C5.5): checks run in the engine's "personal" context.

A member of staff pastes their profile text, handle and a draft post; these
checks, attached to the selfcheck rules, say what the school's policy warns
against and why. Nothing here stores or logs what was pasted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time

from schoolgate.checks.base import fold
from schoolgate.checks.matters import individual_matters
from schoolgate.checks.names import NameMatcher
from schoolgate.checks.tone import sentiment
from schoolgate.policy import engine
from schoolgate.policy.engine import Finding, RuleContext

CONTEXT = "personal"
PUPIL_KINDS = frozenset({"pupil_name", "surname", "full_name"})
# Words that make a post about work, so the disclaimer rule applies.
_WORK_WORDS = re.compile(
    r"\b(?:school|work|job|class(?:room)?|pupils?|students?|staff ?room|colleagues?|"
    r"head ?teacher|the head|teaching|teacher|ofsted|lesson|year \d+)\b",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"\b(?:views|opinions|thoughts)\s+(?:are\s+)?(?:my\s+own|mine)\b|\bown views\b",
    re.IGNORECASE,
)
_TRIP = re.compile(
    r"\b(?:trip|visit|residential|outing|excursion|day out)\b[^.!?\n]{0,40}?"
    r"\b(?:to|at|in)\s+(?:the\s+)?([A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)*)"
)
_WORK_GRUMBLE = re.compile(
    r"\b(?:hate|sick of|fed up|can't stand|cannot stand|useless|nightmare|worst)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PersonalPost:
    """What a member of staff pasted, plus what the school knows to look for."""

    profile_text: str = ""
    handle: str = ""
    post: str = ""
    posting_at: datetime | None = None
    faces: int = 0  # faces found in a pasted photo (the photo itself is not kept)
    school_names: tuple[str, ...] = ()
    roster: NameMatcher | None = field(default=None, compare=False)

    @property
    def about_work(self) -> bool:
        return bool(_WORK_WORDS.search(self.post)) or _mentions(self.post, self.school_names)


def _mentions(text: str, names: tuple[str, ...]) -> bool:
    folded = fold(text)
    squashed = re.sub(r"[\s_.\-]", "", folded)
    return any(
        fold(name) in folded or re.sub(r"[\s_.\-]", "", fold(name)) in squashed
        for name in names
        if name
    )


@engine.check("selfcheck.personal_profile", contexts=[CONTEXT])
def personal_profile(ctx: RuleContext, subject: PersonalPost) -> Iterator[Finding]:
    """Find what the profile and post give away about the school and its pupils."""
    wanted = set(ctx.params["checks"])
    if "school_name" in wanted:
        yield from _school_named(ctx, subject)
    yield from _pupils_named(ctx, subject)
    if "pupil_images" in wanted and subject.faces:
        yield _faces(ctx, subject.faces)
    if "trip_location" in wanted:
        yield from _trip_places(ctx, subject)
    if "complaints" in wanted:
        yield from _complaints(ctx, subject)
    if ctx.params["disclaimer_required"] and _missing_disclaimer(subject):
        yield ctx.finding(
            "The post is about work but nowhere says the views are your own.",
            kind="disclaimer",
        )


def _missing_disclaimer(subject: PersonalPost) -> bool:
    said = _DISCLAIMER.search(subject.post + " " + subject.profile_text)
    return subject.about_work and said is None


def _school_named(ctx: RuleContext, subject: PersonalPost) -> Iterator[Finding]:
    rule = ctx.params["school_identification"]
    if rule == "allowed":
        return
    if _mentions(subject.handle, subject.school_names):
        yield ctx.finding("Your handle names the school.", severity="block", kind="school_name")
    if rule == "never":
        for label, text in (("profile", subject.profile_text), ("post", subject.post)):
            if _mentions(text, subject.school_names):
                yield ctx.finding(
                    f"Your {label} names the school; the policy asks staff not to say "
                    "where they work.",
                    severity="block",
                    kind="school_name",
                )


def _pupils_named(ctx: RuleContext, subject: PersonalPost) -> Iterator[Finding]:
    if subject.roster is None:
        return
    for label, text in (("profile", subject.profile_text), ("post", subject.post)):
        for match in subject.roster.find(text):
            if match.kind in PUPIL_KINDS:
                yield ctx.finding(
                    f"Your {label} names a pupil ({match.text}); pupils are never "
                    "mentioned on personal accounts.",
                    severity="block",
                    kind="pupil_name",
                    span=match.span if label == "post" else None,
                )


def _faces(ctx: RuleContext, count: int) -> Finding:
    # Detection finds faces, not ages: any face may be a pupil's.
    found = f"{count} face{'s' if count != 1 else ''}"
    return ctx.finding(
        f"The photo shows {found}: children's faces may appear, and pupils' "
        "images stay off personal accounts.",
        kind="faces",
    )


def _trip_places(ctx: RuleContext, subject: PersonalPost) -> Iterator[Finding]:
    for match in _TRIP.finditer(subject.post):
        yield ctx.finding(
            f"The post says where a school trip is ({match.group(1)}), which tells "
            "strangers where the children are.",
            severity="block",
            kind="trip_location",
            span=match.span(),
        )


def _complaints(ctx: RuleContext, subject: PersonalPost) -> Iterator[Finding]:
    people = subject.roster.findings(subject.post) if subject.roster else []
    for matter in individual_matters(subject.post, people):
        yield ctx.finding(
            f"{matter.reason}: complaints about colleagues or pupils belong with "
            "the school, not online.",
            kind="complaint",
            span=matter.span,
        )
    if subject.about_work and (
        _WORK_GRUMBLE.search(subject.post) or sentiment(subject.post) <= -0.5
    ):
        yield ctx.finding(
            "The post complains about work; raise concerns through the school instead.",
            kind="complaint",
        )


@engine.check("selfcheck.working_hours", contexts=[CONTEXT])
def working_hours(ctx: RuleContext, subject: PersonalPost) -> Iterator[Finding]:
    """Flag a post timed inside the working day but outside the breaks."""
    when = subject.posting_at
    if when is None or when.weekday() >= 5:
        return
    clock = when.time()
    if not _clock(ctx.params["day_start"]) <= clock < _clock(ctx.params["day_end"]):
        return
    for span in ctx.params["breaks"]:
        start, _, end = span.partition("-")
        if _clock(start) <= clock < _clock(end):
            return
    yield ctx.finding(
        f"Posting at {clock:%H:%M} falls inside working time and outside the breaks.",
        kind="working_hours",
    )


def _clock(text: str) -> time:
    hours, _, minutes = text.strip().partition(":")
    return time(int(hours), int(minutes))
