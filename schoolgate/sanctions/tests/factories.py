"""factory_boy factories for sanctions."""

import datetime as dt

import factory
from django.utils import timezone

from schoolgate.people.tests.factories import PupilFactory, SchoolFactory, UserFactory
from schoolgate.sanctions.models import Sanction


class PhoneBanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sanction

    school = factory.SubFactory(SchoolFactory)
    kind = Sanction.Kind.PUPIL_PHONE_BAN
    pupil = factory.SubFactory(PupilFactory, school=factory.SelfAttribute("..school"))
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1))
    reason = "Did not hand a phone in."
    decided_by = factory.SubFactory(UserFactory)
