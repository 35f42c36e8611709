from schoolgate.core.matrix import EVERYONE, SIGNED_IN, Row
from schoolgate.people.tests.factories import RoleFactory, UserFactory
from schoolgate.publishing import services
from schoolgate.publishing.models import Channel

# Staff who write news (the outsider writes for their own school).
AUTHORS = frozenset({"head", "deputy", "teacher", "office", "ceo", "exec_head", "outsider"})
LEADERS = frozenset({"head", "deputy", "ceo", "exec_head"})
# Shire: only the head manages the channels (shire "Facebook and Twitter").
MANAGERS = frozenset({"head"})


def _post(p, author=None, published=False):
    post = services.post_create(
        school=p.school, title="Matrix post", body="A concert.", actor=author or p.teacher
    )
    if published:
        services.post_submit(post=post, actor=author or p.teacher)
    return post


def _submitted(p, author=None):
    """A teacher's post waiting for approval (a draft is the author's own)."""
    from schoolgate.policy.models import ParameterOverride

    ParameterOverride.objects.get_or_create(
        school=p.school,
        rule="publishing.approval",
        param="direct_publishers",
        defaults={"value": ["head"], "set_by": p.head},
    )
    post = _post(p, author)
    services.post_submit(post=post, actor=author or p.teacher)
    return post


def _other_teacher(p):
    user = UserFactory()
    RoleFactory(user=user, school=p.school, role="teacher")
    return user


def _channel(p):
    return Channel.objects.create(school=p.school, kind="facebook", name="Matrix FB")


def _published_tagged(p):
    post = services.post_create(
        school=p.school, title="Tagged post", body="Sports.", actor=p.head, tags=["sport"]
    )
    services.post_submit(post=post, actor=p.head)
    return post


def _private(p):
    post = services.post_create(
        school=p.school, title="For 4B", body="Class news.", actor=p.head,
        audience="class", audience_value="4B",
    )  # fmt: skip
    services.post_submit(post=post, actor=p.head)
    return post


# Everyone who works at the school reads its private posts; the parent persona
# has no child in 4B, and the outsider works elsewhere.
SCHOOL_STAFF = SIGNED_IN - {"parent", "outsider"}


def _failed_item(p):
    from schoolgate.publishing.models import OutboxItem

    channel = _channel(p)
    post = services.post_create(
        school=p.school, title="Failed", body="A concert.", actor=p.teacher, channels=[channel]
    )
    post = services.post_publish(post=post, actor=p.teacher)
    item = OutboxItem.objects.get(post=post)
    OutboxItem.objects.filter(pk=item.pk).update(status="failed", attempts=8)
    return {"pk": post.pk, "item": item.pk}


def _failed_channel(p):
    from schoolgate.publishing.models import OutboxItem

    ids = _failed_item(p)
    return {"pk": ids["pk"], "channel": OutboxItem.objects.get(pk=ids["item"]).channel_id}


def _approval_link(p):
    """A link sent to the head: only the head may open it; for anyone else, 404."""
    from schoolgate.publishing.links import approval_token

    post = _submitted(p, _other_teacher(p))
    return {"token": approval_token(post=post, approver=p.head, decision="approve")}


def _own_child(p):
    """A pupil of the parent persona, shown in a published post."""
    from schoolgate.consent.tests.factories import PhotoConsentFactory
    from schoolgate.people.tests.factories import ParentFactory, ParentLinkFactory, PupilFactory

    pupil = PupilFactory(school=p.school)
    ParentLinkFactory(parent=ParentFactory(school=p.school, user=p.parent), pupil=pupil)
    for use in ("blog", "social"):
        PhotoConsentFactory(pupil=pupil, use=use)
    post = services.post_create(
        school=p.school, title="Sports", body="Races.", actor=p.head, pupils=[pupil]
    )
    services.post_submit(post=post, actor=p.head)
    return pupil, post


# The workforce of the school (governance and parents aside), and the outsider
# for their own school.
WORKFORCE = frozenset(
    {"head", "deputy", "dsl", "teacher", "office", "hr", "ict", "dpo", "ceo", "exec_head"}
) | {"outsider"}


def _press_enquiry(p):
    import datetime as dt

    from schoolgate.publishing.press import press_enquiry_record

    enquiry = press_enquiry_record(
        school=p.school, asked_by="A reporter", outlet="The Courier",
        received_on=dt.date(2026, 3, 2), question="Any comment?", actor=p.teacher,
    )  # fmt: skip
    return {"pk": enquiry.pk}


