"""The request-scoped audit context: who is acting, from where, in which request."""

import uuid
from contextvars import ContextVar, Token
from dataclasses import dataclass, field


@dataclass(frozen=True)
class AuditContext:
    correlation_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    ip: str | None = None
    via: str = "cli"
    school_id: int | None = None  # the school the request works in, if any


_current: ContextVar[AuditContext | None] = ContextVar("schoolgate_audit", default=None)


def current() -> AuditContext:
    """Return the context of the current request or command (a fresh one if none)."""
    return _current.get() or AuditContext()


def bind(context: AuditContext) -> Token[AuditContext | None]:
    """Make the context current; return the token to reset it with."""
    return _current.set(context)


def reset(token: Token[AuditContext | None]) -> None:
    _current.reset(token)
