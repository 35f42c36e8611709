import io

from django.core.files.base import ContentFile
from PIL import Image

from schoolgate.core.matrix import EVERYONE, Row
from schoolgate.photos.models import Face, Photo
from schoolgate.publishing import services

# A post's photos are for its author and, once it is sent on, the school's
# reviewers; these rows use the teacher's draft, which the shire profile keeps
# the author's own (publishing.access_post_for).
POST_PEOPLE = frozenset({"teacher"})


def _jpeg() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (90, 120, 150)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue())


def _photo(p, *, published=False):
    author = p.head if published else p.teacher
    post = services.post_create(school=p.school, title="Photo post", body="Farm.", actor=author)
    if published:
        services.post_submit(post=post, actor=author)
    photo = Photo(
        school=p.school, post=post, uploader=author, original_name="farm.jpg",
        status="ready", width=40, height=30, device="registered",
    )  # fmt: skip
    photo.preview.save("matrix.jpg", _jpeg(), save=False)
    photo.rendition.save("matrix.jpg", _jpeg(), save=False)
    photo.save()
    Face.objects.create(photo=photo, x=5, y=5, w=10, h=10, score=0.9)
    return photo


def _post_kwargs(p):
    return {"pk": _photo(p).post_id}


def _public(p):
    return {"name": _photo(p, published=True).rendition.name.removeprefix("public/")}


MATRIX = {
    "photos:post": Row(allow=POST_PEOPLE, kwargs=_post_kwargs, hide=True),
    "photos:upload": Row(
        allow=POST_PEOPLE, kwargs=_post_kwargs, method="post", ok=(400,), hide=True
    ),
    "photos:blur_without_consent": Row(
        allow=POST_PEOPLE, kwargs=_post_kwargs, method="post", ok=(302,), hide=True
    ),
    "photos:progress": Row(allow=POST_PEOPLE, kwargs=_post_kwargs, hide=True),
    "photos:preview": Row(allow=POST_PEOPLE, kwargs=lambda p: {"pk": _photo(p).pk}, hide=True),
    "photos:public_copy": Row(allow=POST_PEOPLE, kwargs=lambda p: {"pk": _photo(p).pk}, hide=True),
    "photos:remove": Row(
        allow=POST_PEOPLE,
        kwargs=lambda p: {"pk": _photo(p).pk},
        method="post",
        ok=(302,),
        hide=True,
    ),
    "photos:describe": Row(
        allow=POST_PEOPLE,
        kwargs=lambda p: {"pk": _photo(p).pk},
        method="post",
        data={"alt_text": "Children feeding lambs", "caption": "Lambing time"},
        ok=(302,),
        hide=True,
    ),
    "photos:pupil_search": Row(
        allow=POST_PEOPLE,
        kwargs=lambda p: {"pk": _photo(p).faces.get().pk},
        data={"q": "a"},
        hide=True,
    ),
    "photos:add_face": Row(
        allow=POST_PEOPLE,
        kwargs=lambda p: {"pk": _photo(p).pk},
        method="post",
        data={"x": 1, "y": 1, "w": 8, "h": 8},
        ok=(302,),
        hide=True,
    ),
    "photos:face": Row(
        allow=POST_PEOPLE,
        kwargs=lambda p: {"pk": _photo(p).faces.get().pk},
        method="post",
        data={"accounting": "visitor"},
        ok=(302,),
        hide=True,
    ),
    "photos:public": Row(allow=EVERYONE, kwargs=_public),
}
