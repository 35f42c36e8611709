"""Template helpers: a face box as percentages and its state, a post's published photos."""

from __future__ import annotations

from typing import Any

from django import template

from schoolgate.photos import selectors

register = template.Library()


@register.filter
def pct(value: int | None, whole: int | None) -> str:
    """Return value as a percentage of whole, for CSS ("12.5")."""
    if not value or not whole:
        return "0"
    return f"{100 * value / whole:.3f}"


@register.inclusion_tag("photos/_published.html")
def published_photos(post: Any) -> dict[str, Any]:
    """Show a published post's photos: public renditions, faces blurred."""
    return {"photos": selectors.public_photos(post)}


@register.simple_tag(takes_context=True)
def face_state(context: template.Context, face: Any, post: Any) -> selectors.FaceState:
    """Return the face's state (colour class, label, reason) for the post."""
    key = f"photos.uses:{post.pk}"
    if key not in context.render_context:
        context.render_context[key] = selectors.uses_of(post)
    return selectors.face_state(face, context.render_context[key])


@register.filter
def face_counts(photo: Any) -> dict[str, int]:
    """Return how many sure and possible faces a photo has (prefetched faces)."""
    faces = list(photo.faces.all())
    possible = sum(f.is_possible for f in faces)
    return {"faces": len(faces) - possible, "possible": possible}
