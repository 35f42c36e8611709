"""Render an HTML page to PDF with WeasyPrint, without its side effect.

Importing WeasyPrint sets Pillow's process-wide
`ImageFile.LOAD_TRUNCATED_IMAGES` to True, after which Pillow silently opens
truncated images, and the photo checks would pass a broken upload. The flag is
put back as it was. Every PDF Schoolgate makes goes through here.
"""

from __future__ import annotations

from PIL import ImageFile


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Return the PDF of an HTML document."""
    truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        from weasyprint import HTML  # heavy: it loads pango on import
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated
    pdf: bytes = HTML(string=html, base_url=base_url).write_pdf()  # weasyprint has no types
    return pdf
