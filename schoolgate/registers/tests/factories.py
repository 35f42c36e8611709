import factory

from schoolgate.people.tests.factories import SchoolFactory, UserFactory
from schoolgate.registers.models import (
    ApplicationRequest,
    Declaration,
    FriendRequest,
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
