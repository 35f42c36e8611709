"""The model files the checks ship (plain numbers, gzipped JSON), and their reader."""

from __future__ import annotations

import gzip
import json
from importlib import resources
from typing import Any


def load(name: str) -> dict[str, Any]:
    """Return the parsed model file `name` shipped in this package."""
    raw = resources.files(__name__).joinpath(name).read_bytes()
    data: dict[str, Any] = json.loads(gzip.decompress(raw))
    return data
