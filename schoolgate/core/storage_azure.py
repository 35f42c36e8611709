"""Azure Blob Storage for Schoolgate's stores (`SCHOOLGATE_STORAGE=azure`).

Needs `pip install 'schoolgate[azure]'`. The container must be private (no
anonymous read access), which is how Azure creates containers by default.
"""

from __future__ import annotations

from typing import Any

from storages.backends.azure_storage import AzureStorage

from schoolgate.core.storage import NoPublicUrl


class PrivateAzureStorage(NoPublicUrl, AzureStorage):  # type: ignore[misc]  # django-storages has no types
    """Azure Blob Storage in a private container, handing out no URLs."""

    def get_default_settings(self) -> dict[str, Any]:
        # A name already taken is never overwritten: originals and evidence are unique.
        return {**super().get_default_settings(), "overwrite_files": False}
