"""Pages: the public comment form, the queue, one comment and the head's actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from schoolgate.core.client_ip import client_ip
from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.permissions import can
from schoolgate.core.types import SchoolRequest, SignedInRequest, current_school
from schoolgate.core.views import ActionRequiredMixin
from schoolgate.moderation import forms, policy, selectors, services
from schoolgate.moderation.models import Comment
from schoolgate.moderation.notifications import read_token
from schoolgate.people.models import School
from schoolgate.publishing.connectors import abilities
from schoolgate.publishing.models import Channel, Post

PAGE_SIZE = 25
HEAD = "moderation.decide_escalated"


# ---------------------------------------------------------------------------
# The public comment form
# ---------------------------------------------------------------------------


class CommentFormView(ActionRequiredMixin, View):
    """The comment form under a public post: GET shows it, POST submits it."""

    action = "moderation.comment"

    def setup_post(self, school: str, slug: str) -> None:
        self.school = get_object_or_404(School, slug=school)
        post = Post.objects.filter(school=self.school, slug=slug).first()
        if post is None:
            raise Http404("No such post.")
        self.post_obj = post

    def get(self, request: HttpRequest, school: str, slug: str) -> HttpResponse:
        self.setup_post(school, slug)
        return self.show(request, forms.CommentForm())

    def post(self, request: HttpRequest, school: str, slug: str) -> HttpResponse:
        self.setup_post(school, slug)
        form = forms.CommentForm(request.POST)
        if form.is_spam:
            # Store nothing, and thank nobody: a person whose browser filled
            # the trap is told so and gets back what they wrote.
            return self.show(request, _form_without_trap(request), trapped=True, status=400)
        if not form.is_valid():
            return self.show(request, form, status=400)
        try:
            services.comment_submit(
                school=self.school,
                post=self.post_obj,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                relationship=form.cleaned_data["relationship"],
                text=form.cleaned_data["text"],
                ip=client_ip(request) or "",
                submission_key=form.cleaned_data["key"],
                user=request.user,
            )
        except services.CommentRefused as exc:
            status = 429 if exc.code == "rate_limited" else 403 if exc.code == "blocked" else 400
            return self.show(request, None, refused=exc, status=status)
        return self.show(request, None, sent=True)

    def show(
        self, request: HttpRequest, form: Any, *, status: int = 200, **extra: Any
    ) -> HttpResponse:
        open_ = selectors.comments_open_on(self.school, self.post_obj)
        template = "moderation/comment_form.html"
        if request.headers.get("HX-Request"):
            # htmx swaps only 2xx answers; the refusal or the errors must show.
            template, status = "moderation/_comment_form.html", 200
        context = {
            "school": self.school,
            "post": self.post_obj,
            "form": form,
            "open": open_,
            **extra,
        }
        return render(request, template, context, status=status)


def _form_without_trap(request: HttpRequest) -> forms.CommentForm:
    kept = ("name", "email", "relationship", "text", "key")
    return forms.CommentForm(initial={k: request.POST[k] for k in kept if request.POST.get(k)})


# ---------------------------------------------------------------------------
# The queue
# ---------------------------------------------------------------------------


class QueueView(ActionRequiredMixin, View):
    """Waiting comments, most severe then oldest first, with filters and bulk actions."""

    action = "moderation.queue"

    def get(self, request: SignedInRequest) -> HttpResponse:
        school = current_school(request)
        filters = {
            k: request.GET.get(k, "").strip()[:100]
            for k in ("status", "label", "source", "q", "claimed")
        }
        qs = selectors.queue(school, user=request.user, **{k: v for k, v in filters.items() if v})
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = rows = selectors.with_echoes(request.user, school, page.object_list)
        _then(rows)
        at = request.GET.get("at", "")
        context = {
            "page": page,
            # After a decision the queue opens at the next comment, which
            # carries the "Approved" message: at the top it would be out of view.
            "at": next((c.pk for c in rows if str(c.pk) == at), None),
            "back": _queue_query(request.GET),
            "filters": filters,
            "statuses": list(selectors.FILTER_STATUSES),
            "labels": selectors.known_labels(school, user=request.user),
            "summary": selectors.waiting_summary(school, user=request.user),
            "may_approve": can(request.user, "moderation.approve", school),
            "is_head": can(request.user, HEAD, school),
            "may_praise": can(request.user, "moderation.praise", school),
            "shown_while_waiting": _shown_while_waiting(school),
        }
        return render(request, "moderation/queue.html", context)


#: What of the queue's address a decision carries back to it.
QUEUE_QUERY = ("status", "label", "source", "q", "claimed", "page")


def _queue_query(query: QueryDict) -> str:
    """Return the queue's filters and page from the query, nothing else."""
    kept = QueryDict(mutable=True)
    for key in QUEUE_QUERY:
        if value := query.get(key, "").strip()[:100]:
            kept[key] = value
    return kept.urlencode()


