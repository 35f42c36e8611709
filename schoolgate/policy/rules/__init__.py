"""Every rule Schoolgate knows, registered on import (no Django imports).

One module per catalogue area; each calls `engine.define` (a parameter-only
rule) or decorates a check with `engine.check`.
"""

from schoolgate.policy.rules import access  # noqa: F401
