"""The policy as the permission layer reads it: the roles an Action takes from a rule.

An Action registered with `roles_from=(rule, parameter)` lets in the roles
the school's policy names there; `core.permissions` asks this, and reads
the policy nowhere else.
"""

from __future__ import annotations

from schoolgate.people.models import School
from schoolgate.people.roles import Role
from schoolgate.policy.selectors import school_policy

ROLES = "people.roles"


def roles_from(school: School, rule_id: str, param: str) -> tuple[frozenset[str], str]:
    """Return the roles the rule's parameter names at the school, and the clause it cites.

    What a policy says of the CEO binds the deputy CEO too where the school's
    `people.roles:ceo_includes_deputy` says so (whmat 2.4).
    """
    policy = school_policy(school)
    roles = frozenset(policy.param(rule_id, param))
    source = f"{policy.code} policy: {policy.rule(rule_id).source}"
    if Role.CEO in roles and Role.DEPUTY_CEO not in roles and ceo_includes_deputy(school):
        roles |= {Role.DEPUTY_CEO}
        source += f"; {policy.rule(ROLES).source}"
    return roles, source


def ceo_includes_deputy(school: School) -> bool:
    """Return whether what the policy says of the CEO binds the deputy CEO too."""
    policy = school_policy(school)
    return bool(policy.enabled(ROLES) and policy.param(ROLES, "ceo_includes_deputy"))
