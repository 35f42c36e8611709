"""The one permission layer: `can(user, action, target)`.

Every view declares an action code. An action says who may take it: anyone,
any signed-in person, or holders of certain roles at the target's school; the
roles may come from the school's policy (`roles_from`, a rule parameter), so
that, for example, "only the head manages Facebook" is a profile's word and
not code. The answer is a policy `Decision` whose findings give the reason
and its source; `can` is just `decide(...).allowed`, and `require` is the
one guard services call: it raises `ActionDenied` carrying the decision.

Preconditions: an action may also name conditions the person must meet
beyond their role (e.g. "has signed the current policy"); apps register a
checker for each condition with `add_precondition`. A precondition nobody
registered is a refusal too. Object checks (`add_check`) are the same about
the target itself, e.g. "nobody approves their own post".

Fail closed: an unknown action, a user with no role at the school, or a target
whose school cannot be found is a refusal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from schoolgate.accounts.models import User
from schoolgate.core.exceptions import ActionDenied
from schoolgate.core.types import Anyone
from schoolgate.people.models import RoleAssignment, School, Trust
from schoolgate.people.roles import Role
from schoolgate.people.selectors import roles_at
from schoolgate.policy.engine import Decision, Finding

Audience = Literal["public", "signed_in", "roles"]
ROLE_SOURCE = "Schoolgate roles"


@dataclass(frozen=True)
class Action:
    """Something a person may be allowed to do, and who may do it."""

    code: str
    title: str
    audience: Audience = "roles"
    roles: frozenset[str] = frozenset()
    roles_from: tuple[str, str] | None = None  # (rule id, parameter) naming roles
    preconditions: tuple[str, ...] = ()  # codes of checkers in PRECONDITIONS
    checks: tuple[str, ...] = ()  # codes of object checks in CHECKS, given the target


# A checker returns None when the person meets the condition at the school,
# or a blocking Finding that says why not and which policy clause asks for it.
# Checkers only ever see a signed-in user: `decide` refuses anyone else first.
Precondition = Callable[[User, "School | None"], "Finding | None"]
# An object check is the same, but about the target too (e.g. "nobody approves
# their own post"): it gets the user and the target.
ObjectCheck = Callable[[User, Any], "Finding | None"]
ACTIONS: dict[str, Action] = {}
PRECONDITIONS: dict[str, Precondition] = {}
CHECKS: dict[str, ObjectCheck] = {}


def register(
    code: str,
    title: str,
    *,
    roles: Iterable[str] = (),
    audience: Audience = "roles",
    roles_from: tuple[str, str] | None = None,
    preconditions: Iterable[str] = (),
    checks: Iterable[str] = (),
) -> Action:
    """Register an action once, by its code; return it."""
    if code in ACTIONS:
        raise ValueError(f"action {code} is registered twice")
    action = Action(
        code,
        title,
        audience,
        frozenset(str(r) for r in roles),
        roles_from,
        tuple(preconditions),
        tuple(checks),
    )
    ACTIONS[code] = action
    return action


def add_precondition(code: str, checker: Precondition) -> None:
    """Register the checker of a precondition actions may name, once."""
    if code in PRECONDITIONS:
        raise ValueError(f"precondition {code} is registered twice")
    PRECONDITIONS[code] = checker


def add_check(code: str, checker: ObjectCheck) -> None:
    """Register an object check actions may name, once."""
    if code in CHECKS:
        raise ValueError(f"object check {code} is registered twice")
    CHECKS[code] = checker


def school_of(target: Any) -> School | None:
    """Return the school a target belongs to, if it belongs to one."""
    if isinstance(target, School):
        return target
    school = getattr(target, "school", None)
    return school if isinstance(school, School) else None


def _deny(code: str, reason: str, source: str = ROLE_SOURCE) -> Decision:
    finding = Finding(f"access.{code}", reason, source, severity="block", kind="access")
    return Decision(code, (finding,), "", "")


def _allow(code: str) -> Decision:
    return Decision(code, (), "", "")


def _allowed_roles(action: Action, school: School | None) -> tuple[frozenset[str], str]:
    if action.roles_from and school is not None:
        from schoolgate.core.policy import roles_from

        return roles_from(school, *action.roles_from)
    return action.roles, ROLE_SOURCE


def roles_allowed(code: str, target: Any = None) -> frozenset[str]:
    """Return the roles that may take the action on the target (preconditions still apply)."""
    return _allowed_roles(ACTIONS[code], school_of(target))[0]


def decide(user: Anyone, code: str, target: Any = None) -> Decision:
    """Return whether the user may take the action on the target, and why."""
    action = ACTIONS.get(code)
    if action is None:
        return _deny(code, f"'{code}' is not an action Schoolgate knows.")
    if action.audience == "public":
        return _allow(code)
    # Only a User is ever authenticated (AnonymousUser and None are not), so
    # the isinstance test is the same check, and narrows the type for mypy.
    if not isinstance(user, User) or not user.is_authenticated:
        return _deny(code, "Sign in first.")
    if action.audience == "signed_in":
        return _allow(code)
    school = school_of(target)
    if school is None and target is not None and not isinstance(target, Trust):
        return _deny(code, "This item belongs to no school you work in.")
    held = _roles_for_target(user, school, target)
    allowed, source = _allowed_roles(action, school)
    if not held & allowed:
        return _deny(code, f"{action.title}: {_role_list(allowed)} only.", source)
    unmet = _unmet_preconditions(user, action, school) + _failed_checks(user, action, target)
    return Decision(code, unmet, "", "") if unmet else _allow(code)


def _unmet_preconditions(user: User, action: Action, school: School | None) -> tuple[Finding, ...]:
    return _run(action, action.preconditions, PRECONDITIONS, user, school)


def _failed_checks(user: User, action: Action, target: Any) -> tuple[Finding, ...]:
    return _run(action, action.checks, CHECKS, user, target)


def _run(
    action: Action,
    names: tuple[str, ...],
    installed: dict[str, Callable[[User, Any], Finding | None]],
    user: User,
    subject: Any,
) -> tuple[Finding, ...]:
    """Return the findings of the named checkers that refuse; one not installed refuses."""
    findings = []
    for name in names:
        checker = installed.get(name)
        if checker is None:
            reason = f"{action.title}: the check '{name}' is not installed, so it cannot pass."
            findings.append(_deny(action.code, reason).findings[0])
            continue
        finding = checker(user, subject)
        if finding is not None:
            findings.append(finding)
    return tuple(findings)


def _roles_for_target(user: User, school: School | None, target: Any) -> frozenset[str]:
    if isinstance(target, Trust):
        # Trust-level pages: roles held trust-wide, or at any school of the trust.
        return frozenset(
            r.role
            for r in getattr(user, "_role_cache", None) or _load(user)
            if r.trust_id == target.pk
        )
    return roles_at(user, school)


def _load(user: User) -> list[RoleAssignment]:
    roles_at(user, None)
    cache: list[RoleAssignment] = user._role_cache  # set by roles_at
    return cache


def _role_list(roles: frozenset[str]) -> str:
    labels = sorted(Role(r).label for r in roles if r in Role.values)
    if not labels:
        return "nobody"
    return ", ".join(labels[:-1]) + (" or " if len(labels) > 1 else "") + labels[-1]


def require(user: Anyone, code: str, target: Any = None) -> Decision:
    """Return the decision if the user may take the action; else raise ActionDenied.

    The one guard every service with an actor calls first, so that a service
    called directly (a command, another app, a test) refuses what the view would.
    """
    decision = decide(user, code, target)
    if not decision.allowed:
        raise ActionDenied(decision)
    return decision


def can(user: Anyone, code: str, target: Any = None) -> bool:
    """Return whether the user may take the action on the target."""
    return decide(user, code, target).allowed


class PolicyPermissionBackend:
    """Answer `user.has_perm("schoolgate:<action>", obj)` from the same layer."""

    prefix = "schoolgate:"

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user: Anyone, perm: str, obj: Any = None) -> bool:
        if not perm.startswith(self.prefix):
            return False
        return can(user, perm.removeprefix(self.prefix), obj)
