"""factory_boy factories for policy versions, sign-offs and training."""

import datetime as dt

import factory
from django.utils import timezone

from schoolgate.compliance.models import PolicyVersion, SignOff, TrainingSession
from schoolgate.people.tests.factories import SchoolFactory, UserFactory


class PolicyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyVersion

    school = factory.SubFactory(SchoolFactory)
    number = factory.Sequence(lambda n: n + 1)
    approved_on = dt.date(2025, 9, 1)
    signatory = "Ms Chair"
    text = "<p>The policy as approved.</p>"
    digest = "0" * 64
    published_by = factory.SubFactory(UserFactory)


class SignOffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignOff

    version = factory.SubFactory(PolicyVersionFactory)
    user = factory.SubFactory(UserFactory)
    status = SignOff.Status.SIGNED
    answered_at = factory.LazyFunction(timezone.now)


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    school = factory.SubFactory(SchoolFactory)
    audience = TrainingSession.Audience.STAFF
    title = "Social media and you"
    held_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.SubFactory(UserFactory)
