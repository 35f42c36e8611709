"""Where each rule acts, and which parameters the code reads (issue 14, item 3).

Every rule definition declares its enforcement points (`define(actions=...,
checks=..., jobs=..., statement=...)`). `problems()` lists what does not add
up, for the `policy.E002`-`policy.E006` system checks:

- a rule a profile switches on with no enforcement point (and not a statement);
- a declared Action code, engine-check context or scheduled job that does not exist;
- a parameter a profile sets that no module reads.

"Read" is found by a scan of the source, as the test that only the gate
queues deliveries does: a parameter counts as read where one top-level
statement of a module (a function, a class, an assignment) names both the
rule (its id as text, or a module constant holding it, followed through
imports) and the parameter's name as text. Rule definitions, profiles,
tests, demo loaders and the policy app's generic pages (which show every
parameter) do not count as readers.

`PENDING` lists the rules and parameters still wired by other work (issue
14's list of what nothing reads; issue 15 builds the rest): the check
passes for them and warns once one is wired, so the list only shrinks.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from schoolgate.policy.engine import PROFILE_CODES, REGISTRY, PolicyError, Profile, load_profile

PACKAGE_ROOT = Path(__file__).resolve().parent.parent  # .../schoolgate

# Rules and parameters nothing enforces or reads yet: "rule" or "rule:param".
# Empty an entry when its wiring lands; the check warns about stale ones.
PENDING: frozenset[str] = frozenset()  # every rule and parameter of the profiles is wired

# Modules that name rules without applying them: definitions, the generic
# policy pages (they show every rule), demo loaders and tests.
NOT_READERS = (
    "policy/rules/",
    "policy/engine.py",
    "policy/enforcement.py",
    "policy/selectors.py",
    "policy/views.py",
    "policy/forms.py",
    "policy/profiles/",
    "/tests/",
    "/demo",
    "demo.py",
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing the enforcement check found, with its system-check id."""

    id: str
    message: str
    hint: str = ""


def _import_readers() -> None:
    """Import every module that attaches engine checks, so the registry is complete."""
    from importlib import import_module

    for path in sorted(PACKAGE_ROOT.glob("*/checks.py")) + [
        PACKAGE_ROOT / "compliance" / "selfcheck.py"
    ]:
        if path.parent.name in {"core"}:
            continue  # core/checks.py holds Django system checks, not engine checks
        import_module(f"schoolgate.{path.parent.name}.{path.stem}")


def _profiles() -> list[Profile]:
    """Return the built-in profiles that load; `policy.E001` reports any that does not."""
    loaded = []
    for code in PROFILE_CODES:
        try:
            loaded.append(load_profile(code))
        except PolicyError:
            continue
    return loaded


def switched_on() -> set[str]:
    """Return the rule ids at least one built-in profile switches on."""
    return {r for profile in _profiles() for r in REGISTRY if profile.enabled(r)}


def set_by_profiles() -> set[tuple[str, str]]:
    """Return the (rule, parameter) pairs at least one built-in profile sets."""
    return {
        (rule_id, name)
        for profile in _profiles()
        for rule_id, applied in profile.rules.items()
        for name in applied.params
    }


def problems(
    *,
    actions: Iterable[str],
    jobs: Iterable[str],
    reads: set[tuple[str, str]] | None = None,
    pending: frozenset[str] | None = None,
) -> list[Problem]:
    """Return every rule whose enforcement does not add up; empty when all is well."""
    _import_readers()
    pending = PENDING if pending is None else pending
    known_actions, known_jobs = set(actions), set(jobs)
    reads = param_reads() if reads is None else reads
    found: list[Problem] = []
    on = switched_on()
    for rule_id, definition in sorted(REGISTRY.items()):
        where = definition.enforced
        if rule_id in on and not where and rule_id not in pending:
            found.append(
                Problem(
                    "policy.E002",
                    f"Rule {rule_id} is switched on by a profile but enforced nowhere.",
                    "Declare its actions, checks or jobs in define(...), or statement=True.",
                )
            )
        for code in where.actions:
            if code not in known_actions:
                found.append(
                    Problem("policy.E003", f"Rule {rule_id} names action {code}: not registered.")
                )
        for context in where.checks:
            if definition.check is None or context not in definition.contexts:
                found.append(
                    Problem(
                        "policy.E004",
                        f"Rule {rule_id} names engine check {context}: no check of the "
                        "rule runs there.",
                        "Attach one with @engine.check(rule_id, contexts=[...]).",
                    )
                )
        for job in where.jobs:
            if job not in known_jobs:
                found.append(
                    Problem(
                        "policy.E005", f"Rule {rule_id} names job {job}: not on the timetable."
                    )
                )
    for rule_id, name in sorted(set_by_profiles() - reads):
        if f"{rule_id}:{name}" not in pending:
            found.append(
                Problem(
                    "policy.E006",
                    f"Parameter {rule_id}:{name} is set by a profile but read nowhere.",
                    "Read it where the rule is applied, or leave it out of the profiles.",
                )
            )
    return found


