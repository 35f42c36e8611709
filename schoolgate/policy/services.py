"""Writes to a school's policy: setting and removing parameter overrides (C1.1).

Each runs in one transaction with its audit entry, then drops the school's
cached policy so the next question is answered under the new value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from schoolgate.audit.services import audit_log
from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.permissions import require
from schoolgate.core.services import model_update
from schoolgate.people.models import School
from schoolgate.policy.engine import PolicyError, Profile, load_profile
from schoolgate.policy.models import ParameterOverride
from schoolgate.policy.selectors import ENABLED, forget_school_policy, school_policy

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

ACTION = "policy.override"


def current_value(profile: Profile, rule: str, param: str) -> Any:
    """Return what a rule's parameter (or `enabled`) is under the profile."""
    if param == ENABLED:
        return profile.enabled(rule)
    return profile.param(rule, param)


def _validate(school: School, rule: str, param: str, value: Any) -> None:
    # The engine is the one judge of a value: the same type, range and floors
    # a profile passes, over the school's policy as it stands.
    try:
        school_policy(school).with_overrides([(rule, param, value)])
    except PolicyError as exc:
        raise ApplicationError(str(exc)) from exc


def _require_reason(school: School, reason: str) -> None:
    if not reason and school_policy(school).param("policy.overrides", "reason_required"):
        raise ApplicationError("Give a reason for the change; it is kept in the audit trail.")


def policy_override_set(
    *, school: School, rule: str, param: str, value: Any, reason: str, actor: User
) -> ParameterOverride:
    """Set one parameter of the school's policy (or `enabled`) and return the override."""
    require(actor, ACTION, school)
    reason = reason.strip()
    _require_reason(school, reason)
    _validate(school, rule, param, value)
    previous = current_value(school_policy(school), rule, param)
    with transaction.atomic():
        override = (
            ParameterOverride.objects.select_for_update()
            .filter(school=school, rule=rule, param=param)
            .first()
        )
        data = {"value": value, "reason": reason, "set_by": actor}
        if override is None:
            override = ParameterOverride(school=school, rule=rule, param=param, **data)
            override.full_clean()
            override.save()
        else:
            model_update(instance=override, fields=list(data), data=data)
        audit_log(
            event="policy.override_set",
            actor=actor,
            subject=override,
            school=school,
            label=f"{rule}.{param}",
            extra={
                "rule": rule,
                "param": param,
                "value": value,
                "previous": previous,
                "reason": reason,
            },
        )
    forget_school_policy(school)
    return override


def policy_override_remove(*, school: School, rule: str, param: str, actor: User) -> None:
    """Restore one parameter to the profile's own value."""
    require(actor, ACTION, school)
    with transaction.atomic():
        override = (
            ParameterOverride.objects.select_for_update()
            .filter(school=school, rule=rule, param=param)
            .first()
        )
        if override is None:
            raise ApplicationError(f"{rule}.{param} is not overridden at {school}.")
        restored = current_value(load_profile(school.profile), rule, param)
        audit_log(
            event="policy.override_removed",
            actor=actor,
            subject=override,
            school=school,
            label=f"{rule}.{param}",
            extra={"rule": rule, "param": param, "value": override.value, "restored": restored},
        )
        override.delete()
    forget_school_policy(school)
