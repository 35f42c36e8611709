"""Reads of a school's policy: its profile with overrides, grouped and compared."""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from schoolgate.people.models import School
from schoolgate.policy.catalogue import AREAS, area_of
from schoolgate.policy.engine import (
    PROFILE_CODES,
    REGISTRY,
    Floor,
    Param,
    Profile,
    RuleDef,
    load_profile,
)
from schoolgate.policy.models import ParameterOverride

ENABLED = "enabled"
logger = logging.getLogger(__name__)


def school_policy(school: School) -> Profile:
    """Return the profile the school works under, with its overrides applied.

    Kept on the school object for the rest of the request, so a page that asks
    many questions reads the overrides once. A stored override that no longer
    fits its parameter's range or a rule's floor (it was saved before they
    existed, or written around the form) is left out: the profile's own value
    applies, and the floor holds.
    """
    cached: Profile | None = getattr(school, "_policy_cache", None)
    if cached is not None:
        return cached
    overrides = ParameterOverride.objects.filter(school=school).values_list(
        "rule", "param", "value"
    )
    return _remember(school, list(overrides))


def school_policies(schools: Iterable[School]) -> dict[int, Profile]:
    """Return {school id: policy} for several schools, reading overrides once."""
    wanted = [s for s in schools if getattr(s, "_policy_cache", None) is None]
    rows: dict[int, list[tuple[str, str, Any]]] = {s.pk: [] for s in wanted}
    found = ParameterOverride.objects.filter(school__in=[s.pk for s in wanted]).values_list(
        "school_id", "rule", "param", "value"
    )
    for school_id, rule, param, value in found if wanted else ():
        rows[school_id].append((rule, param, value))
    for school in wanted:
        _remember(school, rows[school.pk])
    return {s.pk: school_policy(s) for s in schools}


def lowest_param(schools: Collection[tuple[int, str]], rule: str, param: str) -> Any:
    """Return the lowest value a rule's parameter takes over the schools,
    given as (id, profile code), each school's overrides applied.

    One query however many schools: only the rule's own overrides are read
    (an override of one rule never changes another's values), and a school
    without one takes its profile's value. As in `school_policy`, an
    override that no longer fits is left out.
    """
    found = ParameterOverride.objects.filter(
        school__in=[pk for pk, _ in schools], rule=rule
    ).values_list("school_id", "rule", "param", "value")
    overrides: dict[int, list[tuple[str, str, Any]]] = {}
    for school_id, *override in found:
        overrides.setdefault(school_id, []).append((override[0], override[1], override[2]))
    plain = {code: load_profile(code).param(rule, param) for code in {c for _, c in schools}}
    return min(
        load_profile(code).with_overrides(overrides[pk], strict=False).param(rule, param)
        if pk in overrides
        else plain[code]
        for pk, code in schools
    )


def _remember(school: School, overrides: list[tuple[str, str, Any]]) -> Profile:
    profile = load_profile(school.profile).with_overrides(overrides, strict=False)
    for rule, param, why in profile.ignored:
        logger.warning("%s: stored override %s.%s left out: %s", school, rule, param, why)
    school._policy_cache = profile  # type: ignore[attr-defined]
    return profile


def forget_school_policy(school: School) -> None:
    """Drop the cached policy after an override changes."""
    school.__dict__.pop("_policy_cache", None)


def school_overrides(school: School) -> list[ParameterOverride]:
    """Return the school's overrides, by rule and parameter, with who set them."""
    return list(
        ParameterOverride.objects.filter(school=school)
        .select_related("set_by")
        .order_by("rule", "param")
    )


