"""Encrypt staff IMEIs at rest: add `imei_sealed`, seal existing rows, drop `imei`.

Split add -> backfill -> drop. The cipher is derived from SECRET_KEY through
core.crypto (HKDF, purpose "schoolgate staff imei v1"), as the model does.
"""

from django.conf import settings
from django.db import migrations, models

PURPOSE = b"schoolgate staff imei v1"


def _cipher():  # type: ignore[no-untyped-def]
    from schoolgate.core.crypto import fernet_for

    return fernet_for(settings.SECRET_KEY, PURPOSE)


def seal(apps, schema_editor):  # type: ignore[no-untyped-def]
    phones = apps.get_model("devices", "StaffPhone")
    for phone in phones.objects.exclude(imei=""):
        phone.imei_sealed = _cipher().encrypt(phone.imei.encode()).decode()
        phone.save(update_fields=["imei_sealed"])


def unseal(apps, schema_editor):  # type: ignore[no-untyped-def]
    phones = apps.get_model("devices", "StaffPhone")
    for phone in phones.objects.exclude(imei_sealed=""):
        phone.imei = _cipher().decrypt(phone.imei_sealed.encode()).decode()
        phone.save(update_fields=["imei"])


class Migration(migrations.Migration):
    dependencies = [("devices", "0001_device_register_trip_phone_hand_in")]

    operations = [
        migrations.AddField(
            model_name="staffphone",
            name="imei_sealed",
            field=models.TextField(default="", editable=False, verbose_name="IMEI, encrypted"),
            preserve_default=False,
        ),
        migrations.RunPython(seal, unseal),
        migrations.RemoveConstraint(model_name="staffphone", name="imei_15_digits"),
        migrations.AlterField(
            model_name="staffphone",
            name="imei",
            field=models.CharField(default="", max_length=15, verbose_name="IMEI"),
        ),
        migrations.RemoveField(model_name="staffphone", name="imei"),
    ]