def _then(rows: list[Comment]) -> None:
    """Give each comment on the page `then`: where the queue opens once it is
    decided, the comment after it (before it, for the last one)."""
    for i, comment in enumerate(rows):
        following = rows[i + 1] if i + 1 < len(rows) else rows[i - 1] if i else None
        comment.then = following.pk if following else None


def queue_url(back: str, then: str) -> str:
    """Return the queue's address after a decision: the same filters and page,
    opened at the comment that was next (its fragment, for a browser without
    scripts too)."""
    url = reverse("moderation:queue")
    query = QueryDict(_queue_query(QueryDict(back)), mutable=True)
    if then.isdigit():
        query["at"] = then
    if query:
        url += "?" + query.urlencode()
    return url + (f"#comment-{then}" if then.isdigit() else "")


def _shown_while_waiting(school: School) -> list[str]:
    """Return the platforms the policy monitors where an unflagged comment stays
    visible while it waits (shire holds every comment on the blog only)."""
    from schoolgate.publishing.policy import monitored_platforms

    held = policy.held_everywhere_on(school)
    names = dict(Channel.Kind.choices)
    return [names.get(k, k) for k in sorted(monitored_platforms(school) - held - {"blog"})]


class BulkView(ActionRequiredMixin, View):
    """Approve or reject the ticked comments; each one is still checked on its own."""

    action = "moderation.queue"

    def post(self, request: SignedInRequest) -> HttpResponse:
        school = current_school(request)
        ticked = {int(v) for v in request.POST.getlist("ids") if v.isdigit()}
        # Only the waiting comments the person may see; the rest are left out
        # (decided meanwhile, or sent to the head), as if never ticked.
        allowed = list(
            selectors.visible_comments(request.user, school)
            .filter(status__in=Comment.WAITING, pk__in=ticked)
            .values_list("pk", flat=True)
        )
        data = request.POST.copy()
        data.setlist("ids", [str(pk) for pk in allowed])
        form = forms.BulkForm(data, choices=allowed)
        if not form.is_valid():
            messages.error(request, "Tick at least one waiting comment and choose what to do.")
            return redirect("moderation:queue")
        chosen = list(Comment.objects.filter(pk__in=form.cleaned_data["ids"]))
        if len(ticked) > len(allowed):
            left = len(ticked) - len(allowed)
            messages.warning(
                request,
                f"{left} ticked comment{'s were' if left != 1 else ' was'} left out: "
                "already decided, or now with the head.",
            )
        # A ticked row stands for its copies on other platforms too.
        chosen += [
            echo
            for row in selectors.with_echoes(request.user, school, chosen)
            for echo in row.echoes
            if echo.status == row.status and echo.pk not in form.cleaned_data["ids"]
        ]
        done, problems = services.bulk_decide(
            comments=chosen, verdict=form.cleaned_data["verdict"], actor=request.user
        )
        verb = "approved" if form.cleaned_data["verdict"] == "approve" else "rejected"
        messages.success(request, f"{done} comment{'s' if done != 1 else ''} {verb}.")
        for problem in problems[:10]:
            messages.warning(request, problem)
        return redirect("moderation:queue")


# ---------------------------------------------------------------------------
# One comment
# ---------------------------------------------------------------------------


class CommentMixin(ActionRequiredMixin):
    """A page about one comment, reached only through `access_comment_for`."""

    action = "moderation.queue"
    kwargs: dict[str, Any]

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.comment = selectors.access_comment_for(
            self.request.user, self.kwargs["pk"], action=self.action
        )
        return self.comment


