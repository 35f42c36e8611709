"""The policy engine: rule definitions, profiles, and the decisions they make.

Pure Python (no Django): a rule is registered by id with its parameters and,
optionally, a check function; a profile (TOML) switches rules on or off, sets
their parameters and says which clause of the school's policy each comes from.
`evaluate` runs the checks of one context and returns a `Decision` whose
outcome is derived from its findings, each carrying the rule id, a
plain-English reason and the clause it comes from.

Every parameter has a type and a range; a rule may also declare floors,
protections no profile or override can take it below. Both are checked when
a profile loads and on every override.

Fail closed: a profile naming an unknown rule or parameter does not load, and
a check that raises turns into a blocking finding, never a silent allow.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from typing import Any, Literal

Severity = Literal["block", "approval", "warn", "info"]
Outcome = Literal["allow", "needs_approval", "block"]
SEVERITY_ORDER: dict[str, int] = {"info": 0, "warn": 1, "approval": 2, "block": 3}
PROFILE_CODES = ("shire", "jessons", "whmat", "stpeters", "brize")


class PolicyError(Exception):
    """A profile or override that does not fit the rule registry."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a rule noticed, with its reason and where the rule comes from."""

    rule: str
    reason: str
    source: str
    severity: Severity = "warn"
    kind: str = "other"
    span: tuple[int, int] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "kind": self.kind,
            "severity": self.severity,
            "reason": self.reason,
            "source": self.source,
            "span": list(self.span) if self.span else None,
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """What the policy decided, derived from the findings behind it."""

    action: str
    findings: tuple[Finding, ...]
    profile: str
    version: str

    @property
    def outcome(self) -> Outcome:
        worst = max((SEVERITY_ORDER[f.severity] for f in self.findings), default=0)
        if worst >= SEVERITY_ORDER["block"]:
            return "block"
        if worst == SEVERITY_ORDER["approval"]:
            return "needs_approval"
        return "allow"

    @property
    def allowed(self) -> bool:
        return self.outcome == "allow"

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "block")

    @property
    def summary(self) -> str:
        """Return the first reason that decided the outcome, or 'Allowed'."""
        ranked = sorted(self.findings, key=lambda f: -SEVERITY_ORDER[f.severity])
        return ranked[0].reason if ranked and self.outcome != "allow" else "Allowed"

    def as_dict(self) -> dict[str, Any]:
        return {
            "decision": self.outcome,
            "action": self.action,
            "profile": self.profile,
            "policy_version": self.version,
            "findings": [f.as_dict() for f in self.findings],
        }


