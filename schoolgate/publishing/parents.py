"""The parents' view: each child's consents on record and every published item
showing the child, with a way to withdraw consent for one item or for all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from schoolgate.core.views import ActionRequiredMixin
from schoolgate.people.models import Parent, Pupil
from schoolgate.people.selectors import children_of
from schoolgate.publishing.models import Post, Takedown
from schoolgate.publishing.takedowns import USES, posts_showing, pupil_takedown


@dataclass
class ChildView:
    pupil: Pupil
    consents: list[Any]
    posts: list[Post]


def access_child_for(user: Any, school: Any, pk: int) -> Pupil:
    """Return the user's own child at the school, or the same Http404 as for a stranger."""
    for child in children_of(user, school):
        if child.pk == pk:
            return child
    raise Http404("No such pupil.")


def children_view(user: Any, school: Any) -> list[ChildView]:
    """Return, for each of the user's children, the consents and the published items."""
    from schoolgate.consent.selectors import consent_answers

    children = children_of(user, school)
    answers = consent_answers(school, children) if children else {}
    return [
        ChildView(
            child,
            list(answers.get(child.pk, {}).values()),
            sorted(
                (post for post, _ in posts_showing(child).values()),
                key=lambda p: p.published_at,
                reverse=True,
            ),
        )
        for child in children
    ]


def parent_withdraw(*, pupil: Pupil, user: Any, post: Post | None = None) -> None:
    """Withdraw consent for one published item, or for every use, and tell the school."""
    from schoolgate.consent.services import consent_withdraw
    from schoolgate.publishing.notifications import parent_withdrew

    parent = Parent.objects.filter(user=user, children=pupil).first()
    with transaction.atomic():
        if post is not None:
            pupil_takedown(
                pupil=pupil, uses=USES, reason=Takedown.Reason.PARENT, actor=user, only_post=post
            )
        else:
            # The register records it; its signal takes every post down.
            consent_withdraw(pupil=pupil, parent=parent, method="online", actor=user)
        post_id = post.pk if post else None
        transaction.on_commit(lambda: parent_withdrew(pupil.pk, user.pk, post_id))


class MyChildrenView(ActionRequiredMixin, View):
    """A parent's page: consents on record and published items, per child."""

    action = "publishing.my_children"

    def get(self, request: HttpRequest) -> HttpResponse:
        context = {"children": children_view(request.user, request.school)}  # type: ignore[attr-defined]
        return render(request, "publishing/my_children.html", context)


class ChildWithdrawView(ActionRequiredMixin, View):
    """Withdraw consent for one item (with `post`) or for all, for one's own child."""

    action = "publishing.my_children"

    def permission_target(self) -> Any:
        school = getattr(self.request, "school", None)
        if not self.request.user.is_authenticated:
            return school
        self.pupil = access_child_for(self.request.user, school, self.kwargs["pk"])
        return school

    def post(self, request: HttpRequest, pk: int, post: int | None = None) -> HttpResponse:
        item = None
        if post is not None:
            shown = posts_showing(self.pupil)
            if post not in shown:
                raise Http404("No such post.")
            item = shown[post][0]
        parent_withdraw(pupil=self.pupil, user=request.user, post=item)
        if item:
            messages.success(request, f"“{item.title}” is being taken down; the school is told.")
        else:
            messages.success(
                request,
                f"Consent withdrawn for {self.pupil.first_name}; every item is being taken "
                "down and the school is told.",
            )
        return redirect("publishing:my_children")
