"""factory_boy factories for people, places and roles."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from schoolgate.people.models import (
    ImportJob,
    Parent,
    ParentLink,
    Pupil,
    RoleAssignment,
    School,
    StaffMember,
    Trust,
)


class TrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trust

    name = factory.Sequence(lambda n: f"Fernhill Learning Trust {n}")
    slug = factory.Sequence(lambda n: f"fernhill-{n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    trust = factory.SubFactory(TrustFactory)
    name = factory.Sequence(lambda n: f"Larkspur Primary {n}")
    slug = factory.Sequence(lambda n: f"larkspur-{n}")
    profile = "shire"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    username = factory.LazyAttribute(lambda o: o.email)
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    password = factory.django.Password("correct-horse-battery")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    trust = factory.LazyAttribute(lambda o: o.school.trust if o.school else TrustFactory())
    role = "teacher"


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    school = factory.SubFactory(SchoolFactory)
    mis_id = factory.Sequence(lambda n: f"P{n:05d}")
    first_name = factory.Iterator(["Jack", "Amara", "Oliver", "Priya", "Finn", "Zara"])
    surname = factory.Iterator(["Quillfeather", "Bramblecott", "Thistlewood", "Marchbank"])
    date_of_birth = dt.date(2016, 3, 14)
    year_group = "Year 4"
    class_name = "4B"


class ParentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Parent

    school = factory.SubFactory(SchoolFactory)
    mis_id = factory.Sequence(lambda n: f"C{n:05d}")
    title = "Ms"
    first_name = "Robin"
    surname = factory.Sequence(lambda n: f"Parentson{n}")
    email = factory.Sequence(lambda n: f"parent{n}@example.test")


class ParentLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentLink

    parent = factory.SubFactory(ParentFactory)
    pupil = factory.SubFactory(PupilFactory)
    relationship = "Mother"


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    school = factory.SubFactory(SchoolFactory)
    mis_id = factory.Sequence(lambda n: f"S{n:04d}")
    title = "Mrs"
    first_name = "Jane"
    surname = factory.Sequence(lambda n: f"Staffer{n}")
    formal_name = factory.LazyAttribute(lambda o: f"{o.title} {o.surname}")
    email = factory.Sequence(lambda n: f"staff{n}@school.example.test")


class ImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportJob

    school = factory.SubFactory(SchoolFactory)
    kind = ImportJob.Kind.PUPILS
    filename = "pupils.csv"
    content = "MIS ID,First name,Surname,Date of birth\nP1,Amara,Bramblecott,2016-03-14\n"
