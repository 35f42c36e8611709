"""An ICT ban is worded as the school's policy sets it (sanctions.ict_ban:supervised_use)."""

from __future__ import annotations

from django.urls import reverse

from schoolgate.policy.models import ParameterOverride
from schoolgate.sanctions.models import Sanction
from schoolgate.sanctions.tests.factories import PhoneBanFactory


def _ict_ban(personas):  # type: ignore[no-untyped-def]
    return PhoneBanFactory(school=personas.school, kind=Sanction.Kind.ICT_BAN)


def test_shire_allows_supervised_use_during_an_ict_ban(personas, sign_in):
    _ict_ban(personas)
    page = sign_in(personas.head).get(reverse("sanctions:list")).content.decode()
    assert "ICT ban (supervised use only)" in page


def test_without_supervised_use_the_ban_is_of_all_school_ict(personas, sign_in):
    ParameterOverride.objects.create(
        school=personas.school,
        rule="sanctions.ict_ban",
        param="supervised_use",
        value=False,
        reason="Test",
        set_by=personas.head,
    )
    _ict_ban(personas)
    client = sign_in(personas.head)
    assert (
        "ICT ban (no use of school ICT)" in client.get(reverse("sanctions:list")).content.decode()
    )
    form = client.get(reverse("sanctions:create")).content.decode()
    assert "ICT ban (no use of school ICT)" in form
    assert "supervised use only" not in form
