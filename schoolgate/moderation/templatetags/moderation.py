"""`{% post_comments post school %}`: a public post's approved comments and its form link.

`comment|platform_visibility`: whether an external comment shows on its platform.

`code|label_text`, `rule|rule_text`, `scores|score_lines`: triage's codes in words.
"""

from __future__ import annotations

from typing import Any

from django import template

from schoolgate.moderation.selectors import (
    approved_comments,
    comments_open_on,
    platform_visibility,
)
from schoolgate.moderation.wording import label_text, rule_text, score_lines

register = template.Library()


@register.inclusion_tag("moderation/_approved.html")
def post_comments(post: Any, school: Any) -> dict[str, Any]:
    """Return the context of the comments block under a public post."""
    return {
        "comments": approved_comments(post),
        "school": school,
        "post": post,
        "open": comments_open_on(school, post),
    }


register.filter("platform_visibility", platform_visibility)
register.filter("label_text", label_text)
register.filter("rule_text", rule_text)
register.filter("score_lines", score_lines)
