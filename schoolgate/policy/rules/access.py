"""Rules about who may use what, and how sign-in sessions behave.

A person who holds roles at several schools is held to the strictest of
those schools' settings: the shortest idle limit, and a second factor if
any of them asks one (catalogue C9.3).
"""

from schoolgate.policy.engine import define
from schoolgate.policy.rules._common import (
    flag,
    includes_all,
    kept_at_run_time,
    number,
    roles,
)

# Roles that reach records across the trust or lead on safeguarding: a
# password alone never opens them, whatever one school sets.
ALWAYS_SECOND_FACTOR = ("trustee", "chair", "ceo", "deputy_ceo", "executive_head", "dsl")
SECOND_FACTOR_CLAUSE = "UK GDPR Art. 32 and catalogue C9.3"

define(
    "security.session_idle",
    title="Idle sessions expire",
    description=(
        "A signed-in session that sees no activity for this long is ended; someone "
        "working at several schools has the shortest of their limits."
    ),
    catalogue=["C9.3"],
    params=[
        # Under 5 minutes signs people out mid-sentence; over a working day
        # (8 hours) an unattended screen stays open overnight.
        number("minutes", 15, "Minutes of inactivity before sign-out.", low=5, high=480),
    ],
    actions=["account.sign_in"],
)

define(
    "security.second_factor",
    title="Staff sign in with a second factor",
    description=(
        "Every staff role confirms a one-time code after the password. Someone "
        "working at several schools confirms one if any of them asks it."
    ),
    catalogue=["C9.3"],
    params=[
        flag("required_for_staff", True, "Require a one-time code for staff."),
        flag(
            "provider_mfa_counts",
            False,
            "Accept the second factor of the trust's Microsoft or Google sign-in instead.",
        ),
        roles(
            "always_for",
            list(ALWAYS_SECOND_FACTOR),
            "Roles that confirm a code even where staff need not.",
        ),
    ],
    floors=[
        includes_all(
            "always_for",
            ALWAYS_SECOND_FACTOR,
            code="second_factor.leaders",
            guarantee=(
                "trust-wide roles (trustees, the chair, the CEO and deputy, executive "
                "heads) and the safeguarding lead always confirm a second factor"
            ),
            clause=SECOND_FACTOR_CLAUSE,
        ),
        kept_at_run_time(
            code="second_factor.trust_wide",
            guarantee="anyone who holds a role across the trust confirms a second factor",
            clause=SECOND_FACTOR_CLAUSE,
        ),
        kept_at_run_time(
            code="second_factor.record_readers",
            guarantee=(
                "anyone who may open safeguarding records confirms a second factor, "
                "whatever a school sets for its staff"
            ),
            clause=SECOND_FACTOR_CLAUSE,
        ),
    ],
    actions=["account.second_factor"],
)
