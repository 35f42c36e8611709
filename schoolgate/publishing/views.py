"""Staff pages of publishing: channels, the composer with its live check panel,
a post's page with approval and each channel's status, the review queue and
the pause switch."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signing import BadSignature, SignatureExpired
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.views import View
from django.views.generic import ListView

from schoolgate.audit.services import audit_log
from schoolgate.core.exceptions import ActionDenied
from schoolgate.core.exports import csv_response
from schoolgate.core.permissions import can
from schoolgate.core.types import SchoolRequest, SignedInRequest, current_school
from schoolgate.core.views import ActionRequiredMixin
from schoolgate.publishing import policy, selectors, services, takedowns
from schoolgate.publishing.attachments import post_photos
from schoolgate.publishing.connectors import sends_live
from schoolgate.publishing.corrections import (
    correction_plan,
    face_retag,
    may_correct,
    tagged_faces,
)
from schoolgate.publishing.forms import (
    ApproveForm,
    ChannelForm,
    CredentialsForm,
    PauseForm,
    PostFilterForm,
    PostForm,
    RejectForm,
    RetagForm,
    SentFilterForm,
    TakeDownForm,
)
from schoolgate.publishing.links import read_approval_token
from schoolgate.publishing.models import Audience, Correction, OutboxItem, Post
from schoolgate.publishing.outbox import outbox_resend
from schoolgate.web.toolbar import link

if TYPE_CHECKING:
    from schoolgate.accounts.models import User


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


# ---------------------------------------------------------------------------
# Channels
# ---------------------------------------------------------------------------


class ChannelListView(ActionRequiredMixin, View):
    action = "publishing.manage_channels"

    def get(self, request: SchoolRequest) -> HttpResponse:
        return self._page(request, self._form(request))

    def _form(self, request: SchoolRequest, data: Any = None) -> ChannelForm:
        return ChannelForm(data, platforms=policy.channel_platforms(current_school(request)))

    def post(self, request: SignedInRequest) -> HttpResponse:
        school = current_school(request)
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                services.channel_create(school=school, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            except ActionDenied as denied:
                form.add_error(None, str(denied))
            else:
                messages.success(request, "Channel added.")
                return redirect("publishing:channels")
        return self._page(request, form, status=400)

    def _page(self, request: SchoolRequest, form: ChannelForm, status: int = 200) -> HttpResponse:
        school = current_school(request)
        channels = list(selectors.channels_of(school))
        monitored = policy.monitored_platforms(school)
        context = {
            "channels": channels,
            "unnamed": [
                c for c in channels if c.is_social and c.is_active and c.kind not in monitored
            ],
            "monitored_source": policy.source(school, policy.EXTERNAL_COMMENTS),
            "label": policy.professional_label(school),
            "notice": policy.one_way_notice(school),
            "managers_source": policy.source(school, "channels.managers"),
            "form": form,
            "local_only": not any(sends_live(c) for c in channels),
        }
        return render(request, "publishing/channels.html", context, status=status)


class ChannelView(ActionRequiredMixin, View):
    action = "publishing.manage_channels"

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.channel = selectors.access_channel_for(self.request.user, self.kwargs["pk"])
        return self.channel

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._page(request, CredentialsForm())

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = CredentialsForm(request.POST)
        if form.is_valid() and form.credentials():
            services.channel_set_credentials(
                channel=self.channel, credentials=form.credentials(), actor=request.user
            )
            messages.success(request, "Credentials stored.")
            return redirect("publishing:channel", pk=self.channel.pk)
        form.add_error(None, "Enter the new credentials.")
        return self._page(request, form, status=400)

    def _page(
        self, request: HttpRequest, form: CredentialsForm, status: int = 200
    ) -> HttpResponse:
        context = {"channel": self.channel, "form": form, "live": sends_live(self.channel)}
        return render(request, "publishing/channel.html", context, status=status)


class ChannelSentView(ChannelView):
    """What was sent to one channel: each delivery, edit and withdrawal, when, its
    status and the platform's id or link; searched, paginated, and as CSV."""

    paginate_by = 50

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from django.core.paginator import Paginator

        form, items = self._items(request)
        page = Paginator(items, self.paginate_by).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "channel": self.channel,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "live": sends_live(self.channel),
        }
        return render(request, "publishing/channel_sent.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        raise Http404("Nothing to send here.")

    def _items(self, request: HttpRequest) -> tuple[SentFilterForm, QuerySet[OutboxItem]]:
        form = SentFilterForm(request.GET)
        items = selectors.channel_sent(
            self.channel, q=form.value("q"), status=form.value("status")
        )
        return form, items


SENT_COLUMNS = ["Post", "Version", "What", "Queued", "Sent", "Status", "Platform id", "Link"]


class ChannelSentExportView(ChannelSentView):
    """What was sent to one channel as CSV, with the page's search applied."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        form, items = self._items(request)
        rows = [_sent_row(item) for item in items]
        audit_log(
            event="publishing.channel_sent_exported",
            actor=request.user,
            subject=self.channel,
            school=self.channel.school,
            label=str(self.channel),
            extra={"rows": len(rows), "filters": cast(QueryDict, form.data).dict()},
        )
        name = f"{self.channel.school.slug}-channel-{self.channel.pk}-sent.csv"
        return csv_response(name, SENT_COLUMNS, rows)


def _sent_row(item: OutboxItem) -> list[Any]:
    def when(moment: Any) -> str:
        return localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""

    return [
        item.version.title,
        item.version.number,
        item.get_kind_display(),
        when(item.created_at),
        when(item.sent_at),
        item.get_status_display(),
        item.remote_id,
        item.remote_url,
    ]


# ---------------------------------------------------------------------------
# Posts
# ---------------------------------------------------------------------------


class PostListView(ActionRequiredMixin, ListView):  # type: ignore[type-arg]
    """The posts a user sees, searched, filtered and paginated, with the review queue."""

    action = "publishing.compose"
    template_name = "publishing/posts.html"
    paginate_by = 50
    request: SignedInRequest  # the guard let only a signed-in user through

    def get_queryset(self) -> QuerySet[Post]:
        user, school = self.request.user, current_school(self.request)
        self.form = form = PostFilterForm(
            self.request.GET, authors=selectors.post_authors(user, school)
        )
        return selectors.posts_for(
            user,
            school,
            q=form.value("q"),
            status=form.value("status"),
            author=form.value("author") or None,
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user, school = self.request.user, current_school(self.request)
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(**kwargs) | {
            "form": self.form,
            "query": query.urlencode(),
            "filtered": any(v for k, v in self.request.GET.items() if k != "page"),
            "filters_described": self.form.described(),
            # The posts the user sees, as the list shows them.
            "toolbar_links": [
                link("Download as CSV", "publishing:posts_export", query.urlencode())
            ],
            "queue": selectors.review_queue(user, school),
            "pause": selectors.open_pause(school),
            "broken": [c for c in selectors.channels_of(school) if c.status == "broken"],
        }


POST_COLUMNS = ["Title", "Author", "Status", "Audience", "Changed", "Published"]


class PostExportView(ActionRequiredMixin, View):
    """Download the news list as CSV: every page, search and filters applied."""

    action = "publishing.compose"

    def get(self, request: SchoolRequest) -> HttpResponse:
        lister = PostListView(request=request, kwargs={})
        rows = [_post_row(post) for post in lister.get_queryset()]
        audit_log(
            event="publishing.posts_exported",
            actor=request.user,
            school=request.school,
            label="news posts as CSV",
            extra={"rows": len(rows), "filters": cast(QueryDict, lister.form.data).dict()},
        )
        slug = current_school(request).slug
        return csv_response(f"{slug}-news-posts.csv", POST_COLUMNS, rows)


def _post_row(post: Post) -> list[Any]:
    audience = post.get_audience_display()
    if post.audience_value:
        audience = f"{audience}: {post.audience_value}"
    published = localtime(post.published_at).date() if post.published_at else ""
    changed = localtime(post.updated_at).strftime("%Y-%m-%d %H:%M")
    return [post.title, post.author, post_state(post), audience, changed, published]


def post_state(post: Post) -> str:
    """Return the post's status as the lists say it: with its time when scheduled,
    and a correction in hand."""
    state = post.get_status_display()
    if post.status == Post.Status.APPROVED and post.publish_at:
        state = f"Scheduled for {localtime(post.publish_at):%Y-%m-%d %H:%M}"
        if post.schedule_held:
            state += " (held back)"
    if post.status == Post.Status.PUBLISHED and post.correction:
        state += f"; {post.get_correction_display().lower()}"
    return state


def _content(form: PostForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "body": data["body"],
        "channels": list(data["channels"]),
        "pupils": list(data["pupils"]),
        "tags": form.tag_names(),
        "audience": data["audience"],
        "audience_value": data.get("audience_value", ""),
        "public_reason": data.get("public_reason", ""),
        "speaks_for_school": bool(data.get("speaks_for_school")),
    }


class ComposeView(ActionRequiredMixin, View):
    """Start a post, or (with a pk) edit one as its author."""

    action = "publishing.compose"
    post_obj: Post | None = None
    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        if "pk" in self.kwargs:
            self.post_obj = selectors.access_post_for(self.request.user, self.kwargs["pk"])
            if self.post_obj.author_id != self.request.user.pk:
                raise Http404("No such post.")  # only the author edits; as for a stranger
            return self.post_obj
        return getattr(self.request, "school", None)

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        return self._page(request, self._form())

    def _form(self, data: Any = None) -> PostForm:
        """Return the composer; for a correction, where it goes and whom it tags stay fixed."""
        form = PostForm(data, initial=self._initial(), school=self._school())
        if self._correcting():
            for name in FIXED_IN_A_CORRECTION:
                if name in form.fields:
                    form.fields[name].disabled = True
        return form

    def _correcting(self) -> bool:
        return self.post_obj is not None and self.post_obj.status == Post.Status.PUBLISHED

    def _initial(self) -> dict[str, Any]:
        school = current_school(self.request)
        initial: dict[str, Any] = {}
        if self.post_obj and self.post_obj.current:
            post, version = self.post_obj, self.post_obj.current
            initial = {
                "title": version.title,
                "body": version.body,
                "channels": list(post.channels.all()),
                "pupils": list(post.pupils.all()),
                "tags": ", ".join(post.tags.values_list("name", flat=True)),
                "audience": post.audience,
                "audience_value": post.audience_value,
                "public_reason": post.public_reason,
                "speaks_for_school": post.speaks_for_school,
            }
        else:
            initial["channels"] = [c for c in selectors.channels_of(school) if c.is_active]
        return initial

    def post(self, request: SignedInRequest, pk: int | None = None) -> HttpResponse:
        form = self._form(request.POST)
        if not form.is_valid():
            return self._page(request, form, status=400)
        content = _content(form)
        try:
            if self.post_obj:
                services.post_edit(post=self.post_obj, actor=request.user, **content)
                post = self.post_obj
            else:
                post = services.post_create(school=self._school(), actor=request.user, **content)
        except ValidationError as error:
            form.add_error(None, _errors(error))
            return self._page(request, form, status=400)
        if self._correcting():
            messages.success(
                request,
                "Correction saved. The published version stays public until it is sent on.",
            )
        if self.post_obj:
            return redirect("publishing:post", pk=post.pk)
        # A new draft has no photos yet: land where they are added.
        messages.success(request, "Draft saved. Add its photos below, then send it on.")
        return redirect(reverse("publishing:edit", kwargs={"pk": post.pk}) + "#photos")

    def _school(self) -> Any:
        return self.post_obj.school if self.post_obj else self.request.school

    def _page(self, request: HttpRequest, form: PostForm, status: int = 200) -> HttpResponse:
        correcting = self._correcting()
        context = {
            "form": form,
            "post": self.post_obj,
            "correcting": correcting,
            "plan": correction_plan(self.post_obj) if correcting else [],  # type: ignore[arg-type]
        }
        return render(request, "publishing/compose.html", context, status=status)


# A correction changes the words; where the post goes and whom it tags stay
# as published (a face tag is corrected on its own page).
FIXED_IN_A_CORRECTION = ("channels", "pupils", "tags", "audience", "audience_value")


class CheckPanelView(ActionRequiredMixin, View):
    """The live check panel: the draft as typed, in; the policy's findings, out."""

    action = "publishing.compose"

    def post(self, request: SignedInRequest) -> HttpResponse:
        school = current_school(request)
        form = PostForm(request.POST, school=school)
        form.is_valid()  # a half-typed draft is still checked
        data = form.cleaned_data
        decision = selectors.check_content(
            school=school,
            author=request.user,
            title=data.get("title", request.POST.get("title", "")),
            body=data.get("body", request.POST.get("body", "")),
            channels=list(data.get("channels") or []),
            pupils=list(data.get("pupils") or []),
            post=self._saved_post(request),
            framing=selectors.Framing(
                data.get("audience") or Audience.PUBLIC,
                data.get("public_reason", ""),
                bool(data.get("speaks_for_school")),
            ),
        )
        return render(request, "publishing/_check_panel.html", {"decision": decision})

    def _saved_post(self, request: SignedInRequest) -> Post | None:
        """Return the saved post the draft belongs to (its photos are checked too)."""
        pk = request.POST.get("post", "")
        if not pk.isdigit():
            return None
        post = selectors.access_post_for(request.user, int(pk))
        return post if post.school_id == current_school(request).pk else None


class OnePostView(ActionRequiredMixin, View):
    """A page about one post the user may see, checked against the post's school."""

    post_obj: Post

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.post_obj = selectors.access_post_for(self.request.user, self.kwargs["pk"])
        return self.post_obj.school


class PostView(OnePostView):
    """A post's page: its current version, findings, approvals and each channel's status."""

    action = "publishing.compose"

    def get(self, request: SignedInRequest, pk: int) -> HttpResponse:
        post, user = self.post_obj, request.user
        is_author = post.author_id == user.pk
        correcting = services.is_correction(post)
        waiting = post.status == Post.Status.SUBMITTED or (
            correcting and post.correction == Correction.SUBMITTED
        )
        context = {
            "post": post,
            "version": post.current,
            "correcting": correcting,
            "plan": correction_plan(post) if correcting else [],
            "may_edit": is_author and _may_edit(post),
            "may_correct_tags": post.status == Post.Status.PUBLISHED and may_correct(user, post),
            "approve_form": ApproveForm(),
            "public_copies": _public_copies(post),
            "decision": _decision_for(post, is_author),
            "approval_hash": services.approval_hash(post),
            "outbox": selectors.outbox_of(post),
            "photo_limits": selectors.photo_limits(post),
            "approvals": post.approvals.select_related("decided_by", "version"),
            "may_approve": selectors.approval_refusal(user, post) is None and waiting,
            "is_author": is_author,
            "reject_form": RejectForm(),
            "reshare": selectors.reshareable_channels(post),
            "channels": list(post.channels.all()),
            "photos": selectors.photos_for_review(post),
            "send_on": selectors.send_on_outcome(user, post) if is_author else None,
            "may_take_down": post.status == Post.Status.PUBLISHED and may_correct(user, post),
        }
        return render(request, "publishing/post.html", context)


def _may_edit(post: Post) -> bool:
    """Return whether the author may edit the post now: a draft, or a published post
    (a correction) unless its correction is waiting for approval."""
    if post.status == Post.Status.PUBLISHED:
        return post.correction != Correction.SUBMITTED
    return post.status not in (Post.Status.SUBMITTED, Post.Status.APPROVED)


def _public_copies(post: Post) -> list[Any]:
    return post_photos().public_copies(post)


def _decision_for(post: Post, is_author: bool) -> Any:
    """Return the checks' decision as shown to this reader of the post's page.

    The note that the author's posts need approval speaks to the author; a
    reviewer sees the approval section instead.
    """
    if post.current is None:
        return None
    decision = selectors.check_post(post)
    if is_author:
        return decision
    shown = tuple(f for f in decision.findings if f.severity != "approval")
    return replace(decision, findings=shown)


class PostActionView(OnePostView):
    """Submit, approve or reject a post (POST only)."""

    action = "publishing.compose"
    verb = ""

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        post, user = self.post_obj, request.user
        if self.verb == "submit" and not request.POST.get("confirmed"):
            outcome = selectors.send_on_outcome(user, post)
            if outcome is not None and outcome.publishes:
                return _confirm_publish(request, post, outcome)
        try:
            if self.verb == "submit":
                post = services.post_submit(post=post, actor=user)
                if post.correction == Correction.SUBMITTED:
                    done = (
                        "Correction sent for approval; the published version stays up meanwhile."
                    )
                else:
                    published = post.status == Post.Status.PUBLISHED
                    done = "Published." if published else "Sent for approval."
            elif self.verb == "approve":
                form = ApproveForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(
                        " ".join(
                            str(e) for e in form.errors.get("publish_at", ["Check the time."])
                        )
                    )
                when = form.cleaned_data["publish_at"]
                post = services.post_approve(
                    post=post,
                    content_hash=request.POST.get("content_hash", ""),
                    actor=user,
                    publish_at=when,
                )
                done = (
                    f"Approved: it goes out at {localtime(when):%-d %b %Y %H:%M}."
                    if post.status == Post.Status.APPROVED and post.publish_at
                    else "Approved and published."
                )
            else:
                reject = RejectForm(request.POST)
                services.post_reject(
                    post=post,
                    reason=reject.data.get("reason", ""),
                    actor=user,
                )
                done = "Sent back to the author."
        except ValidationError as error:
            messages.error(request, _refusal(error, post, user))
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
        return redirect("publishing:post", pk=post.pk)


def _confirm_publish(request: HttpRequest, post: Post, outcome: Any) -> HttpResponse:
    """Ask the author to confirm before the post goes out in public at once."""
    context = {"post": post, "outcome": outcome}
    return render(request, "publishing/confirm_publish.html", context)


def _refusal(error: ValidationError, post: Post, user: User) -> str:
    """Return why the post did not go on, with the way to fix it for its author."""
    text = _errors(error)
    if post.author_id != user.pk or post.status == Post.Status.PUBLISHED:
        return text
    edit = reverse("publishing:edit", kwargs={"pk": post.pk})
    return format_html('{} <a href="{}">Edit the post to fix this</a>.', text, edit)


class TakeDownView(OnePostView):
    """Take a published post down by hand: a reason, a confirmation, then off
    the blog and every channel (listed on the takedowns page)."""

    request: SignedInRequest  # the guard let only a signed-in user through

    # Its author (who may compose) or those who take posts down; see may_correct.
    action = "publishing.compose"

    def permission_target(self) -> Any:
        school = super().permission_target()
        if school is not None and not may_correct(self.request.user, self.post_obj):
            raise Http404("No such post.")  # as for a post the user cannot see
        return school

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._page(request, TakeDownForm())

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = TakeDownForm(request.POST)
        if not form.is_valid():
            return self._page(request, form, status=400)
        try:
            takedowns.post_take_down(
                post=self.post_obj, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
            return self._page(request, form, status=400)
        messages.success(request, "Taken off the blog; each channel's copy is being withdrawn.")
        if self._from_dashboard:  # the head's "what went out" panel: back to it
            return redirect("web:dashboard")
        return redirect("publishing:post", pk=self.post_obj.pk)

    @property
    def _from_dashboard(self) -> bool:
        return self.request.GET.get("from") == "dashboard"

    def _page(self, request: HttpRequest, form: TakeDownForm, status: int = 200) -> HttpResponse:
        post = self.post_obj
        context = {
            "post": post,
            "form": form,
            "outbox": selectors.outbox_of(post),
            "from_dashboard": self._from_dashboard,
        }
        return render(request, "publishing/take_down.html", context, status=status)


class FaceTagsView(OnePostView):
    """Correct who a face is in a published post's photos (the wrong one of two
    pupils with the same name); consent is asked again for the pupil now tagged."""

    request: SignedInRequest  # the guard let only a signed-in user through

    # Its author or an approver (may_correct); the post must be published.
    action = "publishing.compose"

    def permission_target(self) -> Any:
        school = super().permission_target()
        if school is not None and not may_correct(self.request.user, self.post_obj):
            raise Http404("No such post.")
        return school

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._page(request)

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        faces = {face.pk: face for face in tagged_faces(self.post_obj)}
        form = RetagForm(request.POST, school=self.post_obj.school)
        face = (
            faces.get(int(request.POST.get("face") or 0))
            if request.POST.get("face", "").isdigit()
            else None
        )
        if face is None:
            raise Http404("No such face.")
        if not form.is_valid():
            return self._page(request, errors={face.pk: form}, status=400)
        try:
            takedown = face_retag(face=face, pupil=form.cleaned_data["pupil"], actor=request.user)
        except ValidationError as error:
            form.add_error(None, _errors(error))
            return self._page(request, errors={face.pk: form}, status=400)
        pupil = form.cleaned_data["pupil"]
        if takedown is None:
            messages.success(request, f"Tag corrected: the face is now {pupil}.")
        else:
            uses = " and ".join(
                {"blog": "the blog", "social": "social media"}[u] for u in takedown.uses
            )
            messages.warning(
                request,
                f"Tag corrected to {pupil}, who has no consent for {uses}: their face is "
                "blurred and the post is withdrawn where consent is missing.",
            )
        return redirect("publishing:face_tags", pk=self.post_obj.pk)

    def _page(
        self, request: HttpRequest, errors: dict[int, RetagForm] | None = None, status: int = 200
    ) -> HttpResponse:
        post = self.post_obj
        if post.status != Post.Status.PUBLISHED:
            rows = []
        else:
            rows = [
                (
                    face,
                    (errors or {}).get(face.pk)
                    or RetagForm(initial={"face": face.pk}, school=post.school),
                )
                for face in tagged_faces(post)
            ]
        context = {"post": post, "rows": rows}
        return render(request, "publishing/face_tags.html", context, status=status)


class ResendView(OnePostView):
    """Send a post that failed to reach a channel again, on demand."""

    action = "publishing.compose"

    def post(self, request: SignedInRequest, pk: int, item: int) -> HttpResponse:
        found = self.post_obj.outbox.filter(pk=item).first()
        if found is None:
            raise Http404("No such delivery.")
        try:
            outbox_resend(item=found, actor=request.user)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, f"Sending to {found.channel} again.")
        return redirect("publishing:post", pk=self.post_obj.pk)


class ReshareView(OnePostView):
    """Send a published post to one of its channels again."""

    action = "publishing.compose"

    def post(self, request: SignedInRequest, pk: int, channel: int) -> HttpResponse:
        found = self.post_obj.channels.filter(pk=channel).first()
        if found is None:
            raise Http404("No such channel.")
        try:
            item = services.post_reshare(post=self.post_obj, channel=found, actor=request.user)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            if item.status == OutboxItem.Status.SENT:
                messages.info(request, f"Already on {found}.")
            else:
                messages.success(request, f"Re-sharing to {found}.")
        return redirect("publishing:post", pk=self.post_obj.pk)


class ApprovalLinkView(ActionRequiredMixin, View):
    """The page a one-click link from the approval email opens: confirm, then act.

    The link is signed, expires, names one approver and one exact version;
    the approver still signs in and still needs the permission. A link for
    someone else, or a forged one, is the same 404 as a missing post.
    """

    action = "publishing.review"
    link: Any = None
    post_obj: Post | None = None

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        try:
            self.link = read_approval_token(self.kwargs["token"])
        except SignatureExpired:
            return getattr(self.request, "school", None)  # the page says it expired
        except BadSignature:
            raise Http404("No such post.") from None
        if self.link.user_id != self.request.user.pk:
            raise Http404("No such post.")
        self.post_obj = selectors.access_post_for(self.request.user, self.link.post_id)
        return self.post_obj

    def get(self, request: SignedInRequest, token: str) -> HttpResponse:
        return self._page(request, RejectForm())

    def post(self, request: SignedInRequest, token: str) -> HttpResponse:
        post, link = self.post_obj, self.link
        if post is None or link is None or self._stale():
            return self._page(request, RejectForm(), status=409)
        form = RejectForm(request.POST)
        try:
            if link.decision == "approve":
                services.post_approve(
                    post=post, content_hash=link.content_hash, actor=request.user
                )
                done = "Approved and published."
            elif form.is_valid():
                services.post_reject(
                    post=post, reason=form.cleaned_data["reason"], actor=request.user
                )
                done = "Sent back to the author."
            else:
                return self._page(request, form, status=400)
        except (ValidationError, PermissionDenied) as error:
            text = _errors(error) if isinstance(error, ValidationError) else str(error)
            messages.error(request, text)
        else:
            messages.success(request, done)
        return redirect("publishing:post", pk=post.pk)

    def _stale(self) -> bool:
        post = self.post_obj
        return (
            post is None
            or post.current is None
            or (
                post.current.content_hash != self.link.content_hash
                or not (
                    post.status == Post.Status.SUBMITTED
                    or (post.status == Post.Status.PUBLISHED and post.correction == "submitted")
                )
            )
        )

    def _page(self, request: SignedInRequest, form: RejectForm, status: int = 200) -> HttpResponse:
        post = self.post_obj
        context = {
            "post": post,
            "link": self.link,
            "expired": self.link is None,
            "stale": post is not None and self._stale(),
            "refusal": selectors.approval_refusal(request.user, post) if post else None,
            "decision": selectors.check_post(post) if post and post.current else None,
            "public_copies": _public_copies(post) if post else [],
            "form": form,
        }
        if context["expired"]:
            status = 410
        return render(request, "publishing/approval_link.html", context, status=status)


class ReviewActionView(PostActionView):
    action = "publishing.review"


class TakedownListView(ActionRequiredMixin, View):
    """What was taken down, and why: consent withdrawn, leavers, parents' requests."""

    action = "publishing.review"

    def get(self, request: SchoolRequest) -> HttpResponse:
        from django.core.paginator import Paginator

        page = Paginator(selectors.takedowns_of(current_school(request)), 20).get_page(
            request.GET.get("page")
        )
        return render(request, "publishing/takedowns.html", {"page": page})


# ---------------------------------------------------------------------------
# Pause
# ---------------------------------------------------------------------------


class PauseView(ActionRequiredMixin, View):
    action = "publishing.pause"

    def get(self, request: SchoolRequest) -> HttpResponse:
        return self._page(request, PauseForm())

    def post(self, request: SignedInRequest) -> HttpResponse:
        school = current_school(request)
        pause = selectors.open_pause(school)
        if "resume" in request.POST and pause is not None:
            if pause.school_id is None and not can(
                request.user, "publishing.pause_trust", school.trust
            ):
                raise PermissionDenied("Only trust leaders lift a trust-wide pause.")
            services.publishing_resume(pause=pause, actor=request.user)
            messages.success(request, "Publishing resumed.")
            return redirect("publishing:pause")
        form = PauseForm(request.POST)
        if not form.is_valid() or pause is not None:
            return self._page(request, form, status=400)
        if form.cleaned_data["whole_trust"]:
            if not can(request.user, "publishing.pause_trust", school.trust):
                raise PermissionDenied("Only trust leaders pause the whole trust.")
            services.publishing_pause(
                trust=school.trust, reason=form.cleaned_data["reason"], actor=request.user
            )
        else:
            services.publishing_pause(
                school=school, reason=form.cleaned_data["reason"], actor=request.user
            )
        messages.success(request, "Publishing paused.")
        return redirect("publishing:pause")

    def _page(self, request: SchoolRequest, form: PauseForm, status: int = 200) -> HttpResponse:
        pause = selectors.open_pause(current_school(request))
        context = {"form": form, "pause": pause, "back": reverse("publishing:posts")}
        return render(request, "publishing/pause.html", context, status=status)
