"""Errors the services raise for the views and commands to report."""

from django.core.exceptions import PermissionDenied


class ApplicationError(Exception):
    """A request that cannot be carried out, with a message for the person."""

    def __init__(self, message: str, *, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class ActionDenied(PermissionDenied):
    """The permission layer refused an action; carries the decision."""

    def __init__(self, decision) -> None:  # type: ignore[no-untyped-def]
        super().__init__(decision.summary)
        self.decision = decision
