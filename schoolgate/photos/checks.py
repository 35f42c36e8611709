"""The publish-context checks of an uploaded photo's camera and colleagues.

Pure Python: they read `Draft.pictures` (see `schoolgate.publishing.checks`)
and attach to rules already defined in `schoolgate.policy.rules`. Faces that
nobody has accounted for are reported by `consent.photo_required` itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from schoolgate.policy.engine import Finding, RuleContext, Severity, check
from schoolgate.publishing.checks import PUBLISH, Draft


@check("devices.school_devices_only", contexts=[PUBLISH])
def school_devices_only(ctx: RuleContext, draft: Draft) -> Iterator[Finding]:
    """Find photos taken on a device that is not in the school's register."""
    for picture in draft.pictures:
        if picture.device == "unknown":
            camera = picture.camera or "an unknown camera"
            reason = (
                f"Photo {picture.number} was taken on {camera}, which is not in the "
                "school's device register: photos come from school devices only"
            )
            yield ctx.finding(reason, severity=ctx.params["unknown_device"], kind="other")
        elif picture.device == "none" and (severity := _no_camera_severity(ctx)) != "allow":
            reason = (
                f"Photo {picture.number} names no camera, so it cannot be matched to the "
                "school's device register"
            )
            if ctx.params["unknown_device"] == "block":
                reason += ": a photo with its details removed counts as an unknown device"
            yield ctx.finding(reason, severity=severity, kind="other")


def _no_camera_severity(ctx: RuleContext) -> Severity | Literal["allow"]:
    """Return what a photo naming no camera does.

    Removing a photo's metadata must not be a way round a profile that refuses
    unknown devices (shire, whmat): there it is refused like an unknown device.
    """
    if ctx.params["unknown_device"] == "block":
        return "block"
    # The rule's choices: allow, warn or block.
    no_metadata: Severity | Literal["allow"] = ctx.params["no_metadata"]
    return no_metadata


@check("consent.colleagues", contexts=[PUBLISH])
def colleagues(ctx: RuleContext, draft: Draft) -> Iterator[Finding]:
    """Find members of staff shown in a photo without their permission."""
    for picture in draft.pictures:
        for why in picture.colleagues:
            reason = f"Photo {picture.number}: {why} Blur the face or ask them first"
            yield ctx.finding(reason, severity=ctx.params["severity"], kind="consent")
