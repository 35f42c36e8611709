"""Panels other apps add to the dashboard, each behind its own action.

An app calls `add_panel(...)` from its registry.py; the dashboard shows the
panels whose action the person may take at the school, in `order`. Adding a
panel never means editing the dashboard view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Panel:
    """A block on the dashboard.

    `context(request)` returns the variables `template` needs; it runs only
    for people allowed `action` at the current school. It may be given as a
    dotted path ("schoolgate.publishing.panels.own_posts_panel"), imported
    when first shown, so a registry need not import models while apps load.
    """

    name: str
    template: str
    action: str
    context: Callable[[Any], dict[str, Any]] | str
    order: int = 100

    def context_for(self, request: Any) -> dict[str, Any]:
        """Return the template's variables for `request`."""
        context = self.context
        if isinstance(context, str):
            context = import_string(context)
        result: dict[str, Any] = context(request)
        return result


PANELS: dict[str, Panel] = {}


def add_panel(
    name: str,
    *,
    template: str,
    action: str,
    context: Callable[[Any], dict[str, Any]] | str,
    order: int = 100,
) -> None:
    """Register a dashboard panel once, by name."""
    if name in PANELS:
        raise ValueError(f"dashboard panel {name} is registered twice")
    PANELS[name] = Panel(name, template, action, context, order)


def panels_for(request: Any) -> list[dict[str, Any]]:
    """Return the panels the person may see, each with its template and context."""
    from schoolgate.core.permissions import can

    shown = []
    for panel in sorted(PANELS.values(), key=lambda p: (p.order, p.name)):
        if can(request.user, panel.action, request.school):
            shown.append({"template": panel.template, **panel.context_for(request)})
    return shown
