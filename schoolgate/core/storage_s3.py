"""S3 or an S3-compatible store for Schoolgate's stores (`SCHOOLGATE_STORAGE=s3`).

Needs `pip install 'schoolgate[s3]'`. Credentials come from boto3's usual
places (`AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, or the machine's role).
"""

from __future__ import annotations

from typing import Any

from storages.backends.s3 import S3Storage

from schoolgate.core.storage import NoPublicUrl


class PrivateS3Storage(NoPublicUrl, S3Storage):  # type: ignore[misc]  # django-storages has no types
    """S3 with private objects, handing out no URLs."""

    def get_default_settings(self) -> dict[str, Any]:
        return {
            **super().get_default_settings(),
            "default_acl": "private",
            "file_overwrite": False,
        }