ParamType = Literal["bool", "int", "str", "choice", "list", "time", "date"]
# Bounds of a parameter whose definition names none: text fits the override
# form's box, and a free list stays a list a person can read.
TEXT_MAX_CHARS = 500
LIST_MAX_ITEMS = 50


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter of a rule: its type, its range, and the value when a profile is silent.

    `low` and `high` bound a whole number's value, a text's length and a
    list's number of items; a whole number must name both (`define` refuses
    one that does not), text and lists fall back to TEXT_MAX_CHARS and
    LIST_MAX_ITEMS. `pattern` is a regular expression every text or list item
    must match in full.
    """

    name: str
    type: ParamType
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    low: int | None = None
    high: int | None = None
    pattern: str = ""
    example: str = ""

    @property
    def bounds(self) -> tuple[int, int] | None:
        """Return the (lowest, highest) a value, length or count may be, if bounded."""
        if self.type == "int":
            return None if self.low is None or self.high is None else (self.low, self.high)
        if self.type == "str":
            return (self.low or 0, TEXT_MAX_CHARS if self.high is None else self.high)
        if self.type == "list":
            most = len(self.choices) if self.choices else LIST_MAX_ITEMS
            return (self.low or 0, most if self.high is None else self.high)
        return None

    def validate(self, value: Any, where: str) -> Any:
        """Return the value if it fits this parameter; raise PolicyError if not."""
        expected: dict[str, type | tuple[type, ...]] = {
            "bool": bool,
            "int": int,
            "str": str,
            "choice": str,
            "list": list,
            "time": str,
            "date": str,
        }
        ok = isinstance(value, expected[self.type]) and not (
            self.type == "int" and isinstance(value, bool)
        )
        if ok and self.type == "choice" and value not in self.choices:
            ok = False
        if ok and self.type == "list":
            ok = all(isinstance(item, str) for item in value) and (
                not self.choices or set(value) <= set(self.choices)
            )
        if ok and self.type == "time":
            ok = _is_clock_time(value)
        if ok and self.type == "date":
            ok = _is_date_or_empty(value)
        if ok:
            ok = self._in_range(value)
        if not ok:
            raise PolicyError(f"{where}: {value!r} is not {self.wanted}")
        return value

    def _in_range(self, value: Any) -> bool:
        bounds = self.bounds
        if bounds is not None:
            size = value if self.type == "int" else len(value)
            if not bounds[0] <= size <= bounds[1]:
                return False
        items = value if self.type == "list" else [value] if self.type == "str" else []
        free_list = self.type == "list" and not self.choices
        if free_list and not all(0 < len(item) <= TEXT_MAX_CHARS for item in items):
            return False
        return not self.pattern or all(re.fullmatch(self.pattern, item) for item in items)

    @property
    def wanted(self) -> str:
        """Return what a valid value looks like, for error messages."""
        low, high = self.bounds or (None, None)
        if self.type == "list" and self.choices:
            return f"a list drawn from {', '.join(self.choices)}"
        if self.choices:
            return f"one of {', '.join(self.choices)}"
        if self.type == "int" and low is not None:
            return f"int (a whole number from {low} to {high})"
        if self.type == "str":
            return f"str (text of at most {high} characters{self._shape})"
        if self.type == "list":
            return f"list (comma-separated, at most {high} items{self._shape})"
        return {
            "bool": "bool (yes or no)",
            "int": "int (a whole number)",
            "time": "time (a clock time, HH:MM)",
            "date": "date (YYYY-MM-DD, or empty)",
        }.get(self.type, self.type)

    @property
    def _shape(self) -> str:
        example = self.default[0] if self.type == "list" and self.default else self.default
        example = self.example or example
        return f", like {example}" if self.pattern and example else ""

    def parse(self, text: str, where: str = "") -> Any:
        """Return the typed value a person typed as text; raise PolicyError if bad.

        Booleans accept yes/no, true/false, on/off and 1/0; lists are
        comma-separated; the result is validated as a profile value would be.
        """
        where = where or self.name
        raw = text.strip()
        value: Any = raw
        if self.type == "bool":
            value = _BOOL_WORDS.get(raw.lower())
        elif self.type == "int":
            value = _whole_number(raw)
        elif self.type == "list":
            value = [item.strip() for item in raw.split(",") if item.strip()]
        if value is None:
            raise PolicyError(f"{where}: {text!r} is not {self.wanted}")
        return self.validate(value, where)


_BOOL_WORDS = {
    "yes": True,
    "true": True,
    "on": True,
    "1": True,
    "no": False,
    "false": False,
    "off": False,
    "0": False,
}


def _whole_number(text: str) -> int | None:
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    return int(text) if re.fullmatch(r"-?[0-9]{1,12}", text) else None


def _is_date_or_empty(value: str) -> bool:
    # Empty means "not set", e.g. a policy reviewed by interval, not on a date.
    if not value:
        return True
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _is_clock_time(value: str) -> bool:
    hours, _, minutes = value.partition(":")
    return hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What a check function is given: its parameters and its provenance."""

    rule: str
    params: Mapping[str, Any]
    source: str
    summary: str

    def finding(
        self,
        reason: str,
        *,
        severity: Severity = "warn",
        kind: str = "other",
        span: tuple[int, int] | None = None,
    ) -> Finding:
        return Finding(self.rule, reason, self.source, severity, kind, span)


