"""Photo pages: the composer's photo section (upload, progress, faces), a
staff preview, accounting for faces, and the public rendition."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from schoolgate.accounts.models import User
from schoolgate.core.types import SignedInRequest
from schoolgate.core.views import ActionRequiredMixin
from schoolgate.photos import selectors, services
from schoolgate.photos.forms import AddFaceForm, DescribeForm, FaceForm, UploadForm
from schoolgate.photos.models import Face, Photo
from schoolgate.publishing.checks import ALT_TEXT_RULE
from schoolgate.publishing.models import Post
from schoolgate.publishing.selectors import access_post_for, check_post, private_posts_for

#: Post states in which photos may be added or removed and faces tagged; a
#: blur is allowed at any time, since it only ever hides more.
EDITABLE = services.EDITABLE
POLL_SECONDS = 2


class PhotosOfPostView(ActionRequiredMixin, View):
    """Base: a view about one post's photos, for its author or a reviewer."""

    action = "photos.compose"
    post_obj: Post
    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.post_obj = self.target_post(self.request.user)
        return self.post_obj.school

    def target_post(self, user: User) -> Post:
        return access_post_for(user, self.kwargs["pk"])

    def section(self, request: HttpRequest, status: int = 200) -> HttpResponse:
        """Return the photo section (a fragment for htmx, else a page)."""
        post = self.post_obj
        photos = selectors.photos_of(post)
        context = {
            "post": post,
            "photos": photos,
            "pending": any(p.is_pending for p in photos),
            "done": sum(not p.is_pending for p in photos),
            "poll_seconds": POLL_SECONDS,
            "editable": post.status in EDITABLE,
            "upload_form": UploadForm(),
            "suggested": selectors.pupil_suggestions(post),
            "staff": selectors.staff_choices(post),
            "decision": check_post(post) if post.current else None,
            "photo_rules": PHOTO_RULES,
        }
        fragment = request.headers.get("HX-Request") == "true"
        template = "photos/_section.html" if fragment else "photos/post_photos.html"
        return render(request, template, context, status=status)


PHOTO_RULES = (
    "consent.photo_required",
    "consent.colleagues",
    "devices.school_devices_only",
    ALT_TEXT_RULE,
)


class PostPhotosView(PhotosOfPostView):
    """The photos of a post: progress while they are checked, then their faces."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        services.photos_resume(post=self.post_obj)  # a restarted worker lost nothing
        return self.section(request)


class ProgressView(PhotosOfPostView):
    """How far the checks have got: the bar and each photo's badge, nothing else.

    Polled while photos are checked, so the face forms of the photos already
    shown are never redrawn under the user; once every photo is checked the
    answer asks for the whole section once.
    """

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        services.photos_resume(post=self.post_obj)  # a restarted worker lost nothing
        photos = list(self.post_obj.photos.all())
        context = {
            "post": self.post_obj,
            "photos": photos,
            "pending": any(p.is_pending for p in photos),
            "done": sum(not p.is_pending for p in photos),
            "poll_seconds": POLL_SECONDS,
            "oob": True,
        }
        return render(request, "photos/_progress.html", context)


class UploadView(PhotosOfPostView):
    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        if self.post_obj.status not in EDITABLE:
            messages.error(request, "Photos are added while the post is a draft.")
            return self.section(request, status=400)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(
                request, " ".join(str(e) for e in form.errors.get("photos", ["Choose photos."]))
            )
            return self.section(request, status=400)
        made = services.photos_upload(
            post=self.post_obj, files=form.cleaned_data["photos"], actor=request.user
        )
        refused = sum(p.status == Photo.Status.REFUSED for p in made)
        note = f" {refused} refused: see the reasons below." if refused else ""
        messages.success(request, f"{len(made)} photo(s) received.{note}")
        if request.headers.get("HX-Request") == "true":
            return self.section(request)
        return redirect("photos:post", pk=self.post_obj.pk)


class BlurWithoutConsentView(PhotosOfPostView):
    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        count = services.faces_blur_without_consent(post=self.post_obj, actor=request.user)
        messages.success(request, f"{count} face(s) blurred.")
        return _back(request, self)


class OnePhotoView(PhotosOfPostView):
    photo: Photo

    def target_post(self, user: User) -> Post:
        self.photo = selectors.access_photo_for(user, self.kwargs["pk"])
        return self.photo.post


class RemoveView(OnePhotoView):
    """Take a photo out of a draft; its files are deleted from the store."""

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        try:
            services.photo_remove(photo=self.photo, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"Removed {self.photo.original_name}; its files are deleted."
            )
        return _back(request, self)


class PreviewView(OnePhotoView):
    """The staff preview: resized, no metadata, never blurred (faces are outlined)."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        if not self.photo.preview:
            raise Http404("Not checked yet.")
        response = FileResponse(self.photo.preview.open("rb"), content_type="image/jpeg")
        response["Cache-Control"] = "private, no-store"
        return response


