from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from schoolgate.core.permissions import can
from schoolgate.web.navigation import NAV


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Return the navigation entries the signed-in user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    school = getattr(request, "school", None)
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = [
        {"label": item.label, "url": reverse(item.url_name), "current": item.url_name == current}
        for item in NAV
        if can(user, item.action, school)
    ]
    return {"nav": items}
