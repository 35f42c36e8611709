"""Photos and evidence in Azure Blob Storage (Azurite): shared, private, still encrypted.

Web servers and task workers on several machines share one store; these
tests run the real services against Azurite started on 127.0.0.1.
"""

from __future__ import annotations

import uuid
import zipfile

import pytest
import requests
from azure.storage.blob import BlobServiceClient

from schoolgate.core.backup import backup_write
from schoolgate.photos.models import Photo
from schoolgate.photos.tests.factories import group_photo, upload
from schoolgate.publishing import services as publishing
from schoolgate.publishing.tests.factories import ChannelFactory
from schoolgate.safeguarding.services import evidence_open
from schoolgate.safeguarding.tests.factories import PNG, make_evidence, make_record


@pytest.fixture
def container(azurite, settings):
    """Point the photo and evidence stores at a new private container in Azurite."""
    name = f"school-{uuid.uuid4().hex[:12]}"
    BlobServiceClient.from_connection_string(azurite).create_container(name)
    store = "schoolgate.core.storage_azure.PrivateAzureStorage"
    settings.STORAGES = {
        **settings.STORAGES,
        **{
            alias: {
                "BACKEND": store,
                "OPTIONS": {
                    "connection_string": azurite,
                    "azure_container": name,
                    "location": alias,
                },
            }
            for alias in ("photos", "evidence")
        },
    }
    return BlobServiceClient.from_connection_string(azurite).get_container_client(name)


def _blobs(container) -> dict[str, bytes]:
    return {b.name: container.download_blob(b.name).readall() for b in container.list_blobs()}


def test_an_uploaded_photo_is_checked_from_the_shared_store(
    container, personas, django_capture_on_commit_callbacks
):
    blog = ChannelFactory(school=personas.school, kind="blog", name="News")
    post = publishing.post_create(
        school=personas.school, title="Farm", body="Class 4B visited the farm.",
        actor=personas.teacher, channels=[blog],
    )  # fmt: skip
    from schoolgate.photos.services import photos_upload

    with django_capture_on_commit_callbacks(execute=True):
        [made] = photos_upload(post=post, files=[upload(group_photo())], actor=personas.teacher)
    photo = Photo.objects.get(pk=made.pk)
    assert photo.status == "ready" and photo.faces.count() > 0
    names = set(_blobs(container))
    assert f"photos/{photo.original.name}" in names
    assert f"photos/{photo.preview.name}" in names


def test_no_stored_file_is_readable_without_the_key(container, personas):
    record = make_record(personas.school, personas.dsl)
    item = make_evidence(record, personas.dsl)
    anonymous = requests.get(f"{container.url}/evidence/{item.blob.name}", timeout=10)
    assert anonymous.status_code in (403, 404)
    with pytest.raises(ValueError, match="never by URL"):
        item.blob.url  # noqa: B018


def test_evidence_is_encrypted_before_it_reaches_the_store_and_opens_again(container, personas):
    record = make_record(personas.school, personas.dsl)
    item = make_evidence(record, personas.dsl, data=PNG + b"what-the-child-sent")
    [(name, stored)] = [(n, b) for n, b in _blobs(container).items() if n.startswith("evidence/")]
    assert name == f"evidence/{item.blob.name}"
    assert b"what-the-child-sent" not in stored and not stored.startswith(PNG[:8])
    assert evidence_open(item=item, actor=personas.dsl) == PNG + b"what-the-child-sent"


def test_a_backup_lists_files_in_the_object_store_without_copying_them(
    container, personas, tmp_path
):
    record = make_record(personas.school, personas.dsl)
    item = make_evidence(record, personas.dsl)
    summary = backup_write(tmp_path / "b.zip")
    assert summary.listed_files == 1 and summary.files == 0
    names = zipfile.ZipFile(tmp_path / "b.zip").namelist()
    assert not any(item.blob.name in n for n in names)
