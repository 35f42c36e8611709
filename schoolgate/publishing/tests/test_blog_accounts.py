"""Staff blog accounts are made only by the roles the profile names (C3.2)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schoolgate.audit.models import AuditEntry
from schoolgate.core.permissions import decide
from schoolgate.publishing.accounts import blog_account_create
from schoolgate.publishing.models import BlogAccount


def test_the_head_makes_and_closes_a_blog_account(personas, sign_in):
    client = sign_in(personas.head)
    url = reverse("publishing:blog_accounts")
    client.post(url, {"user": personas.office.pk})
    account = BlogAccount.objects.get(user=personas.office, closed_at__isnull=True)
    assert str(personas.office) in client.get(url).content.decode()
    client.post(url, {"close": account.pk})
    assert BlogAccount.objects.get(pk=account.pk).closed_at is not None
    assert AuditEntry.objects.filter(event="publishing.blog_account_created").count() == 1
    assert AuditEntry.objects.filter(event="publishing.blog_account_closed").count() == 1


def test_a_deputy_is_refused_with_the_clause(personas):
    decision = decide(personas.deputy, "publishing.blog_accounts", personas.school)
    assert not decision.allowed
    assert 'shire "Primary Blogger"' in decision.findings[0].source


def test_only_staff_of_the_school_get_one(personas):
    with pytest.raises(ValidationError, match="Only staff"):
        blog_account_create(school=personas.school, user=personas.parent, actor=personas.head)
