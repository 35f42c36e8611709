"""The dashboard's consent panel: withdrawals of the last week and renewals due,
for those who record consent."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from schoolgate.consent.models import Answer, PhotoConsent
from schoolgate.consent.tests.factories import PhotoConsentFactory
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.policy.models import ParameterOverride

PANEL = "Withdrawn in the last 7 days"


def _withdrawn(school, first_name, *, days_ago=0):  # type: ignore[no-untyped-def]
    pupil = PupilFactory(school=school, first_name=first_name, surname="Tern", class_name="4B")
    consent = PhotoConsentFactory(
        pupil=pupil, answer=Answer.WITHDRAWN, given_on=timezone.localdate()
    )
    recorded = timezone.now() - dt.timedelta(days=days_ago)
    PhotoConsent.objects.filter(pk=consent.pk).update(created_at=recorded)
    return pupil


def _dashboard(client):  # type: ignore[no-untyped-def]
    return client.get(reverse("web:dashboard")).content.decode()


def test_the_office_sees_this_weeks_withdrawals_each_linked_to_the_pupil(personas, sign_in):
    pupil = _withdrawn(personas.school, "Ada", days_ago=1)
    _withdrawn(personas.school, "Old", days_ago=9)
    page = _dashboard(sign_in(personas.office))
    assert f"{PANEL} (1 pupil)" in page
    assert f'<a href="{reverse("consent:pupil", args=[pupil.pk])}">Ada Tern</a> (4B)' in page
    assert "Old Tern" not in page


def test_a_pupil_withdrawn_from_every_use_is_one_line(personas, sign_in):
    pupil = _withdrawn(personas.school, "Ada")
    PhotoConsentFactory(pupil=pupil, use="social", answer=Answer.WITHDRAWN)
    page = _dashboard(sign_in(personas.office))
    assert f"{PANEL} (1 pupil)" in page
    assert "Ada Tern</a> (4B): withdrawn for school blog, social media, recorded" in page


def test_many_withdrawals_are_capped_with_a_link_to_all(personas, sign_in):
    for n in range(6):
        _withdrawn(personas.school, f"Kit{n}")
    page = _dashboard(sign_in(personas.office))
    assert f"{PANEL} (6 pupils)" in page and page.count(" Tern</a>") == 5
    assert f"{reverse('consent:register')}?state=withdrawn" in page


def test_with_nothing_new_the_office_is_told_nothing_is_waiting(personas, sign_in):
    assert "Nothing waiting: no consent withdrawn in the last 7 days" in _dashboard(
        sign_in(personas.office)
    )


def test_renewals_due_are_counted_with_a_link_where_consent_lapses(personas, sign_in):
    ParameterOverride.objects.create(
        school=personas.school, rule="consent.photo", param="expiry_months", value=12,
        set_by=personas.head,
    )  # fmt: skip
    pupil = PupilFactory(school=personas.school)
    PhotoConsentFactory(pupil=pupil, given_on=timezone.localdate() - dt.timedelta(days=350))
    page = _dashboard(sign_in(personas.office))
    assert f'<a href="{reverse("consent:renewals")}">1 pupil needs consent renewed</a>' in page
    assert "already lapsed" not in page


def test_renewals_due_say_how_many_have_already_lapsed(personas, sign_in):
    ParameterOverride.objects.create(
        school=personas.school, rule="consent.photo", param="expiry_months", value=12,
        set_by=personas.head,
    )  # fmt: skip
    for days_ago in (350, 400, 420):
        pupil = PupilFactory(school=personas.school)
        PhotoConsentFactory(pupil=pupil, given_on=timezone.localdate() - dt.timedelta(days_ago))
    page = _dashboard(sign_in(personas.office))
    assert "3 pupils need consent renewed</a>: for 2 it has already lapsed" in page


def test_those_who_do_not_record_consent_do_not_see_the_panel(personas, sign_in):
    _withdrawn(personas.school, "Ada")
    page = _dashboard(sign_in(personas.teacher))
    assert PANEL not in page and "Ada Tern" not in page
