"""Reads of a school's policy: its profile with the school's overrides."""

from schoolgate.people.models import School
from schoolgate.policy.engine import Profile, load_profile
from schoolgate.policy.models import ParameterOverride


def school_policy(school: School) -> Profile:
    """Return the profile the school works under, with its overrides applied.

    Kept on the school object for the rest of the request, so a page that asks
    many questions reads the overrides once.
    """
    cached: Profile | None = getattr(school, "_policy_cache", None)
    if cached is not None:
        return cached
    overrides = ParameterOverride.objects.filter(school=school).values_list(
        "rule", "param", "value"
    )
    profile = load_profile(school.profile).with_overrides(overrides)
    school._policy_cache = profile  # type: ignore[attr-defined]
    return profile


def forget_school_policy(school: School) -> None:
    """Drop the cached policy after an override changes."""
    school.__dict__.pop("_policy_cache", None)
