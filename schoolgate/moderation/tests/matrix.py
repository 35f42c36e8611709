"""Permission-matrix rows for the moderation pages.

The test school works under shire: the roles it names (head, deputy, teacher,
support) and any other member of staff with a blog account may approve an
ordinary comment, and the head alone decides escalated ones; staff in other
roles without an account (the DSL, office, HR, ICT, the DPO, trust leaders)
do not moderate (shire "Primary Blogger").
Governors, trustees and parents do not moderate. The outsider (a head at
another school) opens the school-level pages for their own school and
finds nothing of this school's comments.
"""

from schoolgate.core.matrix import EVERYONE, Row
from schoolgate.moderation.notifications import one_click_token
from schoolgate.moderation.tests.factories import held_comment, published_post

MODERATORS = frozenset({"head", "deputy", "teacher"})
HEAD = frozenset({"head"})


def _pk(p):  # type: ignore[no-untyped-def]
    return {"pk": held_comment(p.school, p.head).pk}


def _escalated(p):  # type: ignore[no-untyped-def]
    return {"pk": held_comment(p.school, p.head, status="escalated").pk}


def _token(p):  # type: ignore[no-untyped-def]
    comment = held_comment(p.school, p.head)
    return {"token": one_click_token(comment, p.head, "approve")}


def _post(p):  # type: ignore[no-untyped-def]
    post = published_post(p.school, p.head)
    return {"school": p.school.slug, "slug": post.slug}


MATRIX = {
    "moderation:queue": Row(allow=MODERATORS | {"outsider"}),
    "moderation:stats": Row(allow=MODERATORS | {"outsider"}),
    # shire collects no praise (moderation.praise off); the outsider's brize school does.
    "moderation:praise": Row(allow=frozenset({"outsider"})),
    "moderation:bulk": Row(allow=MODERATORS | {"outsider"}, method="post", ok=(302,)),
    "moderation:comment": Row(allow=MODERATORS, kwargs=_pk, hide=True),
    "moderation:act": Row(
        allow=MODERATORS,
        kwargs=_pk,
        method="post",
        data={"verdict": "claim"},
        ok=(302,),
        hide=True,
    ),
    "moderation:note": Row(
        allow=MODERATORS,
        kwargs=_pk,
        method="post",
        data={"text": "Checked with the class teacher."},
        ok=(302,),
        hide=True,
    ),
    "moderation:delete": Row(allow=HEAD, kwargs=_escalated, hide=True),
    "moderation:contact": Row(allow=HEAD, kwargs=_escalated, hide=True),
    "moderation:meeting": Row(allow=HEAD, kwargs=_escalated, hide=True),
    "moderation:report": Row(allow=HEAD, kwargs=_escalated, hide=True),
    "moderation:block": Row(allow=HEAD, kwargs=_escalated, hide=True),
    "moderation:outcome": Row(allow=HEAD, kwargs=_escalated, hide=True),
    "moderation:one_click": Row(allow=HEAD, kwargs=_token, hide=True),
    "moderation:comment_form": Row(allow=EVERYONE, kwargs=_post),
}
