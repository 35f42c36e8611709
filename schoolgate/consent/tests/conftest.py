"""Fixtures for the consent tests: a pupil with two parents at each school."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from schoolgate.people.tests.factories import ParentLinkFactory, PupilFactory, SchoolFactory


@dataclass
class Family:
    pupil: Any
    mother: Any
    father: Any


def make_family(school: Any, first_name: str = "Amara", class_name: str = "4B") -> Family:
    pupil = PupilFactory(school=school, first_name=first_name, class_name=class_name)
    mother = ParentLinkFactory(pupil=pupil, parent__school=school, relationship="Mother").parent
    father = ParentLinkFactory(pupil=pupil, parent__school=school, relationship="Father").parent
    return Family(pupil, mother, father)


@pytest.fixture
def shire(db: None) -> Any:
    return SchoolFactory(profile="shire")


@pytest.fixture
def brize(db: None) -> Any:
    return SchoolFactory(profile="brize")


@pytest.fixture
def family(shire: Any) -> Family:
    return make_family(shire)


SEPT_3 = dt.date(2025, 9, 3)