MATRIX = {
    "publishing:posts": Row(allow=AUTHORS),
    "publishing:posts_export": Row(allow=AUTHORS),
    "publishing:compose": Row(allow=AUTHORS),
    "publishing:check": Row(
        allow=AUTHORS, method="post", data={"title": "Hello", "body": "A concert."}
    ),
    "publishing:post": Row(
        allow=LEADERS | {"teacher"}, kwargs=lambda p: {"pk": _submitted(p).pk}, hide=True
    ),
    "publishing:edit": Row(
        allow=frozenset({"teacher"}), kwargs=lambda p: {"pk": _post(p).pk}, hide=True
    ),
    "publishing:submit": Row(
        allow=LEADERS | {"teacher"},
        kwargs=lambda p: {"pk": _submitted(p).pk},
        method="post",
        ok=(302,),
        hide=True,
    ),
    "publishing:approve": Row(
        allow=LEADERS,
        kwargs=lambda p: {"pk": _submitted(p, _other_teacher(p)).pk},
        method="post",
        ok=(302,),
        hide=True,
    ),
    "publishing:reject": Row(
        allow=LEADERS,
        kwargs=lambda p: {"pk": _submitted(p, _other_teacher(p)).pk},
        method="post",
        data={"reason": "Not yet"},
        ok=(302,),
        hide=True,
    ),
    "publishing:resend": Row(
        allow=LEADERS | {"teacher"}, kwargs=_failed_item, method="post", ok=(302,), hide=True
    ),
    "publishing:reshare": Row(
        allow=LEADERS | {"teacher"}, kwargs=_failed_channel, method="post", ok=(302,), hide=True
    ),
    # Shire: the head of school takes a published post down (the profile's approvers).
    "publishing:take_down": Row(
        allow=frozenset({"head"}), kwargs=lambda p: {"pk": _post(p, p.head, True).pk}, hide=True
    ),
    # Correcting a published post's face tags: its author or an approver (here both the head).
    "publishing:face_tags": Row(
        allow=frozenset({"head"}), kwargs=lambda p: {"pk": _post(p, p.head, True).pk}, hide=True
    ),
    "publishing:approval_link": Row(allow=frozenset({"head"}), kwargs=_approval_link, hide=True),
    "publishing:takedowns": Row(allow=LEADERS | {"outsider"}),
    "publishing:my_children": Row(allow=frozenset({"parent"})),
    "publishing:child_withdraw": Row(
        allow=frozenset({"parent"}),
        kwargs=lambda p: {"pk": _own_child(p)[0].pk},
        method="post",
        data={"uses": ["blog"]},
        ok=(302,),
        hide=True,
    ),
    "publishing:child_withdraw_item": Row(
        allow=frozenset({"parent"}),
        kwargs=lambda p: dict(zip(("pk", "post"), (o.pk for o in _own_child(p)), strict=True)),
        method="post",
        ok=(302,),
        hide=True,
    ),
    "publishing:blog_accounts": Row(allow=MANAGERS | {"outsider"}),
    # Press enquiries: any of the workforce records one; the profile's roles
    # (shire: the head) keep the register (C3.8).
    "publishing:press_new": Row(allow=WORKFORCE),
    "publishing:press": Row(allow=MANAGERS | {"outsider"}),
    "publishing:press_enquiry": Row(allow=MANAGERS, kwargs=_press_enquiry, hide=True),
    "publishing:channels": Row(allow=MANAGERS | {"outsider"}),
    "publishing:channel": Row(allow=MANAGERS, kwargs=lambda p: {"pk": _channel(p).pk}, hide=True),
    "publishing:channel_sent": Row(
        allow=MANAGERS, kwargs=lambda p: {"pk": _channel(p).pk}, hide=True
    ),
    "publishing:channel_sent_export": Row(
        allow=MANAGERS, kwargs=lambda p: {"pk": _channel(p).pk}, hide=True
    ),
    "publishing:pause": Row(allow=LEADERS | {"outsider"}),
    "blog:index": Row(allow=EVERYONE, kwargs=lambda p: {"school": p.school.slug}),
    "blog:tag": Row(
        allow=EVERYONE,
        kwargs=lambda p: {"school": p.school.slug, "tag": _published_tagged(p).tags.get().slug},
    ),
    "blog:post": Row(
        allow=EVERYONE,
        kwargs=lambda p: {"school": p.school.slug, "slug": _post(p, p.head, True).slug},
    ),
    "blog:private_index": Row(allow=SIGNED_IN, kwargs=lambda p: {"school": p.school.slug}),
    "blog:private_post": Row(
        allow=SCHOOL_STAFF,
        kwargs=lambda p: {"school": p.school.slug, "slug": _private(p).slug},
        hide=True,
    ),
    "blog:rss": Row(allow=EVERYONE, kwargs=lambda p: {"school": p.school.slug}),
    "blog:atom": Row(allow=EVERYONE, kwargs=lambda p: {"school": p.school.slug}),
    "blog:sitemap": Row(allow=EVERYONE, kwargs=lambda p: {"school": p.school.slug}),
}
