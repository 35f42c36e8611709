"""The school switcher's options, drawn in one pass."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def school_options(schools: Iterable[Any], current: Any) -> SafeString:
    """Return an <option> for each school, the current one selected.

    On every page: a trust-wide role lists hundreds of schools, which a
    template loop draws many times slower.
    """
    chosen = getattr(current, "pk", None)
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html('<option value="{}" selected>{}</option>', s.pk, s.name)
                if s.pk == chosen
                else format_html('<option value="{}">{}</option>', s.pk, s.name),
            )
            for s in schools
        ),
    )