Check = Callable[[RuleContext, Any], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Floor:
    """A protection that no profile or override can take a rule below.

    `holds` is asked of the rule's parameters as a profile applies them;
    `guarantee` says in plain words what is protected and `clause` where
    the protection comes from, so that a refusal quotes both. A floor with
    no `holds` names no parameter: it is kept at run time by the code that
    applies the rule, and shown with the rule so that nobody expects a
    setting to undo it.
    """

    code: str
    guarantee: str
    clause: str
    holds: Callable[[Mapping[str, Any]], bool] | None = None

    def refusal(self, rule_id: str) -> str:
        """Return why a value below this floor is refused, with the clause."""
        return f"{rule_id}: refused, because {self.guarantee} ({self.clause})"


@dataclass(frozen=True, slots=True)
class Enforcement:
    """Where a rule acts: the places a reader goes to see it run.

    `actions` are codes of the permission layer (`<app>/registry.py`), `checks`
    the contexts its engine check runs in (`<app>/checks.py`), `jobs` the
    scheduled commands (`core/schedule.py`). A rule that only states a
    principle has `statement=True` and no enforcement point, and the policy
    page says so.
    """

    actions: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()
    jobs: tuple[str, ...] = ()
    statement: bool = False

    def __bool__(self) -> bool:
        return bool(self.actions or self.checks or self.jobs or self.statement)

    @property
    def points(self) -> tuple[str, ...]:
        """Return every enforcement point as "kind code", for pages and messages."""
        return (
            tuple(f"action {a}" for a in self.actions)
            + tuple(f"check {c}" for c in self.checks)
            + tuple(f"job {j}" for j in self.jobs)
        )


@dataclass(frozen=True, slots=True)
class RuleDef:
    """A rule Schoolgate knows: what it is, which catalogue rows it serves."""

    id: str
    title: str
    description: str
    catalogue: tuple[str, ...]
    params: Mapping[str, Param] = field(default_factory=dict)
    contexts: frozenset[str] = frozenset()
    check: Check | None = None
    floors: tuple[Floor, ...] = ()
    enforced: Enforcement = Enforcement()

    def breached(self, params: Mapping[str, Any]) -> tuple[Floor, ...]:
        """Return the floors these parameter values would go below."""
        return tuple(f for f in self.floors if f.holds is not None and not f.holds(params))


REGISTRY: dict[str, RuleDef] = {}


def define(
    rule_id: str,
    *,
    title: str,
    description: str,
    catalogue: Iterable[str],
    params: Iterable[Param] = (),
    contexts: Iterable[str] = (),
    check: Check | None = None,
    floors: Iterable[Floor] = (),
    actions: Iterable[str] = (),
    checks: Iterable[str] = (),
    jobs: Iterable[str] = (),
    statement: bool = False,
) -> RuleDef:
    """Register a rule by id and return it; an id may be registered once.

    Every parameter must have a range (a whole number its `low` and `high`)
    and a default that fits it, and the defaults must keep every floor.
    `actions`, `checks` and `jobs` say where the rule is enforced (see
    `Enforcement`); `statement=True` marks a rule that only states a principle.
    """
    if rule_id in REGISTRY:
        raise PolicyError(f"rule {rule_id} is registered twice")
    definition = RuleDef(
        id=rule_id,
        title=title,
        description=description,
        catalogue=tuple(catalogue),
        params={p.name: p for p in params},
        contexts=frozenset(contexts),
        check=check,
        floors=tuple(floors),
        enforced=Enforcement(tuple(actions), tuple(checks), tuple(jobs), statement),
    )
    _check_definition(definition)
    REGISTRY[rule_id] = definition
    return definition


def _check_definition(definition: RuleDef) -> None:
    for param in definition.params.values():
        where = f"rule {definition.id}: parameter {param.name}"
        if param.bounds is None and param.type == "int":
            raise PolicyError(f"{where} needs its range (low and high)")
        param.validate(param.default, f"{where} default")
    if definition.enforced.statement and definition.enforced.points:
        raise PolicyError(f"rule {definition.id} is a statement: it names no enforcement point")
    defaults = {name: p.default for name, p in definition.params.items()}
    for floor in definition.breached(defaults):
        raise PolicyError(f"{floor.refusal(definition.id)}: its default goes below it")


def check(
    rule_id: str,
    *,
    contexts: Iterable[str],
    title: str | None = None,
    description: str | None = None,
    catalogue: Iterable[str] | None = None,
    params: Iterable[Param] = (),
) -> Callable[[Check], Check]:
    """Register the decorated function as the check of a rule.

    A rule already defined (its parameters and profile entries exist) gets the
    function attached, run in the given contexts; title, description,
    catalogue and params then stay as defined. Otherwise a new rule is
    defined and all of them are required.
    """

    def register(fn: Check) -> Check:
        if rule_id in REGISTRY:
            _attach(rule_id, fn, contexts, extra=(title, description, catalogue, params))
            return fn
        if title is None or description is None or catalogue is None:
            raise PolicyError(f"rule {rule_id} is new: give its title, description, catalogue")
        define(
            rule_id,
            title=title,
            description=description,
            catalogue=catalogue,
            params=params,
            contexts=contexts,
            check=fn,
        )
        return fn

    return register


def _attach(rule_id: str, fn: Check, contexts: Iterable[str], extra: tuple[Any, ...]) -> None:
    definition = REGISTRY[rule_id]
    if definition.check is not None:
        raise PolicyError(f"rule {rule_id} already has a check")
    # Parameters belong to the definition, so that every profile that names
    # them can be validated before any check module is imported.
    if any(extra[:3]) or tuple(extra[3]):
        raise PolicyError(f"rule {rule_id} is already defined: attach the check only")
    REGISTRY[rule_id] = replace(definition, contexts=frozenset(contexts), check=fn)


@dataclass(frozen=True, slots=True)
class ProfileRule:
    """How one profile applies one rule."""

    id: str
    enabled: bool
    source: str
    summary: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class Profile:
    """A school policy as data: its metadata and how it applies every rule."""

    code: str
    name: str
    school: str
    version: str
    meta: Mapping[str, Any]
    rules: Mapping[str, ProfileRule]
    # Stored overrides left out because they no longer fit: (rule, param, why).
    ignored: tuple[tuple[str, str, str], ...] = ()

    def rule(self, rule_id: str) -> ProfileRule:
        """Return how this profile applies a rule (off, with defaults, if silent)."""
        if rule_id not in REGISTRY:
            raise PolicyError(f"unknown rule {rule_id}")
        return self.rules.get(
            rule_id,
            ProfileRule(rule_id, False, "not in this policy", "", {}),
        )

    def enabled(self, rule_id: str) -> bool:
        return self.rule(rule_id).enabled

    def param(self, rule_id: str, name: str) -> Any:
        """Return a parameter's value in this profile, or the rule's default."""
        definition = REGISTRY[rule_id]
        if name not in definition.params:
            raise PolicyError(f"rule {rule_id} has no parameter {name}")
        return self.rule(rule_id).params.get(name, definition.params[name].default)

    def params(self, rule_id: str) -> dict[str, Any]:
        definition = REGISTRY[rule_id]
        return {name: self.param(rule_id, name) for name in definition.params}

    def with_overrides(
        self, overrides: Iterable[tuple[str, str, Any]], *, strict: bool = True
    ) -> Profile:
        """Return this profile with (rule, parameter, value) overrides applied.

        The parameter name `enabled` switches the rule itself on or off. A
        value that does not fit its parameter, or that would take the rule
        below one of its floors, raises PolicyError; with `strict=False` it
        is left out instead and listed in `ignored` (overrides stored before
        a range or floor existed must not stop a school's pages working).
        """
        profile = self
        ignored = list(self.ignored)
        for rule_id, name, value in overrides:
            try:
                profile = profile._with_one(rule_id, name, value)
            except PolicyError as exc:
                if strict:
                    raise
                ignored.append((rule_id, name, str(exc)))
        return replace(profile, ignored=tuple(ignored))

    def _with_one(self, rule_id: str, name: str, value: Any) -> Profile:
        # Build on the overrides already applied: two parameters of one rule
        # must both survive.
        current = self.rules.get(rule_id) or self.rule(rule_id)
        definition = REGISTRY[rule_id]
        if name == "enabled":
            Param("enabled", "bool", False, "").validate(value, f"{rule_id}.enabled")
            if not value and definition.floors:
                raise PolicyError(definition.floors[0].refusal(rule_id) + "; it cannot be off")
            applied = replace(current, enabled=value)
        else:
            if name not in definition.params:
                raise PolicyError(f"rule {rule_id} has no parameter {name}")
            definition.params[name].validate(value, f"{rule_id}.{name}")
            applied = replace(current, params={**current.params, name: value})
        changed = replace(self, rules={**self.rules, rule_id: applied})
        changed.require_floors(rule_id)
        return changed

    def require_floors(self, rule_id: str) -> None:
        """Raise PolicyError if the rule's values here go below one of its floors."""
        for floor in REGISTRY[rule_id].breached(self.params(rule_id)):
            raise PolicyError(floor.refusal(rule_id))


def parse_profile(code: str, text: str) -> Profile:
    """Return the profile a TOML text describes; raise PolicyError if it is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{code}: {exc}") from exc
    meta = dict(data.get("profile", {}))
    rules: dict[str, ProfileRule] = {}
    for rule_id, body in data.get("rules", {}).items():
        rules[rule_id] = _parse_rule(code, rule_id, body)
    profile = Profile(
        code=code,
        name=meta.get("name", code),
        school=meta.get("school", ""),
        version=str(meta.get("version", "1")),
        meta=meta,
        rules=rules,
    )
    for rule_id in rules:
        try:
            profile.require_floors(rule_id)
        except PolicyError as exc:
            raise PolicyError(f"{code}: {exc}") from exc
    return profile


def _parse_rule(code: str, rule_id: str, body: Mapping[str, Any]) -> ProfileRule:
    where = f"{code}: rules.{rule_id}"
    definition = REGISTRY.get(rule_id)
    if definition is None:
        raise PolicyError(f"{where}: no such rule is registered")
    params = dict(body.get("params", {}))
    for name, value in params.items():
        if name not in definition.params:
            raise PolicyError(f"{where}: no parameter {name}")
        definition.params[name].validate(value, f"{where}.{name}")
    if not body.get("source"):
        raise PolicyError(f"{where}: every rule names its source")
    return ProfileRule(
        id=rule_id,
        enabled=bool(body.get("enabled", True)),
        source=str(body["source"]),
        summary=str(body.get("summary", "")),
        params=params,
    )


_CACHE: dict[str, Profile] = {}


def load_profile(code: str) -> Profile:
    """Return a built-in profile by code, parsed once per process."""
    if code not in PROFILE_CODES:
        raise PolicyError(f"no built-in profile {code!r}; choose from {', '.join(PROFILE_CODES)}")
    if code not in _CACHE:
        _import_rules()
        _CACHE[code] = parse_profile(code, profile_text(code))
    return _CACHE[code]


def profile_text(code: str) -> str:
    """Return the TOML text of a built-in profile."""
    return resources.files("schoolgate.policy.profiles").joinpath(f"{code}.toml").read_text()


def _import_rules() -> None:
    # Registration happens on import; the rule modules have no Django imports.
    from schoolgate.policy import rules  # noqa: F401


def evaluate(profile: Profile, action: str, subject: Any) -> Decision:
    """Run every enabled check of a context over the subject; return the decision."""
    _import_rules()
    findings: list[Finding] = []
    for definition in REGISTRY.values():
        if action not in definition.contexts or definition.check is None:
            continue
        if not profile.enabled(definition.id):
            continue
        findings.extend(_run(profile, definition, subject))
    return Decision(action, tuple(findings), profile.code, profile.version)


def _run(profile: Profile, definition: RuleDef, subject: Any) -> Iterator[Finding]:
    applied = profile.rule(definition.id)
    ctx = RuleContext(
        definition.id, profile.params(definition.id), applied.source, applied.summary
    )
    assert definition.check is not None
    try:
        yield from definition.check(ctx, subject)
    except Exception as exc:  # noqa: BLE001  fail closed: a broken check blocks
        yield ctx.finding(
            f"The check '{definition.title}' could not run ({type(exc).__name__}); "
            "a person must look at this.",
            severity="block",
        )
