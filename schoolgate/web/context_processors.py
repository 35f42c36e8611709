from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from schoolgate.core.permissions import can
from schoolgate.web.navigation import GROUP_ORDER, NAV, group_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Return the navigation the signed-in user may open, grouped into menus.

    A menu with a single entry is shown as a plain link.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    school = getattr(request, "school", None)
    current = request.resolver_match.view_name if request.resolver_match else ""
    top: list[dict[str, Any]] = []
    menus: dict[str, list[dict[str, Any]]] = {}
    for item in NAV:
        if not can(user, item.action, school):
            continue
        link = {
            "label": item.label,
            "url": reverse(item.url_name),
            "current": item.url_name == current,
        }
        group = group_of(item)
        (menus.setdefault(group, []) if group else top).append(link)
    for name in sorted(menus, key=lambda g: GROUP_ORDER.index(g) if g in GROUP_ORDER else 99):
        links = menus[name]
        if len(links) == 1:
            top.append(links[0])
        else:
            top.append(
                {"label": name, "links": links, "current": any(x["current"] for x in links)}
            )
    return {"nav": top}
