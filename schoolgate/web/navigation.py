"""The navigation: each entry shown only to those the permission layer allows."""

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    action: str


NAV: list[NavItem] = [
    NavItem("Dashboard", "web:dashboard", "web.dashboard"),
]


def add(label: str, url_name: str, action: str) -> None:
    """Add an entry to the main navigation (called from an app's rules.py)."""
    NAV.append(NavItem(label, url_name, action))