class CommentDetailView(CommentMixin, View):
    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def get(self, request: SignedInRequest, pk: int) -> HttpResponse:
        return render(request, "moderation/comment.html", _detail_context(request, self.comment))


def _detail_context(request: SignedInRequest, comment: Comment, **extra: Any) -> dict[str, Any]:
    school = comment.school
    user = request.user
    is_head = can(user, HEAD, comment)
    may_decide = can(user, services.decision_action(comment), comment)
    may_delete = comment.status != Comment.Status.DELETED and can(
        user, "moderation.delete", comment
    )
    escalated = comment.status == Comment.Status.ESCALATED and comment.is_waiting
    return {
        "comment": comment,
        "history": selectors.commenter_history(comment, user=user),
        "echoes": selectors.with_echoes(user, comment.school, [comment])[0].echoes,
        "notes": comment.notes.select_related("author"),
        "contacts": comment.contacts.select_related("recorded_by"),
        "meetings": comment.meetings.select_related("recorded_by"),
        "reports": comment.reports.select_related("recorded_by"),
        "may_decide": may_decide,
        "is_head": is_head,
        # With the head, the safe decision comes first and approving is secondary.
        "safe_first": may_decide and escalated,
        "delete_first": may_decide and escalated and may_delete,
        "may_delete": may_delete,
        "flagged": any(label != "praise" for label in comment.labels or ()),
        "meetings_on": policy.parent_meetings(school),
        "reports_on": policy.platform_reports(school),
        "block_on": policy.blocks_allowed(school),
        "contact_due": selectors.contact_due(comment),
        "escalate_source": policy.clause(school, policy.ESCALATE_TO),
        "note_form": forms.NoteForm(),
        "safeguarding_url": reverse("safeguarding:record_create", kwargs={"kind": "cyberbullying"})
        + f"?comment={comment.pk}",
        **extra,
    }


