"""How django-axes names the account a sign-in attempt is for."""

from typing import Any

from django.http import HttpRequest


def username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """Return the address typed, in one case, so every spelling shares a count.

    The form field is `username` although accounts sign in by email, so
    django-axes' default (the model's USERNAME_FIELD, `email`) finds nothing
    and would never lock an account. Addresses match case-insensitively at
    sign-in, so "Head@..." and "head@..." must count as one account too.
    """
    value = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(value).strip().lower() or None