def stale_pending(pending: frozenset[str] | None = None) -> list[str]:
    """Return PENDING entries that are wired now (enforced, or read), to be removed."""
    pending = PENDING if pending is None else pending
    reads = param_reads()
    stale = []
    for entry in sorted(pending):
        rule_id, _, name = entry.partition(":")
        wired = rule_id not in REGISTRY or (
            (rule_id, name) in reads if name else bool(REGISTRY[rule_id].enforced)
        )
        if wired:
            stale.append(entry)
    return stale


# The source scan: which (rule, parameter) pairs the code names together.


def param_reads(root: Path = PACKAGE_ROOT) -> set[tuple[str, str]]:
    """Return the (rule, parameter) pairs some module reads."""
    return set(_scan(str(root)))


@cache
def _scan(root: str) -> frozenset[tuple[str, str]]:
    base = Path(root)
    modules = {
        _module_name(base, path): ast.parse(path.read_text(), str(path))
        for path in sorted(base.rglob("*.py"))
    }
    constants = {name: _module_constants(tree) for name, tree in modules.items()}
    pairs: set[tuple[str, str]] = set()
    for module, tree in modules.items():
        relative = module.replace(".", "/") + ".py"
        if any(part in "/" + relative for part in NOT_READERS):
            continue
        names = _visible_constants(module, tree, constants)
        for node in tree.body:  # a helper's body may name imported constants
            if isinstance(node, ast.FunctionDef):
                names[node.name] = frozenset(_referenced(node, names))
        checked = _checked_rules(tree, names)
        for statement in _units(tree):
            pairs |= _pairs_in(statement, names, checked)
    return frozenset(pairs)


def _module_name(base: Path, path: Path) -> str:
    parts = path.relative_to(base.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _texts(node: ast.AST) -> frozenset[str]:
    return frozenset(
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    )


def _module_constants(tree: ast.Module) -> dict[str, frozenset[str]]:
    """Return the texts each module-level name holds: constants, and small helpers' bodies.

    `RULE = "consent.photo"`, `PARAMS = {Kind.X: "report_to"}` and a helper
    function that returns a parameter's name all let another statement name
    a rule or a parameter without writing it out.
    """
    found: dict[str, frozenset[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    found[target.id] = _texts(node.value)
        elif isinstance(node, ast.FunctionDef):
            found[node.name] = _texts(node)
    return found


def _visible_constants(
    module: str, tree: ast.Module, constants: dict[str, dict[str, frozenset[str]]]
) -> dict[str, frozenset[str]]:
    """Return the names a module can use for texts: its own, imported ones, and module.NAME."""
    names = dict(constants.get(module, {}))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module is not None:
            source = _absolute(module, node.module, node.level)
            for alias in node.names:
                as_name = alias.asname or alias.name
                if alias.name in constants.get(source, {}):
                    names[as_name] = constants[source][alias.name]
                for name, texts in constants.get(f"{source}.{alias.name}", {}).items():
                    names[f"{as_name}.{name}"] = texts
        elif isinstance(node, ast.Import):
            for alias in node.names:
                for name, texts in constants.get(alias.name, {}).items():
                    names[f"{alias.asname or alias.name}.{name}"] = texts
    return names


def _absolute(module: str, target: str, level: int) -> str:
    if not level:
        return target
    package = module.split(".")[:-level]
    return ".".join([*package, target])


def _checked_rules(tree: ast.Module, names: dict[str, frozenset[str]]) -> frozenset[str]:
    """Return the rules whose engine checks this module attaches (`@check(rule_id, ...)`)."""
    rules: set[str] = set()
    for node in tree.body:
        for decorator in getattr(node, "decorator_list", ()):
            if isinstance(decorator, ast.Call) and decorator.args:
                rules |= _referenced(decorator.args[0], names) & REGISTRY.keys()
    return frozenset(rules)


def _units(tree: ast.Module) -> Iterator[ast.AST]:
    """Yield the module's top-level statements, a class's methods one by one."""
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            yield from node.body
        else:
            yield node


def _referenced(statement: ast.AST, names: dict[str, frozenset[str]]) -> set[str]:
    """Return the texts a statement writes out or names through a module-level name."""
    texts: set[str] = set(_texts(statement))
    for node in ast.walk(statement):
        if isinstance(node, ast.Name) and node.id in names:
            texts |= names[node.id]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            texts |= names.get(f"{node.value.id}.{node.attr}", frozenset())
    return texts


def _pairs_in(
    statement: ast.AST, names: dict[str, frozenset[str]], checked: frozenset[str]
) -> set[tuple[str, str]]:
    texts = _referenced(statement, names)
    rules = texts & REGISTRY.keys()
    if _reads_check_params(statement):
        rules |= checked
    return {
        (rule_id, name) for rule_id in rules for name in REGISTRY[rule_id].params if name in texts
    }


def _reads_check_params(statement: ast.AST) -> bool:
    """Return whether the statement reads `ctx.params`, the parameters of a check's rule."""
    return any(
        isinstance(node, ast.Attribute)
        and node.attr == "params"
        and isinstance(node.value, ast.Name)
        and node.value.id == "ctx"
        for node in ast.walk(statement)
    )
