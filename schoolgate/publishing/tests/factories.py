from typing import Any

import factory
from django.urls import reverse

from schoolgate.people.tests.factories import SchoolFactory
from schoolgate.policy.models import ParameterOverride
from schoolgate.publishing.models import Channel, Post


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    school = factory.SubFactory(SchoolFactory)
    kind = Channel.Kind.BLOG
    name = factory.Sequence(lambda n: f"Channel {n}")


def override_approval(personas: Any, param: str, value: Any) -> None:
    """Set a parameter of the school's `publishing.approval` rule, as the head."""
    ParameterOverride.objects.create(
        school=personas.school, rule="publishing.approval", param=param, value=value,
        set_by=personas.head,
    )  # fmt: skip


def post_page(client: Any, post: Post) -> str:
    """Return the post's page as the client's user sees it."""
    return str(client.get(reverse("publishing:post", kwargs={"pk": post.pk})).content.decode())
