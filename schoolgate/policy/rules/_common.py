"""Parameter helpers shared by the rule modules.

The role codes are repeated here, not imported from `people.roles`, because
rule modules stay free of Django; a test keeps the two lists equal.
"""

from schoolgate.policy.engine import Param

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


def number(name: str, default: int, help: str) -> Param:
    """Return a whole-number parameter."""
    return Param(name, "int", default, help)
