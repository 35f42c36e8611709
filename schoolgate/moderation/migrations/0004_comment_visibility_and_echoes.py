"""Who a comment names, and the same words from the same person elsewhere.

`named_staff` keeps a comment from the colleague it names; `echo_key` groups
the same commenter's same text on several platforms. Both are filled in for
the comments already stored, from their findings and text.
"""

import hashlib
import re

from django.db import migrations, models


def _digest(value):
    return hashlib.sha256(value.encode()).hexdigest()


def _named_staff(findings):
    ids = {}
    for finding in findings or ():
        if not isinstance(finding, dict) or finding.get("kind") != "staff_name":
            continue
        for person in finding.get("people") or ():
            role, _, pk = str(person).partition(":")
            if role == "staff" and pk.isdigit():
                ids[pk] = None
    return f" {' '.join(ids)} " if ids else ""


def fill(apps, schema_editor):
    Comment = apps.get_model("moderation", "Comment")
    for comment in Comment.objects.only("pk", "post_id", "name", "text", "findings").iterator():
        words = re.sub(r"\W+", " ", comment.text.casefold()).strip()
        name = " ".join(comment.name.casefold().split())
        Comment.objects.filter(pk=comment.pk).update(
            echo_key=_digest(f"{comment.post_id}|{name}|{words}"),
            named_staff=_named_staff(comment.findings),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0003_atomic_comment_rate_count"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="echo_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="comment",
            name="named_staff",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