def display_value(value: Any) -> str:
    """Return a parameter value as a person reads it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "none"
    if value == "":
        return "not set"
    return str(value)


@dataclass(frozen=True)
class ParamView:
    name: str
    value: Any
    help: str
    overridden: bool

    @property
    def shown(self) -> str:
        return display_value(self.value)


@dataclass(frozen=True)
class RuleView:
    id: str
    title: str
    description: str
    catalogue: tuple[str, ...]
    enabled: bool
    summary: str
    source: str
    params: tuple[ParamView, ...]
    enabled_overridden: bool
    floors: tuple[Floor, ...] = ()
    # A statement of principle: shown, but no single step enforces it.
    statement: bool = False
    # Where Schoolgate applies the rule, in words (actions, checks, jobs).
    applied_at: tuple[str, ...] = ()


@dataclass(frozen=True)
class AreaView:
    code: str
    title: str
    rules: tuple[RuleView, ...]


def _rule_view(
    profile: Profile, definition: RuleDef, overridden: Collection[tuple[str, str]]
) -> RuleView:
    applied = profile.rule(definition.id)
    params = tuple(
        ParamView(name, value, definition.params[name].help, (definition.id, name) in overridden)
        for name, value in profile.params(definition.id).items()
    )
    return RuleView(
        id=definition.id,
        title=definition.title,
        description=definition.description,
        catalogue=definition.catalogue,
        enabled=applied.enabled,
        summary=applied.summary or definition.description,
        source=applied.source,
        params=params,
        enabled_overridden=(definition.id, ENABLED) in overridden,
        floors=definition.floors,
        statement=definition.enforced.statement,
        applied_at=applied_at(definition),
    )


# Engine-check contexts, as the step a person takes.
CHECK_CONTEXTS = {
    "publish": "the checks before a post is published",
    "personal": "the self-check of a personal profile",
    "devices.trip_phone_loan": "the check of a trip phone's return",
    "devices.hand_in_failed": "the check of missed phone hand-ins",
}


def applied_at(definition: RuleDef) -> tuple[str, ...]:
    """Return where Schoolgate applies a rule, in words a reader of the policy page follows."""
    from schoolgate.core.permissions import ACTIONS

    where = definition.enforced
    return (
        tuple(ACTIONS[code].title if code in ACTIONS else code for code in where.actions)
        + tuple(CHECK_CONTEXTS.get(context, f"the check '{context}'") for context in where.checks)
        + tuple(f"the routine job '{job}'" for job in where.jobs)
    )


def _matches(view: RuleView, query: str) -> bool:
    words = [view.id, view.title, view.summary, view.source, *view.catalogue]
    words += [f"{p.name} {p.shown}" for p in view.params]
    haystack = " ".join(words).lower()
    return all(term in haystack for term in query.lower().split())


def rules_by_area(
    profile: Profile,
    *,
    overridden: Collection[tuple[str, str]] = (),
    query: str = "",
) -> list[AreaView]:
    """Return the profile's rules grouped by catalogue area, filtered by a query.

    A rule sits in the area of its first catalogue row; `overridden` holds the
    (rule, parameter) pairs the school changed, so they can be marked.
    """
    grouped: dict[str, list[RuleView]] = {code: [] for code in AREAS}
    for definition in sorted(REGISTRY.values(), key=catalogue_order):
        view = _rule_view(profile, definition, overridden)
        if not query or _matches(view, query):
            grouped[area_of(definition.catalogue[0])].append(view)
    return [AreaView(code, AREAS[code], tuple(views)) for code, views in grouped.items() if views]


def catalogue_order(definition: RuleDef) -> tuple[int, int, str]:
    """Return a sort key that puts rules in catalogue order (C3.2 before C3.10)."""
    area, _, row = definition.catalogue[0].partition(".")
    return (int(area.lstrip("C") or 0), int(row) if row.isdigit() else 0, definition.id)


def school_rules(school: School, *, query: str = "") -> list[AreaView]:
    """Return the school's rules by area, marking the parameters it overrode."""
    overridden = {(o.rule, o.param) for o in ParameterOverride.objects.filter(school=school)}
    return rules_by_area(school_policy(school), overridden=overridden, query=query)


@dataclass(frozen=True)
class ProfileSummary:
    code: str
    school: str
    version: str
    rules: int
    enabled: int


def profile_summaries(codes: Iterable[str] = PROFILE_CODES) -> list[ProfileSummary]:
    """Return one line of facts about each built-in profile."""
    summaries = []
    for code in codes:
        profile = load_profile(code)
        enabled = sum(1 for rule in profile.rules.values() if rule.enabled)
        summaries.append(
            ProfileSummary(code, profile.school, profile.version, len(profile.rules), enabled)
        )
    return summaries


@dataclass(frozen=True)
class Difference:
    """One real difference between two profiles: a rule switched, or a value."""

    rule: str
    title: str
    param: str  # "enabled" when the rule is on in one and off in the other
    help: str
    a: Any
    b: Any
    source_a: str
    source_b: str

    @property
    def shown_a(self) -> str:
        return display_value(self.a)

    @property
    def shown_b(self) -> str:
        return display_value(self.b)


def profile_diff(a: Profile, b: Profile) -> list[Difference]:
    """Return every rule switched differently and every parameter that differs.

    Parameters are compared only where the rule is on in both, since a value
    under a rule that is off changes nothing.
    """
    differences: list[Difference] = []
    for definition in sorted(REGISTRY.values(), key=catalogue_order):
        differences.extend(_rule_differences(a, b, definition))
    return differences


def _rule_differences(a: Profile, b: Profile, definition: RuleDef) -> Iterable[Difference]:
    rule_a, rule_b = a.rule(definition.id), b.rule(definition.id)

    def diff(param: str, help: str, value_a: Any, value_b: Any) -> Difference:
        return Difference(
            definition.id,
            definition.title,
            param,
            help,
            value_a,
            value_b,
            rule_a.source,
            rule_b.source,
        )

    if rule_a.enabled != rule_b.enabled:
        yield diff(ENABLED, "Whether the rule applies.", rule_a.enabled, rule_b.enabled)
        return
    if not rule_a.enabled:
        return
    params_a, params_b = a.params(definition.id), b.params(definition.id)
    for name, param in definition.params.items():
        if _differs(param, params_a[name], params_b[name]):
            yield diff(name, param.help, params_a[name], params_b[name])


def _differs(param: Param, value_a: Any, value_b: Any) -> bool:
    # A list of roles or uses is a set: the order it was written in means nothing.
    if param.type == "list":
        return sorted(value_a) != sorted(value_b)
    return bool(value_a != value_b)
