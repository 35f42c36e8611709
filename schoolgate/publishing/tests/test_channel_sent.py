"""Each channel's page of what was sent: when, its status and the platform's
id or link; searched, paginated, as CSV; and, in the demo, that nothing leaves."""

import csv
import io

from django.urls import reverse

from schoolgate.publishing import services


def _sent_url(channel, name="publishing:channel_sent"):
    return reverse(name, kwargs={"pk": channel.pk})


def _publish(make_post, personas, title, capture):
    with capture(execute=True):
        return services.post_submit(post=make_post(title=title), actor=personas.teacher)


def test_the_page_lists_what_went_to_the_channel_with_its_platform_id(
    make_post, personas, channels, sign_in, django_capture_on_commit_callbacks
):
    post = _publish(make_post, personas, "Music afternoon", django_capture_on_commit_callbacks)
    item = post.outbox.get(channel=channels["facebook"])
    page = sign_in(personas.head).get(_sent_url(channels["facebook"])).content.decode()
    assert "Music afternoon" in page
    assert item.remote_id in page and "Sent" in page
    assert "Nothing leaves Schoolgate from this channel" in page


def test_search_and_csv_export(
    make_post, personas, channels, sign_in, django_capture_on_commit_callbacks
):
    _publish(make_post, personas, "Music afternoon", django_capture_on_commit_callbacks)
    _publish(make_post, personas, "Sports day", django_capture_on_commit_callbacks)
    client = sign_in(personas.head)
    page = client.get(_sent_url(channels["facebook"]), {"q": "sports"}).content.decode()
    assert "Sports day" in page and "Music afternoon" not in page
    response = client.get(
        _sent_url(channels["facebook"], "publishing:channel_sent_export"), {"q": "sports"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Post", "Version", "What"]
    assert [r[0] for r in rows[1:]] == ["Sports day"]
    assert rows[1][5] == "Sent" and rows[1][6].startswith("local-")


def test_the_list_is_paginated(
    make_post, personas, channels, sign_in, monkeypatch, django_capture_on_commit_callbacks
):
    from schoolgate.publishing.views import ChannelSentView

    monkeypatch.setattr(ChannelSentView, "paginate_by", 2)
    for title in ("Harvest", "Nativity", "Pancakes"):
        _publish(make_post, personas, title, django_capture_on_commit_callbacks)
    client = sign_in(personas.head)
    first = client.get(_sent_url(channels["mastodon"])).content.decode()
    assert "Page 1 of 2" in first and "Pancakes" in first and "Harvest" not in first
    second = client.get(_sent_url(channels["mastodon"]), {"page": 2}).content.decode()
    assert "Harvest" in second and "Pancakes" not in second


def test_the_channel_pages_say_nothing_leaves_the_demo(personas, channels, sign_in):
    client = sign_in(personas.head)
    assert (
        "Nothing leaves Schoolgate" in client.get(reverse("publishing:channels")).content.decode()
    )
    page = client.get(reverse("publishing:channel", kwargs={"pk": channels["facebook"].pk}))
    assert "Nothing leaves Schoolgate from this channel" in page.content.decode()
