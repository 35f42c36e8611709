"""Staff accounts on the school blog: made and closed only by the roles the
profile names (shire "Primary Blogger": the head of school), C3.2."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from schoolgate.audit.services import audit_log
from schoolgate.core.types import SchoolRequest, SignedInRequest, current_school
from schoolgate.core.views import ActionRequiredMixin
from schoolgate.people.models import School
from schoolgate.people.roles import STAFF_ROLES
from schoolgate.people.selectors import users_with_role
from schoolgate.publishing.models import BlogAccount
from schoolgate.publishing.policy import BLOG_ACCOUNTS, source

if TYPE_CHECKING:
    from schoolgate.accounts.models import User


def blog_account_create(*, school: School, user: User, actor: User) -> BlogAccount:
    """Give a member of staff an account on the school blog."""
    if not users_with_role(school, STAFF_ROLES).filter(pk=user.pk).exists():
        raise ValidationError("Only staff of the school get a blog account.")
    with transaction.atomic():
        if BlogAccount.objects.filter(school=school, user=user, closed_at__isnull=True).exists():
            raise ValidationError(f"{user} already has a blog account.")
        account = BlogAccount(school=school, user=user, created_by=actor)
        account.full_clean()
        account.save()
        audit_log(
            event="publishing.blog_account_created",
            actor=actor,
            subject=account,
            school=school,
            label=str(user),
        )
    return account


def blog_account_close(*, account: BlogAccount, actor: User) -> None:
    """Close a member of staff's blog account."""
    with transaction.atomic():
        account.closed_at, account.closed_by = timezone.now(), actor
        account.save(update_fields=["closed_at", "closed_by"])
        audit_log(
            event="publishing.blog_account_closed",
            actor=actor,
            subject=account,
            school=account.school,
            label=str(account.user),
        )


def holds_blog_account(user: User, school: School) -> bool:
    """Return whether the user has an open account on the school's blog (C3.2)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return BlogAccount.objects.filter(school=school, user=user, closed_at__isnull=True).exists()


def open_accounts(school: School) -> list[BlogAccount]:
    """Return the school's open blog accounts with their holders."""
    return list(
        BlogAccount.objects.filter(school=school, closed_at__isnull=True)
        .select_related("user", "created_by")
        .order_by("user__last_name", "user__first_name")
    )


class BlogAccountForm(forms.Form):
    user: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        queryset=None, label="Member of staff"
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        holders = BlogAccount.objects.filter(school=school, closed_at__isnull=True)
        cast("forms.ModelChoiceField[User]", self.fields["user"]).queryset = (
            users_with_role(school, STAFF_ROLES)
            .exclude(pk__in=holders.values("user"))
            .order_by("last_name", "first_name")
        )


class BlogAccountsView(ActionRequiredMixin, View):
    """The head's page: who has a blog account; make or close one."""

    action = "publishing.blog_accounts"

    def get(self, request: SchoolRequest) -> HttpResponse:
        return self._page(request, BlogAccountForm(school=current_school(request)))

    def post(self, request: SignedInRequest) -> HttpResponse:
        school = current_school(request)
        if "close" in request.POST:
            account = BlogAccount.objects.filter(
                school=school, pk=request.POST["close"], closed_at__isnull=True
            ).first()
            if account is None:
                raise Http404("No such account.")
            blog_account_close(account=account, actor=request.user)
            messages.success(request, f"Closed the blog account of {account.user}.")
            return redirect("publishing:blog_accounts")
        form = BlogAccountForm(request.POST, school=school)
        if form.is_valid():
            try:
                blog_account_create(
                    school=school, user=form.cleaned_data["user"], actor=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Made a blog account for {form.cleaned_data['user']}.")
                return redirect("publishing:blog_accounts")
        return self._page(request, form, status=400)

    def _page(
        self, request: SchoolRequest, form: BlogAccountForm, status: int = 200
    ) -> HttpResponse:
        school = current_school(request)
        context = {
            "accounts": open_accounts(school),
            "form": form,
            "source": source(school, BLOG_ACCOUNTS),
        }
        return render(request, "publishing/blog_accounts.html", context, status=status)
