import datetime

import factory

from schoolgate.people.tests.factories import SchoolFactory, UserFactory
from schoolgate.registers.models import (
    AccountReview,
    ApplicationRequest,
    Declaration,
    EventPhotoAgreement,
    FilteringCheck,
    FriendRequest,
    LowLevelConcern,
    PermissionRequest,
    PolicyDeparture,
    ProfessionalAccount,
)


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProfessionalAccount

    school = factory.SubFactory(SchoolFactory)
    platform = "x"
    handle = factory.Sequence(lambda n: f"@larkspur_year{n}")
    purpose = "News for Year 6 families"
    audience = "Year 6 parents"
    requested_by = factory.SubFactory(UserFactory)
    owner = factory.SelfAttribute("requested_by")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationRequest

    school = factory.SubFactory(SchoolFactory)
    application = "Padlet"
    purpose = "Shared boards for Year 5 homework"
    requested_by = factory.SubFactory(UserFactory)


class FriendRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FriendRequest

    school = factory.SubFactory(SchoolFactory)
    reported_by = factory.SubFactory(UserFactory)
    platform = "instagram"
    sender_kind = "pupil"
    sender_name = "A pupil in Year 8"


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Declaration

    school = factory.SubFactory(SchoolFactory)
    declarant = factory.SubFactory(UserFactory)
    kind = "parent_contact"
    job_title = "Teaching assistant"
    pupil_names = "Ava Brook"
    parent_names = "Jo Brook"
    is_friend = True
    read_policy = True
    signed_name = "Sam Taylor"


# The smaller registers (issue 15, section 4)


class _EntryFactory(factory.django.DjangoModelFactory):
    school = factory.SubFactory(SchoolFactory)
    recorded_by = factory.SubFactory(UserFactory)


class PermissionRequestFactory(_EntryFactory):
    class Meta:
        model = PermissionRequest

    kind = "pupils_social"
    details = "Year 6 use a class blog on a social network for a week of the science topic."


class LowLevelConcernFactory(_EntryFactory):
    class Meta:
        model = LowLevelConcern

    about = "A colleague in Year 4"
    details = "Liked a parent's post that criticised another family."


class PolicyDepartureFactory(_EntryFactory):
    class Meta:
        model = PolicyDeparture

    what = "Phoned a parent from my own phone on the residential trip"
    justification = "The trip phone had no signal and a pupil was unwell."


class FilteringCheckFactory(_EntryFactory):
    class Meta:
        model = FilteringCheck

    systems = "Web filter and monitoring alerts"


class AccountReviewFactory(_EntryFactory):
    class Meta:
        model = AccountReview

    account = factory.SubFactory(
        AccountFactory,
        school=factory.SelfAttribute("..school"),
        requested_by=factory.SelfAttribute("..recorded_by"),
        status="active",
        decided_by=factory.SubFactory(UserFactory),
    )


class EventPhotoAgreementFactory(_EntryFactory):
    class Meta:
        model = EventPhotoAgreement

    event = "Nativity play"
    held_on = datetime.date(2026, 12, 10)
    photos_allowed = True
    terms = "Photos of your own child only, and none shared online."
