"""factory_boy factories for devices, trip phone loans and hand-in marks."""

import datetime as dt

import factory
from django.utils import timezone

from schoolgate.devices.models import Device, TripPhoneLoan
from schoolgate.people.tests.factories import SchoolFactory, UserFactory


class DeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Device

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Class iPad {n}")
    kind = Device.Kind.TABLET
    make = "Apple"
    model = "iPad (9th generation)"


class TripPhoneLoanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TripPhoneLoan

    device = factory.SubFactory(DeviceFactory, kind=Device.Kind.TRIP_PHONE, name="Trip phone")
    school = factory.LazyAttribute(lambda o: o.device.school)
    lead = factory.SubFactory(UserFactory)
    purpose = "Year 5 visit to the river centre"
    signed_out_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=2))
    expected_back_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=3))
