"""Reads about people: who may see an import job."""

import pytest
from django.http import Http404

from schoolgate.people.selectors import access_import_job_for
from schoolgate.people.tests.factories import ImportJobFactory


def test_an_importer_gets_their_schools_job(personas):
    job = ImportJobFactory(school=personas.school)

    assert access_import_job_for(personas.office, job.pk) == job


def test_a_trust_leader_gets_a_job_of_a_school_in_the_trust(personas):
    job = ImportJobFactory(school=personas.school)

    assert access_import_job_for(personas.ceo, job.pk) == job


@pytest.mark.parametrize("persona", ["teacher", "dsl", "governor", "parent", "outsider"])
def test_anyone_else_is_told_the_job_does_not_exist(personas, persona):
    job = ImportJobFactory(school=personas.school)

    with pytest.raises(Http404, match="No such import."):
        access_import_job_for(personas.users[persona], job.pk)


def test_a_missing_job_answers_as_a_forbidden_one(personas):
    with pytest.raises(Http404, match="No such import."):
        access_import_job_for(personas.head, 999_999)


def test_hr_gets_staff_jobs_but_not_pupil_jobs(personas):
    staff_job = ImportJobFactory(school=personas.school, kind="staff")
    pupil_job = ImportJobFactory(school=personas.school, kind="pupils")

    assert access_import_job_for(personas.hr, staff_job.pk) == staff_job
    with pytest.raises(Http404):
        access_import_job_for(personas.hr, pupil_job.pk)
