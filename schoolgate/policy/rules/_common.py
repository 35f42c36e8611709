"""Parameter and floor helpers shared by the rule modules.

The role codes are repeated here, not imported from `people.roles`, because
rule modules stay free of Django; a test keeps the two lists equal.
"""

from collections.abc import Iterable

from schoolgate.policy.engine import Floor, Param

ROLES = (
    "trustee",
    "chair",
    "ceo",
    "deputy_ceo",
    "executive_head",
    "head",
    "deputy_head",
    "dsl",
    "hr",
    "ict",
    "online_safety",
    "dpo",
    "office",
    "teacher",
    "support",
    "supply",
    "agency",
    "contractor",
    "volunteer",
    "governor",
    "governors_chair",
    "parent",
)
PLATFORMS = ("blog", "facebook", "x", "bluesky", "mastodon", "instagram", "youtube")
SEVERITIES = ("warn", "approval", "block")


def roles(name: str, default: list[str], help: str) -> Param:
    """Return a parameter holding a list of role codes."""
    return Param(name, "list", default, help, choices=ROLES)


def platforms(name: str, default: list[str], help: str) -> Param:
    """Return a parameter holding a list of channel platforms."""
    return Param(name, "list", default, help, choices=PLATFORMS)


def severity(default: str, help: str = "What a breach does: warn, ask approval, block.") -> Param:
    """Return the parameter saying how hard a check's finding bites."""
    return Param("severity", "choice", default, help, choices=SEVERITIES)


def flag(name: str, default: bool, help: str) -> Param:
    """Return a yes/no parameter."""
    return Param(name, "bool", default, help)


def number(name: str, default: int, help: str, *, low: int, high: int) -> Param:
    """Return a whole-number parameter that must lie between low and high."""
    return Param(name, "int", default, help, low=low, high=high)


def text(name: str, default: str, help: str, *, high: int = 200) -> Param:
    """Return a non-empty text parameter of at most `high` characters."""
    return Param(name, "str", default, help, low=1, high=high)


# Floors: protections a rule keeps whatever a profile or an override says.


def never_includes(
    param: str, forbidden: Iterable[str], *, code: str, guarantee: str, clause: str
) -> Floor:
    """Return a floor: the list parameter never holds any of the forbidden values."""
    banned = frozenset(forbidden)
    return Floor(code, guarantee, clause, lambda params: not banned & set(params[param]))


def includes_one_of(
    param: str, wanted: Iterable[str], *, code: str, guarantee: str, clause: str
) -> Floor:
    """Return a floor: the list parameter holds at least one of the wanted values."""
    needed = frozenset(wanted)
    return Floor(code, guarantee, clause, lambda params: bool(needed & set(params[param])))


def includes_all(
    param: str, wanted: Iterable[str], *, code: str, guarantee: str, clause: str
) -> Floor:
    """Return a floor: the list parameter holds every one of the wanted values."""
    needed = frozenset(wanted)
    return Floor(code, guarantee, clause, lambda params: needed <= set(params[param]))


def kept_at_run_time(*, code: str, guarantee: str, clause: str) -> Floor:
    """Return a floor no parameter expresses, kept by the code that applies the rule."""
    return Floor(code, guarantee, clause)
