"""A leaving pupil's safeguarding file, exported for their new school.

KCSIE asks the DSL to send the child protection file to the new school
promptly and securely, separately from the main pupil file, and to keep
confirmation of receipt. The export is a zip of one PDF (every record the
DSL reads in full, with amendments and steps) and the evidence files,
decrypted and checked against their hashes; a `Transfer` row keeps what was
sent (record ids and the zip's SHA-256), by whom and when, and later who
received it.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from schoolgate.audit.services import audit_log
from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.pdf import html_to_pdf
from schoolgate.core.services import model_update
from schoolgate.people.models import Pupil
from schoolgate.safeguarding import evidence as sealing
from schoolgate.safeguarding.models import Record, Transfer
from schoolgate.safeguarding.selectors import is_routed_to, pupil_chronology

if TYPE_CHECKING:
    from schoolgate.accounts.models import User


def transfer_records(actor: User, pupil: Pupil) -> list[Record]:
    """Return the pupil's records the actor reads in full, oldest first."""
    return [r for r in pupil_chronology(actor, pupil) if is_routed_to(actor, r)]


@transaction.atomic
def transfer_export(*, pupil: Pupil, new_school: str, actor: User) -> tuple[Transfer, bytes]:
    """Build the pupil's file for the new school; return the transfer and the zip."""
    if pupil.status == Pupil.Status.CURRENT and pupil.left_on is None:
        raise ApplicationError("Record that the pupil is leaving (a leaving date) first.")
    if not new_school.strip():
        raise ApplicationError("Name the school the file goes to.")
    records = transfer_records(actor, pupil)
    if not records:
        raise ApplicationError("There are no records about this pupil for you to send.")
    now = timezone.now()
    data = _zip(pupil, records, new_school.strip(), now)
    transfer = Transfer(
        school=pupil.school,
        pupil=pupil,
        new_school=new_school.strip(),
        record_ids=[r.pk for r in records],
        sha256=sealing.digest(data),
        exported_by=actor,
        exported_at=now,
    )
    transfer.full_clean()
    transfer.save()
    audit_log(
        event="safeguarding.transferred",
        actor=actor,
        subject=pupil,
        school=pupil.school,
        label=f"pupil #{pupil.pk}",
        extra={"transfer": transfer.pk, "records": transfer.record_ids, "sha256": transfer.sha256},
        about=records,
    )
    return transfer, data


def _zip(pupil: Pupil, records: list[Record], new_school: str, now: Any) -> bytes:
    context = {"pupil": pupil, "records": records, "new_school": new_school, "now": now}
    pdf = html_to_pdf(render_to_string("safeguarding/transfer_file.html", context))
    buffer = io.BytesIO()
    lines = [f"file.pdf  sha256 {sealing.digest(pdf)}"]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("file.pdf", pdf)
        for record in records:
            for item in record.evidence.all():
                name = f"evidence/record-{record.pk}/{item.pk}-{_safe(item.filename)}"
                archive.writestr(name, _open(item))
                lines.append(f"{name}  sha256 {item.sha256}")
        archive.writestr("MANIFEST.txt", "\n".join(lines) + "\n")
    return buffer.getvalue()


def _open(item: Any) -> bytes:
    with item.blob.open("rb") as handle:
        data = sealing.unseal(handle.read())
    if sealing.digest(data) != item.sha256:
        raise ApplicationError(f"Evidence #{item.pk} does not match its hash; run audit verify.")
    return data


def _safe(filename: str) -> str:
    return "".join(c if c.isalnum() or c in ".-_" else "_" for c in filename)[:80] or "file"


@transaction.atomic
def transfer_receipt(
    *, transfer: Transfer, received_by: str, received_on: date, actor: User
) -> Transfer:
    """Record who at the new school received the file, and when."""
    if transfer.received_on is not None:
        raise ApplicationError("The receipt is already recorded.")
    if received_on < timezone.localdate(transfer.exported_at):
        raise ApplicationError("The file cannot have been received before it was sent.")
    if received_on > timezone.localdate():
        raise ApplicationError("That date is in the future.")
    data = {
        "received_by": received_by.strip(),
        "received_on": received_on,
        "receipt_recorded_by": actor,
    }
    model_update(instance=transfer, fields=list(data), data=data)
    audit_log(
        event="safeguarding.transfer_received",
        actor=actor,
        subject=transfer.pupil,
        school=transfer.school,
        label=f"pupil #{transfer.pupil_id}",
        extra={"transfer": transfer.pk, "received_on": str(received_on)},
    )
    return transfer
