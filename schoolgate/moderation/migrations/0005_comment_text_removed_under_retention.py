"""Retention blanks an expired comment text and notes it; the record stays."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0004_comment_visibility_and_echoes"),
        ("people", "0003_governors_chair_role"),
        ("publishing", "0011_press_enquiries_and_public_posts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="text_removed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="comment",
            name="text_removed_note",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name="comment",
            name="text",
            field=models.TextField(blank=True, max_length=5000),
        ),
        migrations.AddConstraint(
            model_name="comment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("text", ""), _negated=True),
                    ("text_removed_at__isnull", False),
                    _connector="OR",
                ),
                name="comment_text_blank_only_once_removed",
            ),
        ),
    ]
