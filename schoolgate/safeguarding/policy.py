"""The safeguarding rules as this app reads them from the school's policy.

Views, selectors and services ask these rather than reading the school's
policy themselves, so each rule has one place it is read.
"""

from __future__ import annotations

from schoolgate.people.models import School
from schoolgate.policy.engine import REGISTRY, PolicyError, ProfileRule
from schoolgate.policy.rules._common import ROLES
from schoolgate.policy.rules.safeguarding import ROUTE_ABOVE
from schoolgate.policy.selectors import school_policy

ROUTING = "safeguarding.routing"
CONFIDENTIAL = "safeguarding.confidential_records"
INDECENT_IMAGES = "safeguarding.indecent_images"
CYBERBULLYING = "safeguarding.cyberbullying"
ADULT_DISCLOSURE = "safeguarding.adult_disclosure"
RETENTION = "safeguarding.retention"


def rule(school: School, rule_id: str) -> ProfileRule:
    """Return how the school's policy applies a safeguarding rule, to show it on a page."""
    return school_policy(school).rule(rule_id)


def step_order_kept(school: School, rule_id: str, param: str) -> bool:
    """Return whether the policy holds a step back until the steps before it are recorded."""
    return bool(school_policy(school).param(rule_id, param))


def clause(school: School, rule_id: str) -> str:
    """Return where the school's policy says the rule, as a refusal cites it."""
    policy = school_policy(school)
    return f"{policy.code} policy: {policy.rule(rule_id).source}"


def source(school: School, rule_id: str) -> str:
    """Return the clause of the school's policy that states the rule."""
    return school_policy(school).rule(rule_id).source


def profile_of(school: School) -> tuple[str, str]:
    """Return the code and version of the profile the school works under."""
    policy = school_policy(school)
    return policy.code, policy.version


def kind_kept(school: School, rule_id: str) -> bool:
    """Return whether the school's policy keeps records of the kind the rule governs."""
    return school_policy(school).enabled(rule_id)


def police_told_confirmed(school: School) -> bool:
    """Return whether a report of indecent images confirms the police were told."""
    return bool(school_policy(school).param(INDECENT_IMAGES, "tell_police"))


def victim_decides_police(school: School) -> bool:
    """Return whether the victim of cyberbullying chooses whether the police are told."""
    return bool(school_policy(school).param(CYBERBULLYING, "victim_decides_police"))


def line_manager_clause(school: School) -> str:
    """Return the clause asking staff to tell their line manager of cyberbullying, or ""."""
    policy = school_policy(school)
    if not policy.param(CYBERBULLYING, "line_manager_told"):
        return ""
    return policy.rule(CYBERBULLYING).source


def steps_by_discloser(school: School) -> bool:
    """Return whether an adult disclosure's steps differ by who disclosed."""
    return bool(school_policy(school).param(ADULT_DISCLOSURE, "steps_by_discloser"))


def step_asked(school: School, rule_id: str, param: str) -> bool:
    """Return whether the parameter a step depends on is on at the school."""
    return bool(school_policy(school).param(rule_id, param))


def confidential_viewers(school: School) -> tuple[str, ...]:
    """Return the roles that see every confidential record, in the policy's order."""
    return tuple(school_policy(school).param(CONFIDENTIAL, "viewers"))


def pupil_concerns_to(school: School) -> tuple[str, ...]:
    """Return the roles a concern about a pupil goes to, in the policy's order."""
    return tuple(school_policy(school).param(ROUTING, "pupil_concerns_to"))


def kind_routed_to(school: School, rule_id: str, param: str) -> tuple[str, ...]:
    """Return the roles a kind's own rule sends its records to (`report_to`, `tell` ...)."""
    return tuple(school_policy(school).param(rule_id, param))


def staff_concerns_to(school: School, held: frozenset[str]) -> tuple[str, ...]:
    """Return the roles a concern about a member of staff holding these roles goes to:
    those for a head or executive head where they are one, else `staff_concerns_to`."""
    param = next(
        (param for role, (param, _above) in ROUTE_ABOVE.items() if role in held),
        "staff_concerns_to",
    )
    return tuple(school_policy(school).param(ROUTING, param))


def reader_roles(school: School, rules: frozenset[str]) -> frozenset[str]:
    """Return every role the rules' role-list parameters route some kind of record to."""
    policy = school_policy(school)
    roles: set[str] = set()
    for rule_id in rules:
        for name, param in REGISTRY[rule_id].params.items():
            if param.type == "list" and param.choices == ROLES:
                roles |= set(policy.param(rule_id, name))
    return frozenset(roles)


def retention_years(school: School, kind: str) -> int | None:
    """Return how many years the school keeps a record of the kind, or None where its
    policy sets no period for the kind."""
    try:
        years = school_policy(school).param(RETENTION, kind)
    except (KeyError, PolicyError):
        return None
    return int(years)
