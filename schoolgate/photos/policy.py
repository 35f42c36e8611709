"""The photo rules as this app reads them from the school's policy: one small function each."""

from __future__ import annotations

from schoolgate.people.models import School
from schoolgate.policy.selectors import school_policy


def rendition_max_edge(school: School) -> int:
    """Return the longest side, in pixels, of a photo as it is published."""
    return int(school_policy(school).param("devices.strip_metadata", "max_edge_px"))
