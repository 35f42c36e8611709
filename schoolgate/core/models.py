"""The base model every Schoolgate table builds on."""

from django.db import models


class TimeStampedModel(models.Model):
    """A row that knows when it was made and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
