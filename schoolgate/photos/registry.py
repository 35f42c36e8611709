"""Who may add photos to posts and account for their faces; the audit events."""

from schoolgate.audit.events import register as register_event
from schoolgate.core.permissions import register
from schoolgate.photos import checks  # noqa: F401  (attaches the publish checks)
from schoolgate.publishing.registry import AUTHORS

# Which post is decided per post (its author, or a reviewer at its school).
register("photos.compose", "Add photos to posts and account for every face", roles=AUTHORS)
# A published photo is as public as its post; the post decides (selectors).
register("photos.public", "See a published post's photos", audience="public")

for code, text in {
    "photos.uploaded": "Uploaded photos to a post",
    "photos.analysed": "A photo was checked for faces and metadata",
    "photos.refused": "A photo was refused",
    "photos.face_accounted": "Accounted for a face in a photo",
    "photos.face_added": "Added a face the detector missed",
    "photos.described": "Changed a photo's caption or alt text",
    "photos.removed": "Removed a photo from a draft (its files deleted)",
    "photos.blurred_without_consent": "Blurred everyone without consent in a post",
    "photos.rerendered": "Re-rendered a photo with faces blurred",
}.items():
    register_event(code, text)
