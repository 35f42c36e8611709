"""The parents' view: each child's consents on record and every published item
showing the child, with a way to withdraw consent for one item or for the
uses the parent picks (on a page that says what will happen first)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import get_text_list
from django.views import View

from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.types import SignedInRequest
from schoolgate.core.views import ActionRequiredMixin
from schoolgate.people.models import Parent, Pupil
from schoolgate.people.selectors import children_of
from schoolgate.publishing.models import Post, Takedown
from schoolgate.publishing.takedowns import USES, posts_showing, pupil_takedown

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

# States in which withdrawing a use changes nothing.
SETTLED = frozenset({"withdrawn", "refused", "left", "not_asked"})


@dataclass(frozen=True)
class Withdrawal:
    """Uses withdrawn on one day, e.g. "the school blog and social media"."""

    on: dt.date
    uses: str


@dataclass
class ChildView:
    pupil: Pupil
    consents: list[Any]
    posts: list[Post]
    withdrawals: list[Withdrawal] = field(default_factory=list)

    @property
    def withdrawable(self) -> list[Any]:
        """Return the answers a withdrawal would still change."""
        return [answer for answer in self.consents if answer.state not in SETTLED]


def withdrawals(answers: list[Any]) -> list[Withdrawal]:
    """Return the withdrawn uses grouped by the day of the withdrawal, latest first."""
    by_day: dict[dt.date, list[str]] = defaultdict(list)
    for answer in answers:
        days = [c.given_on for c in answer.evidence if c.answer == "withdrawn"]
        if answer.state == "withdrawn" and days:
            by_day[max(days)].append(answer.use_label)
    return [
        Withdrawal(day, str(get_text_list(uses, "and")))
        for day, uses in sorted(by_day.items(), reverse=True)
    ]


class WithdrawForm(forms.Form):
    """Which uses of the child's photo to withdraw consent for; at least one."""

    uses = forms.MultipleChoiceField(
        label="Withdraw consent for",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Tick at least one use to withdraw consent for."},
    )

    def __init__(self, *args: Any, answers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["uses"]).choices = [
            (a.use, f"{a.use_label.capitalize()} (now: {a.state_label.lower()})") for a in answers
        ]


def access_child_for(user: User, school: Any, pk: int) -> Pupil:
    """Return the user's own child at the school, or the same Http404 as for a stranger."""
    for child in children_of(user, school):
        if child.pk == pk:
            return child
    raise Http404("No such pupil.")


def children_view(user: User, school: Any) -> list[ChildView]:
    """Return, for each of the user's children, the consents and the published items."""
    from schoolgate.consent.selectors import consent_answers

    children = children_of(user, school)
    answers = consent_answers(school, children) if children else {}
    return [_child_view(child, list(answers.get(child.pk, {}).values())) for child in children]


def _child_view(child: Pupil, consents: list[Any]) -> ChildView:
    posts = sorted(
        (post for post, _ in posts_showing(child).values()),
        key=lambda p: p.published_at or timezone.now(),  # every one shown is published
        reverse=True,
    )
    return ChildView(child, consents, posts, withdrawals(consents))


def child_view(user: User, school: Any, pupil: Pupil) -> ChildView:
    """Return one of the user's children's consents and published items."""
    from schoolgate.consent.selectors import consent_answers

    return _child_view(pupil, list(consent_answers(school, [pupil]).get(pupil.pk, {}).values()))


def parent_withdraw(
    *, pupil: Pupil, user: User, post: Post | None = None, uses: list[str] | None = None
) -> None:
    """Withdraw consent for one published item, or for `uses` (default every
    use), and tell the school."""
    from schoolgate.consent.services import consent_withdraw
    from schoolgate.publishing.notifications import parent_withdrew

    parent = Parent.objects.filter(user=user, children=pupil).first()
    with transaction.atomic():
        if post is not None:
            pupil_takedown(
                pupil=pupil, uses=USES, reason=Takedown.Reason.PARENT, actor=user, only_post=post
            )
        else:
            # The register records it; its signal takes down what those uses showed.
            consent_withdraw(pupil=pupil, uses=uses, parent=parent, method="online", actor=user)
        post_id = post.pk if post else None
        transaction.on_commit(lambda: parent_withdrew(pupil.pk, user.pk, post_id, uses))


class MyChildrenView(ActionRequiredMixin, View):
    """A parent's page: consents on record and published items, per child."""

    action = "publishing.my_children"

    def get(self, request: SignedInRequest) -> HttpResponse:
        context = {"children": children_view(request.user, request.school)}
        return render(request, "publishing/my_children.html", context)


class _OwnChildMixin(ActionRequiredMixin):
    """A parent's action on their own child, who is looked up before anything else."""

    action = "publishing.my_children"
    kwargs: dict[str, Any]
    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        school = self.request.school
        self.pupil = access_child_for(self.request.user, school, self.kwargs["pk"])
        return school


class ChildWithdrawView(_OwnChildMixin, View):
    """Ask which uses to withdraw consent for, say what follows, then withdraw."""

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def get(self, request: SignedInRequest, pk: int) -> HttpResponse:
        child = child_view(request.user, request.school, self.pupil)
        return self.render_form(request, child, WithdrawForm(answers=child.withdrawable))

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        child = child_view(request.user, request.school, self.pupil)
        form = WithdrawForm(request.POST, answers=child.withdrawable)
        if not form.is_valid():
            return self.render_form(request, child, form)
        uses = form.cleaned_data["uses"]
        try:
            parent_withdraw(pupil=self.pupil, user=request.user, uses=uses)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.render_form(request, child, form)
        labels = get_text_list([a.use_label for a in child.consents if a.use in uses], "and")
        messages.success(
            request,
            f"Consent withdrawn for {labels} for {self.pupil.first_name}; what was published "
            "for those uses is being taken down and the school is told.",
        )
        return redirect("publishing:my_children")

    def render_form(
        self, request: HttpRequest, child: ChildView, form: WithdrawForm
    ) -> HttpResponse:
        return render(request, "publishing/child_withdraw.html", {"child": child, "form": form})


class ChildWithdrawItemView(_OwnChildMixin, View):
    """Withdraw consent for one published item showing one's own child."""

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def post(self, request: SignedInRequest, pk: int, post: int) -> HttpResponse:
        shown = posts_showing(self.pupil)
        if post not in shown:
            raise Http404("No such post.")
        item = shown[post][0]
        parent_withdraw(pupil=self.pupil, user=request.user, post=item)
        messages.success(request, f"“{item.title}” is being taken down; the school is told.")
        return redirect("publishing:my_children")
