import factory

from schoolgate.people.tests.factories import SchoolFactory
from schoolgate.publishing.models import Channel


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    school = factory.SubFactory(SchoolFactory)
    kind = Channel.Kind.BLOG
    name = factory.Sequence(lambda n: f"Channel {n}")
