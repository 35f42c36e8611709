"""A school's policy is read only in each app's adapter, `<app>/policy.py` (issue 14, item 2).

Views, templates, selectors, services, registries and middleware ask the
adapter a question named for what it answers (`comment_approvers(school)`);
none of them fetches the policy or picks a parameter out of it. This test
parses every module of the package and names each place, file:line, that
reads the policy anywhere else: a call of `school_policy`, `school_policies`
or `load_profile`, or a profile's `.param(rule, name)`, `.params(rule)`,
`.enabled(rule)` or `.rule(rule)`.
"""

from __future__ import annotations

import ast
from fnmatch import fnmatch
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "schoolgate"

# Functions that hand out a school's policy or a profile.
FETCHERS = frozenset({"school_policy", "school_policies", "load_profile"})
# Methods of a Profile that read it, with the number of arguments they take
# (an adapter's own `rule(school, rule_id)` takes two, and is what callers use).
PROFILE_READS = {"param": 2, "params": 1, "enabled": 1, "rule": 1}

# Where reading the policy is the module's job.
READERS = (
    "*/policy.py",  # each app's adapter
    "policy/*",  # the policy app: the engine, the profiles, the policy pages
    "*/migrations/*",
    "*/tests/*",
)

# Everything else that may read the policy, and why. Keep this short.
ALLOWED = {
    "demo/*": "the demo loader sets up schools as their policies say, for the demo only",
    "*/demo.py": "the demo loaders set up schools as their policies say, for the demo only",
    "core/checks.py": "the system check that every built-in profile loads",
    "publishing/cli.py": "checking a draft for no school runs under a built-in profile "
    "without Django or a database, which the adapter needs",
}


def stray_reads(root: Path = PACKAGE) -> list[str]:
    """Return 'file:line: what' for every read of the policy outside its readers."""
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if any(fnmatch(relative, pattern) for pattern in (*READERS, *ALLOWED)):
            continue
        tree = ast.parse(path.read_text(), str(path))
        reads = sorted((node.lineno, what) for node in ast.walk(tree) if (what := _read(node)))
        found += [f"schoolgate/{relative}:{line}: {what}" for line, what in reads]
    return found


def _read(node: ast.AST) -> str:
    if isinstance(node, ast.alias) and node.name in FETCHERS and node.asname:
        return f"{node.name} as {node.asname}"
    if isinstance(node, ast.Name) and node.id in FETCHERS:
        return node.id
    if isinstance(node, ast.Attribute) and node.attr in FETCHERS:
        return node.attr
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and PROFILE_READS.get(node.func.attr) == len(node.args) + len(node.keywords)
    ):
        return f".{node.func.attr}(...)"
    return ""


def test_the_policy_is_read_only_in_the_adapters():
    stray = stray_reads()
    assert not stray, (
        f"{len(stray)} reads of the school's policy outside an app's policy.py; "
        "add a small typed function to the app's adapter and ask it:\n" + "\n".join(stray)
    )


def test_the_scan_finds_each_way_of_reading(tmp_path):
    app = tmp_path / "somewhere"
    app.mkdir()
    (app / "views.py").write_text(
        "from schoolgate.policy.selectors import school_policy\n"
        "def page(school, profile):\n"
        "    policy = school_policy(school)\n"
        "    policy.param('moderation.approvers', 'roles')\n"
        "    profile.params('moderation.approvers')\n"
        "    profile.enabled('moderation.praise')\n"
        "    return profile.rule('moderation.praise').source\n"
    )
    (app / "policy.py").write_text(
        "from schoolgate.policy.selectors import school_policy\n"
        "def praise_collected(school):\n"
        "    return school_policy(school).enabled('moderation.praise')\n"
    )
    (app / "renamed.py").write_text(
        "from schoolgate.policy.selectors import school_policy as read\n"
        "def page(school):\n"
        "    return read(school)\n"
    )
    (app / "other.py").write_text(
        "from somewhere import policy\n"
        "def page(school):\n"
        "    return policy.rule(school, 'moderation.praise'), policy.praise_collected(school)\n"
    )
    assert [line.split(": ", 1)[1] for line in stray_reads(tmp_path)] == [
        "school_policy as read",
        "school_policy",
        ".param(...)",
        ".params(...)",
        ".enabled(...)",
        ".rule(...)",
    ]


def test_an_adapter_counts_as_a_reader_for_the_parameter_check(tmp_path):
    # policy.E006 fails for a parameter a profile sets and no module reads; the
    # reads now live in the adapters, so an adapter alone must count.
    from schoolgate.policy.enforcement import param_reads

    root = tmp_path / "schoolgate"
    (root / "moderation").mkdir(parents=True)
    adapter = PACKAGE / "moderation" / "policy.py"
    (root / "moderation" / "policy.py").write_text(adapter.read_text())
    reads = param_reads(root)
    assert ("moderation.approvers", "any_account_holder") in reads
    assert ("moderation.hold_all", "comments_open") in reads