class CommentActView(CommentMixin, View):
    """Claim, release, approve, reject, escalate or mark "not a problem"."""

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    # Approving and rejecting take a reason as well.
    SERVICES: dict[str, Callable[..., Comment]] = {
        "claim": services.comment_claim,
        "release": services.comment_release,
        "approve": services.comment_approve,
        "reject": services.comment_reject,
        "not_a_problem": services.comment_not_a_problem,
    }
    DONE = {
        "claim": "You are working on this comment.",
        "release": "Released.",
        "approve": "Approved: it now shows under the post.",
        "reject": "Rejected: it will never be shown.",
        "escalate": "Sent to the head.",
        "not_a_problem": "Marked as not a problem and approved.",
    }

    def done_message(self, verdict: str) -> str:
        """Return what the verdict did; for an external comment, what it did on the platform."""
        channel = self.comment.channel
        if channel is None or verdict not in ("approve", "not_a_problem"):
            return self.DONE[verdict]
        done = "Approved." if verdict == "approve" else self.DONE[verdict]
        platform = channel.get_kind_display()
        if self.comment.platform_hidden:  # as it was before the approval
            return f"{done} {platform} is asked to show it again (hidden there while it waited)."
        return f"{done} It stays visible on {platform}, where it was not hidden while it waited."

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = forms.VerdictForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose what to do with the comment.")
            return redirect("moderation:comment", pk=pk)
        verdict, reason = form.cleaned_data["verdict"], form.cleaned_data["reason"]
        try:
            if verdict == "escalate":
                services.comment_escalate(comment=self.comment, actor=request.user, reason=reason)
            elif verdict in ("approve", "reject"):
                self.SERVICES[verdict](comment=self.comment, actor=request.user, reason=reason)
            else:
                self.SERVICES[verdict](comment=self.comment, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("moderation:comment", pk=pk)
        messages.success(request, self.done_message(verdict))
        if verdict in ("approve", "reject"):
            also = _decide_echoes(request, self.comment, verdict, reason)
            if also:
                messages.info(request, f"The same words were {verdict}d on {also} too.")
        if verdict in ("claim", "release"):
            return redirect("moderation:comment", pk=pk)
        back_to_queue = queue_url(request.POST.get("back", ""), request.POST.get("then", ""))
        if verdict == "escalate" and not selectors.comment_visible_to(request.user, self.comment):
            return redirect(back_to_queue)  # it is the head's now
        if request.POST.get("next") == "comment":
            return redirect("moderation:comment", pk=pk)
        return redirect(back_to_queue)


def _decide_echoes(
    request: SignedInRequest, comment: Comment, verdict: str, reason: str = ""
) -> str:
    """Give the same verdict on the comment's copies elsewhere; return where ("X, Bluesky").

    One row of the queue stands for the same words from the same person on
    several platforms (`selectors.queue`): deciding the row decides them all,
    each still through its own service and permission check.
    """
    service = services.comment_approve if verdict == "approve" else services.comment_reject
    done = []
    for echo in selectors.with_echoes(request.user, comment.school, [comment])[0].echoes:
        if echo.status != comment.status:  # as it was: one already decided stays so
            continue
        try:
            service(comment=echo, actor=request.user, reason=reason)
        except (ApplicationError, PermissionDenied):
            continue
        done.append(echo.channel.get_kind_display() if echo.channel else "the school blog")
    return ", ".join(dict.fromkeys(done))


class NoteAddView(CommentMixin, View):
    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = forms.NoteForm(request.POST)
        if form.is_valid():
            services.comment_note_add(
                comment=self.comment, text=form.cleaned_data["text"], actor=request.user
            )
            messages.success(request, "Note added.")
        else:
            messages.error(request, "Write the note first.")
        return redirect("moderation:comment", pk=pk)


class HeadFormView(CommentMixin, View):
    """A form about an escalated comment for the head: GET shows it, POST acts."""

    action = HEAD
    request: SignedInRequest  # the guard lets only the head through
    form_class: type = forms.DeleteForm
    title = ""
    intro = ""
    done = ""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.show(request, self.form_class(initial=self.initial()))

    def initial(self) -> dict[str, Any]:
        return {}

    def show(self, request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
        context = {"comment": self.comment, "form": form, "title": self.title, "intro": self.intro}
        return render(request, "moderation/head_form.html", context, status=status)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.show(request, form, 400)
        try:
            self.act(form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.show(request, form, 400)
        messages.success(request, self.done)
        return redirect("moderation:comment", pk=pk)

    def act(self, data: dict[str, Any]) -> None:
        raise NotImplementedError


class DeleteView(HeadFormView):
    action = "moderation.delete"
    title = "Delete the comment"
    intro = "It disappears from view at once; its text is kept as evidence and never shown."
    done = "Deleted. The text is kept as evidence."

    def act(self, data: dict[str, Any]) -> None:
        services.comment_delete(
            comment=self.comment, actor=self.request.user, reason=data["reason"]
        )


class ContactView(HeadFormView):
    form_class = forms.ContactForm
    title = "Record a contact with the commenter"
    done = "Contact recorded."

    def initial(self) -> dict[str, Any]:
        return {"contacted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}

    def act(self, data: dict[str, Any]) -> None:
        services.contact_log_add(comment=self.comment, actor=self.request.user, **data)


class MeetingView(HeadFormView):
    form_class = forms.MeetingForm
    title = "Call the parent to a meeting"
    intro = "Your policy asks a parent in breach to meet the school; record it here."
    done = "Meeting recorded."

    def initial(self) -> dict[str, Any]:
        # Who the parent meets is the profile's word (moderation.parent_conduct:meeting_with).
        return {"attendees": selectors.meeting_attendees(self.comment.school)}

    def act(self, data: dict[str, Any]) -> None:
        services.parent_meeting_record(comment=self.comment, actor=self.request.user, **data)


class ReportView(HeadFormView):
    form_class = forms.ReportForm
    title = "Report the commenter to the platform"
    intro = "Report on the platform itself, then record here when and with what reference."
    done = "Report recorded."

    def initial(self) -> dict[str, Any]:
        kind = self.comment.channel.kind if self.comment.channel else "facebook"
        return {"platform": kind, "reason": "under_13"}

    def act(self, data: dict[str, Any]) -> None:
        services.platform_report_record(comment=self.comment, actor=self.request.user, **data)


class BlockView(HeadFormView):
    form_class = forms.BlockForm
    title = "Block the commenter"

    @property
    def platform(self) -> str:
        """Return the platform's name when the block is of a platform's user, else ''."""
        comment = self.comment
        if comment.channel_id and comment.external_author_id and not comment.email:
            return comment.platform_channel.get_kind_display()
        return ""

    @property
    def unblocks_there(self) -> bool:
        """Return whether the platform lets Schoolgate block and then unblock the account."""
        return bool(self.platform) and abilities(self.comment.platform_channel.kind).unblock

    @property
    def intro(self) -> str:  # type: ignore[override]
        p = self.platform
        if self.unblocks_there:
            return (
                f"The account is blocked on {p} and recorded here until the last day below, "
                f"when Schoolgate's block lapses by itself and the account is unblocked on {p}."
            )
        if p:
            return (
                f"{p} does not let Schoolgate block accounts: block it on {p} yourself. "
                "Schoolgate records the block until the last day below, when it lapses by "
                f"itself; {p} keeps its own block until someone unblocks the account there."
            )
        return (
            "Their comments are refused until the last day below; then the block lapses by itself."
        )

    def act(self, data: dict[str, Any]) -> None:
        sanction = services.commenter_block(comment=self.comment, actor=self.request.user, **data)
        until = f"until {sanction.ends_on:%-d %B %Y}" if sanction.ends_on else "until lifted"
        p = self.platform
        if self.unblocks_there:
            self.done = (
                f"Blocked on {p} {until}: {p} is asked to block the account now, and to "
                "unblock it when Schoolgate's block ends."
            )
        elif p:
            self.done = (
                f"Recorded in Schoolgate {until}. {p} does not let Schoolgate block accounts: "
                f"block it there yourself, and to let them comment again, unblock the account "
                f"on {p} too."
            )
        else:
            self.done = f"Blocked {until}: comments from {sanction.email} are refused until then."


class OutcomeView(HeadFormView):
    form_class = forms.OutcomeForm
    title = "Tell the commenter the outcome"
    intro = "An email to the address they gave. Write it as you would a letter."
    done = "Sent."

    def initial(self) -> dict[str, Any]:
        return {
            "message": f"Dear {self.comment.name},\n\nThank you for your comment on our news. "
        }

    def act(self, data: dict[str, Any]) -> None:
        services.comment_outcome_send(comment=self.comment, actor=self.request.user, **data)


# ---------------------------------------------------------------------------
# Signed one-click links, statistics, praise
# ---------------------------------------------------------------------------


class OneClickView(ActionRequiredMixin, View):
    """Confirm a verdict from an email link; the link names the signed-in person."""

    action = "moderation.one_click"

    def read(self, request: SignedInRequest, token: str) -> tuple[Comment, str]:
        try:
            data = read_token(token)
        except signing.BadSignature:
            raise Http404("This link is not valid or has expired.") from None
        if data["u"] != request.user.pk:
            raise Http404("This link is not valid or has expired.")
        comment = selectors.access_comment_for(request.user, data["c"])
        return comment, data["v"]

    def get(self, request: SignedInRequest, token: str) -> HttpResponse:
        comment, verdict = self.read(request, token)
        return render(
            request, "moderation/one_click.html", {"comment": comment, "verdict": verdict}
        )

    def post(self, request: SignedInRequest, token: str) -> HttpResponse:
        comment, verdict = self.read(request, token)
        service = services.comment_approve if verdict == "approve" else services.comment_reject
        try:
            service(comment=comment, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, CommentActView.DONE[verdict])
        return redirect("moderation:comment", pk=comment.pk)


class StatsView(ActionRequiredMixin, View):
    """How often each label was marked wrong ("not a problem")."""

    action = "moderation.queue"

    def get(self, request: SchoolRequest) -> HttpResponse:
        stats = selectors.label_stats(current_school(request))
        return render(request, "moderation/stats.html", {"stats": stats})


class PraiseView(ActionRequiredMixin, View):
    """The praise the school received, collected for the head (C4.5)."""

    action = "moderation.praise"

    def get(self, request: SignedInRequest) -> HttpResponse:
        school = current_school(request)
        page = Paginator(selectors.praise(school, user=request.user), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return render(request, "moderation/praise.html", {"page": page})
