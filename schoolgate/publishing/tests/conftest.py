import pytest

from schoolgate.policy.models import ParameterOverride
from schoolgate.publishing import services
from schoolgate.publishing.tests.factories import ChannelFactory


@pytest.fixture
def channels(personas):
    """The test school's blog and two social accounts.

    The school copies blog posts to its Mastodon account as well as to the
    platforms shire names (`channels.cross_post`), so each test reaches both.
    """
    school = personas.school
    ParameterOverride.objects.create(
        school=school, rule="channels.cross_post", param="targets",
        value=["facebook", "x", "mastodon"], set_by=personas.head,
    )  # fmt: skip
    return {
        "blog": ChannelFactory(school=school, kind="blog", name="News"),
        "facebook": ChannelFactory(school=school, kind="facebook", name="Larkspur on Facebook"),
        "mastodon": ChannelFactory(school=school, kind="mastodon", name="Larkspur on Mastodon"),
    }


@pytest.fixture
def make_post(personas, channels):
    """Return a function that starts a post at the test school."""

    def _make(author=None, body="A lovely afternoon of music in the hall.", **kwargs):
        kwargs.setdefault("channels", list(channels.values()))
        return services.post_create(
            school=personas.school,
            title=kwargs.pop("title", "Music afternoon"),
            body=body,
            actor=author or personas.teacher,
            **kwargs,
        )

    return _make


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    """Return a function that sends a post on and runs what waits for the commit."""

    def _submit(post, actor):
        with django_capture_on_commit_callbacks(execute=True):
            return services.post_submit(post=post, actor=actor)

    return _submit
