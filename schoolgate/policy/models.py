"""A school's own changes to its profile's parameters (C1.1)."""

from django.conf import settings
from django.db import models

from schoolgate.core.models import TimeStampedModel


class ParameterOverride(TimeStampedModel):
    """One parameter a school has set differently from its profile."""

    school = models.ForeignKey(
        "people.School", on_delete=models.CASCADE, related_name="policy_overrides"
    )
    rule = models.CharField(max_length=80)
    param = models.CharField(
        max_length=80, help_text="The parameter's name, or 'enabled' for the rule itself."
    )
    value = models.JSONField()
    reason = models.CharField(max_length=500, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school", "rule", "param"], name="one_override_per_parameter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.rule}.{self.param} = {self.value!r}"
