"""The school's roster for the checks: built once, rebuilt after any change."""

from schoolgate.people.models import Pupil
from schoolgate.people.tests.factories import ParentFactory, PupilFactory, StaffFactory
from schoolgate.publishing.selectors import roster_for


def test_the_roster_holds_pupils_staff_and_parents_and_is_reused(personas):
    school = personas.school
    PupilFactory(school=school, first_name="Jack", surname="Quillfeather")
    StaffFactory(school=school, first_name="Jane", surname="Staffer1")
    ParentFactory(school=school, first_name="Robin", surname="Parentson1")
    first = roster_for(school)
    assert {p.role for p in first.people.values()} == {"pupil", "staff", "parent"}
    assert roster_for(school) is first


def test_the_roster_is_rebuilt_after_a_bulk_rename_that_sends_no_signals(personas):
    school = personas.school
    pupil = PupilFactory(school=school, first_name="Jack", surname="Quillfeather")
    before = roster_for(school)
    Pupil.objects.filter(pk=pupil.pk).update(surname="Thistlewood")
    Pupil.objects.filter(pk=pupil.pk).update(updated_at=pupil.updated_at.replace(year=2030))
    after = roster_for(school)
    assert after is not before
    assert after.matcher.find("Thistlewood")[0].kind == "surname"


def test_the_roster_is_rebuilt_when_a_pupil_joins(personas):
    school = personas.school
    before = roster_for(school)
    PupilFactory(school=school, first_name="Finn", surname="Marchbank")
    assert roster_for(school) is not before


def test_building_the_roster_for_a_check_takes_a_bounded_number_of_queries(
    personas, django_assert_max_num_queries
):
    school = personas.school
    PupilFactory.create_batch(30, school=school)
    with django_assert_max_num_queries(6):
        roster_for(school)
    with django_assert_max_num_queries(3):
        roster_for(school)
