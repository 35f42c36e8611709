"""Audit sign-in failures, whichever backend refused them."""

from typing import Any

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from schoolgate.accounts import services


@receiver(user_login_failed, dispatch_uid="schoolgate.accounts.login_failed")
def audit_login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    services.login_failure_record(email=str(credentials.get("username") or ""))
