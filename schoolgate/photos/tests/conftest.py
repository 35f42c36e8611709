import pytest

from schoolgate.publishing import services as publishing
from schoolgate.publishing.tests.factories import ChannelFactory


@pytest.fixture(autouse=True)
def photo_store(settings, tmp_path):
    """Each test keeps its photos in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def channels(personas):
    school = personas.school
    return {
        "blog": ChannelFactory(school=school, kind="blog", name="News"),
        "facebook": ChannelFactory(school=school, kind="facebook", name="Larkspur on Facebook"),
    }


@pytest.fixture
def post(personas, channels):
    """A teacher's draft for the blog only."""
    return publishing.post_create(
        school=personas.school,
        title="Trip to the farm",
        body="Class 4B visited the farm.",
        actor=personas.teacher,
        channels=[channels["blog"]],
    )


@pytest.fixture
def uploaded(post, personas, django_capture_on_commit_callbacks):
    """Return a function that uploads files to the post and runs the analysis."""
    from schoolgate.photos.services import photos_upload

    def _upload(*files, target=None, actor=None):
        with django_capture_on_commit_callbacks(execute=True):
            return photos_upload(
                post=target or post, files=list(files), actor=actor or personas.teacher
            )

    return _upload
