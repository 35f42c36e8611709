"""Every rule Schoolgate knows, registered on import (no Django imports).

One module per catalogue area; each calls `engine.define` (a parameter-only
rule) or decorates a check with `engine.check`. Checks written later attach
to these ids with `engine.check(rule_id, contexts=...)`.
"""

from schoolgate.policy.rules import (  # noqa: F401
    access,
    channels,
    consent,
    data,
    devices,
    governance,
    moderation,
    people,
    publishing,
    registers,
    safeguarding,
    sanctions,
    selfcheck,
    training,
)