class PublicCopyView(OnePhotoView):
    """The public copy as it will be published (faces blurred, resized, no metadata),
    for the author and reviewers before it goes out; only while it is up to date."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        if not selectors.rendition_is_current(self.photo):
            raise Http404("The public copy is being prepared.")
        response = FileResponse(self.photo.rendition.open("rb"), content_type="image/jpeg")
        response["Cache-Control"] = "private, no-store"
        return response


class DescribeView(OnePhotoView):
    """Set a photo's caption and alt text (checked like the body)."""

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = DescribeForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, " ".join(str(e) for errs in form.errors.values() for e in errs)
            )
            return _back(request, self)
        try:
            services.photo_describe(
                photo=self.photo,
                caption=form.cleaned_data["caption"],
                alt_text=form.cleaned_data["alt_text"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Saved the description of {self.photo.original_name}.")
        return _back(request, self)


class AddFaceView(OnePhotoView):
    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = AddFaceForm(request.POST)
        if self.post_obj.status not in EDITABLE:
            messages.error(request, "Faces are added while the post is a draft.")
        elif form.is_valid():
            box = tuple(form.cleaned_data[k] for k in ("x", "y", "w", "h"))
            try:
                services.face_add(photo=self.photo, box=box, actor=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, "Face added: now say who it is, or blur it.")
        else:
            messages.error(request, "Give the box as four whole numbers of pixels.")
        return _back(request, self)


class OneFaceView(PhotosOfPostView):
    face: Face

    def target_post(self, user: User) -> Post:
        self.face = selectors.access_face_for(user, self.kwargs["pk"])
        return self.face.photo.post


class FaceView(OneFaceView):
    """Account for one face: a pupil, a colleague, a visitor, or blur."""

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = FaceForm(request.POST, school=self.post_obj.school)
        if not form.is_valid():
            messages.error(
                request, " ".join(str(e) for errs in form.errors.values() for e in errs)
            )
            return _back(request, self)
        data = form.cleaned_data
        if data["accounting"] != Face.Accounting.BLUR and self.post_obj.status not in EDITABLE:
            messages.error(
                request, "Faces are tagged while the post is a draft; blur still works."
            )
            return _back(request, self)
        try:
            services.face_account(
                face=self.face,
                accounting=data["accounting"],
                pupil=data["pupil"],
                staff=data["staff"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return _back(request, self)


class PupilSearchView(OneFaceView):
    """The pupils matching a search, as choices under one face (htmx)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        query = request.GET.get("q", "").strip()[:60]
        pupils, more = selectors.pupil_matches(self.post_obj, query)
        context = {"face": self.face, "pupils": pupils, "more": more, "query": query}
        return render(request, "photos/_pupil_options.html", context)


def _back(request: HttpRequest, view: PhotosOfPostView) -> HttpResponse:
    if request.headers.get("HX-Request") == "true":
        return view.section(request)
    return redirect("photos:post", pk=view.post_obj.pk)


class PublicPhotoView(ActionRequiredMixin, View):
    """A published photo's rendition, as public as its post."""

    action = "photos.public"

    def get(self, request: HttpRequest, name: str) -> FileResponse:
        photo = selectors.public_photo(name)
        post = photo.post
        if post.audience != "public" and not (
            request.user.is_authenticated
            and private_posts_for(request.user, post.school).filter(pk=post.pk).exists()
        ):
            raise Http404("No such photo.")
        response = FileResponse(photo.rendition.open("rb"), content_type="image/jpeg")
        response["Cache-Control"] = (
            "public, max-age=3600" if post.audience == "public" else "private, max-age=600"
        )
        return response
