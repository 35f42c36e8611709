"""factory_boy factories for the consent register."""

import datetime as dt

import factory

from schoolgate.consent.models import Answer, Method, PhotoConsent, StaffPhotoPermission
from schoolgate.people.tests.factories import PupilFactory, StaffFactory


class PhotoConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PhotoConsent

    pupil = factory.SubFactory(PupilFactory)
    school = factory.LazyAttribute(lambda o: o.pupil.school)
    use = "blog"
    answer = Answer.GIVEN
    method = Method.PAPER
    given_on = dt.date(2025, 9, 3)


class StaffPhotoPermissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffPhotoPermission

    staff = factory.SubFactory(StaffFactory)
    school = factory.LazyAttribute(lambda o: o.staff.school)
    answer = Answer.GIVEN
    method = Method.PAPER
    given_on = dt.date(2025, 9, 3)
