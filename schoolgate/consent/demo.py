"""Photo consent for the demo trust: what a school's register looks like.

Most pupils have consent for every use from one parent; about one in eight
are refused for some or all uses (a second parent's refusal among them, to
show that the refusal wins); a few have no answer yet; at the school that
renews consent every year, a few answers have lapsed and a few are due.
Rows are bulk-created under the demo's single "demo.loaded" audit entry, so
`schoolgate demo` stays fast; each carries its evidence (how, when, which parent, and the
school office as the recorder).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db.models import Prefetch

from schoolgate.consent.models import Answer, Method, PhotoConsent
from schoolgate.consent.policy import RULE, terms_of
from schoolgate.people.models import ParentLink, Pupil, RoleAssignment, School, Trust
from schoolgate.people.roles import Role
from schoolgate.policy.selectors import school_policy

SEED = 3033
REFUSED_SHARE = 1 / 8
UNANSWERED_SHARE = 1 / 25
LAPSED_AT_YEARLY_SCHOOLS = 4
DUE_AT_YEARLY_SCHOOLS = 3
WRITTEN = (Method.PAPER, Method.PAPER, Method.ONLINE, Method.EMAIL)


def demo_consents_load(trust: Trust, *, today: dt.date) -> int:
    """Add the demo register to every school of the trust; return the rows made."""
    rng = random.Random(SEED)
    made = 0
    for school in School.objects.filter(trust=trust).order_by("slug"):
        rows = _school_rows(school, rng, today)
        PhotoConsent.objects.bulk_create(rows)
        made += len(rows)
    return made


def _school_rows(school: School, rng: random.Random, today: dt.date) -> list[PhotoConsent]:
    policy = school_policy(school)
    uses = list(terms_of(policy).uses)
    yearly = policy.param(RULE, "expiry_months") > 0
    office = RoleAssignment.objects.filter(school=school, role=Role.OFFICE).first()
    recorder = office.user if office else None
    year_start = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    links = Prefetch("parentlink_set", queryset=ParentLink.objects.select_related("parent"))
    pupils = list(
        Pupil.objects.filter(school=school, status=Pupil.Status.CURRENT)
        .prefetch_related(links)
        .order_by("mis_id")
    )
    rows: list[PhotoConsent] = []
    for index, pupil in enumerate(pupils):
        parents = [link.parent for link in pupil.parentlink_set.all()]
        form = _Form(school, pupil, parents, recorder, rng)
        given_on = min(today, year_start + dt.timedelta(days=rng.randrange(0, 15)))
        if yearly and index < LAPSED_AT_YEARLY_SCHOOLS:
            given_on = today - dt.timedelta(days=400 + index)
        elif yearly and index < LAPSED_AT_YEARLY_SCHOOLS + DUE_AT_YEARLY_SCHOOLS:
            given_on = today - dt.timedelta(days=350 + index)
        rows += _answers(form, uses, given_on, rng)
    return rows


class _Form:
    """One family's consent form: who filled it in and how it came back."""

    def __init__(
        self, school: School, pupil: Pupil, parents: list[Any], recorder: Any, rng: random.Random
    ) -> None:
        self.school, self.pupil, self.parents, self.recorder = school, pupil, parents, recorder
        self.method = rng.choice(WRITTEN)

    def row(self, use: str, answer: str, given_on: dt.date, parent: Any) -> PhotoConsent:
        return PhotoConsent(
            school=self.school,
            pupil=self.pupil,
            use=use,
            answer=answer,
            parent=parent,
            method=self.method,
            given_on=given_on,
            recorded_by=self.recorder,
        )


def _answers(
    form: _Form, uses: list[str], given_on: dt.date, rng: random.Random
) -> list[PhotoConsent]:
    draw = rng.random()
    first = form.parents[0] if form.parents else None
    if draw < UNANSWERED_SHARE:
        return []
    if draw < UNANSWERED_SHARE + REFUSED_SHARE / 2:
        return [form.row(use, Answer.REFUSED, given_on, first) for use in uses]
    given = [form.row(use, Answer.GIVEN, given_on, first) for use in uses]
    if draw < UNANSWERED_SHARE + REFUSED_SHARE:
        # The other parent (or the same one) refuses social media and the press.
        other = form.parents[1] if len(form.parents) > 1 else None
        refused = [u for u in uses if u in ("social", "press")]
        if other is None:
            given = [row for row in given if row.use not in refused]
        given += [form.row(use, Answer.REFUSED, given_on, other or first) for use in refused]
    return given
