"""Pure checks for the registers: whom staff must not connect with (C5.3), and
that a professional account uses a school address (C2.4).

No Django here: plain facts in, findings out. The check attaches to the rule
defined in `schoolgate.policy.rules.registers`, so its `forbidden` list and
`former_pupil_age_limit` decide what a reported request asks of the person.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from schoolgate.policy import rules as _defined  # noqa: F401  (the rules to attach to)
from schoolgate.policy.engine import Finding, RuleContext, check

FRIEND_REQUEST_CONTEXT = "registers.friend_request_received"
WHO = {"pupil": "pupils", "former_pupil": "former pupils", "parent": "parents or carers"}


@dataclass(frozen=True)
class RequestFacts:
    """A friend or follow request as the check sees it.

    `age` is the sender's age on the day it was received, when the school
    knows their date of birth; None when the sender was typed by name.
    """

    sender_kind: str
    age: int | None = None


@check("registers.friend_requests", contexts=[FRIEND_REQUEST_CONTEXT])
def forbidden_contact(ctx: RuleContext, facts: RequestFacts) -> Iterator[Finding]:
    """Say whether the policy forbids connecting with this sender, and why."""
    who = WHO.get(facts.sender_kind, facts.sender_kind)
    if facts.sender_kind not in ctx.params["forbidden"]:
        yield ctx.finding(
            f"This school's policy does not forbid staff to connect with {who}; "
            "if you know the family outside school, declare the link.",
            severity="info",
            kind="not_forbidden",
        )
        return
    limit = int(ctx.params["former_pupil_age_limit"])
    if facts.sender_kind == "former_pupil" and limit:
        if facts.age is not None and facts.age >= limit:
            yield ctx.finding(
                f"The policy forbids contact with former pupils under {limit}; this one "
                f"was {facts.age} when the request came, so it is recorded but not forbidden.",
                severity="info",
                kind="over_age_limit",
            )
            return
        age = "whose age is not known" if facts.age is None else f"aged {facts.age}"
        yield ctx.finding(
            f"Decline it: staff must not connect with former pupils under {limit}, "
            f"and this one is {age}.",
            severity="block",
            kind="forbidden_contact",
        )
        return
    yield ctx.finding(
        f"Decline it: staff must not connect with {who} on personal accounts.",
        severity="block",
        kind="forbidden_contact",
    )


ACCOUNT_CONTEXT = "registers.account_request"
_EMAIL = re.compile(r"[^@\s]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


@dataclass(frozen=True)
class AccountFacts:
    """A professional account asked for: its name or address, and the school's domains."""

    handle: str
    school_domains: frozenset[str]


@check("people.staff_identity", contexts=[ACCOUNT_CONTEXT])
def school_email_only(ctx: RuleContext, facts: AccountFacts) -> Iterator[Finding]:
    """Refuse a professional account set up on a personal email address."""
    if not ctx.params["school_email_only"]:
        return
    found = _EMAIL.fullmatch(facts.handle.strip())
    if found is None or found.group(1).lower() in facts.school_domains:
        return
    yield ctx.finding(
        f"A professional account uses your school email address, not a personal one "
        f"({found.group(1).lower()} is not the school's).",
        severity="block",
        kind="personal_email",
    )
