"""Pure checks for devices and phones: the IMEI's Luhn digit and two policy rules.

No Django here: plain facts in, findings out. The two checks attach to rules
already defined in `schoolgate.policy.rules.devices`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from schoolgate.policy import rules as _defined  # noqa: F401  (the rules to attach to)
from schoolgate.policy.engine import Finding, RuleContext, check

TRIP_PHONE_CONTEXT = "devices.trip_phone_loan"
HAND_IN_CONTEXT = "devices.hand_in_failed"
_SEPARATORS = re.compile(r"[\s\-./]")


def imei_digits(text: str) -> str:
    """Return the IMEI with the spaces, dashes and dots people type removed."""
    return _SEPARATORS.sub("", text or "")


def luhn_valid(digits: str) -> bool:
    """Return whether a string of digits ends in a correct Luhn check digit."""
    if not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def imei_valid(text: str) -> bool:
    """Return whether the text is a 15-digit IMEI with a correct check digit."""
    digits = imei_digits(text)
    return len(digits) == 15 and luhn_valid(digits)


@dataclass(frozen=True)
class LoanFacts:
    """A trip phone loan as the overdue check sees it."""

    expected_back_at: dt.datetime
    now: dt.datetime
    returned: bool


@check("devices.trip_phone", contexts=[TRIP_PHONE_CONTEXT])
def trip_phone_overdue(ctx: RuleContext, loan: LoanFacts) -> Iterator[Finding]:
    """Find a trip phone not back within the policy's hours after the visit."""
    hours = int(ctx.params["overdue_after_hours"])
    if loan.returned or loan.now <= loan.expected_back_at + dt.timedelta(hours=hours):
        return
    yield ctx.finding(
        f"Overdue: the trip phone should have been back in {ctx.params['kept_at']} "
        f"within {hours} hours of the visit's end.",
        severity="block",
        kind="overdue",
    )


@dataclass(frozen=True)
class HandInFacts:
    """A pupil's missed hand-ins, as the ban check sees them."""

    failures: int
    banned: bool


@check("devices.pupil_phones", contexts=[HAND_IN_CONTEXT])
def phone_ban_due(ctx: RuleContext, facts: HandInFacts) -> Iterator[Finding]:
    """Find a pupil whose missed hand-ins reach the policy's limit for a ban."""
    limit = int(ctx.params["failures_before_ban"])
    if facts.banned or limit <= 0 or facts.failures < limit:
        return
    yield ctx.finding(
        f"{facts.failures} missed hand-in{'s' if facts.failures != 1 else ''}: this "
        f"school's policy bans a pupil from bringing a phone after {limit}.",
        severity="approval",
        kind="phone_ban_due",
    )
