"""Errors the services raise for the views and commands to report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from schoolgate.policy.engine import Decision


class ApplicationError(Exception):
    """A request that cannot be carried out, with a message for the person."""

    def __init__(self, message: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class ActionDenied(PermissionDenied):
    """The permission layer refused an action; carries the decision."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(cited(decision))
        self.decision = decision


def cited(decision: Decision) -> str:
    """Return the reason that refused the decision with its clause, for a message."""
    first = decision.blocking[0] if decision.blocking else None
    if first is None:
        return decision.summary
    return f"{first.reason} ({first.source})"
