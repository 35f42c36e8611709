"""The navigation: each entry shown only to those the permission layer allows.

Apps add entries from their registry.py with `add(label, url_name, action)`.
Entries are grouped by area (from the URL's namespace, or `group=`), so the
header stays short however many registers a school keeps.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    action: str
    group: str | None = None


# Which menu an app's pages sit under; an app not listed gets "More".
GROUPS: dict[str, str | None] = {
    "web": None,
    "publishing": "Publishing",
    "moderation": "Publishing",
    "people": "People",
    "consent": "People",
    "safeguarding": "Safeguarding",
    "registers": "Registers",
    "compliance": "Policy",
    "policy": "Policy",
    "devices": "Devices",
    "sanctions": "Devices",
    "audit": "Admin",
    "accounts": "Admin",
}
GROUP_ORDER = [
    "Publishing",
    "People",
    "Safeguarding",
    "Registers",
    "Devices",
    "Policy",
    "Admin",
    "More",
]

NAV: list[NavItem] = [
    NavItem("Dashboard", "web:dashboard", "web.dashboard"),
]


def add(label: str, url_name: str, action: str, *, group: str | None = None) -> None:
    """Add an entry to the main navigation (called from an app's registry.py)."""
    NAV.append(NavItem(label, url_name, action, group))


def group_of(item: NavItem) -> str | None:
    """Return the menu an entry belongs to, or None for a top-level link."""
    if item.group:
        return item.group
    return GROUPS.get(item.url_name.split(":", 1)[0], "More")
