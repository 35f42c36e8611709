"""Stable, namespaced audit event codes and their labels.

A code never changes meaning once written: add a new one instead.
"""

EVENTS: dict[str, str] = {
    "auth.login": "Signed in",
    "auth.login_failed": "Failed sign-in",
    "auth.logout": "Signed out",
    "auth.second_factor_enrolled": "Set up a second factor",
    "auth.backup_codes_issued": "Issued backup codes",
    "auth.session_expired": "Session expired after inactivity",
    "people.imported": "Imported from the MIS",
    "people.exported": "Exported a list of people as CSV",
    "people.pupil_created": "Added a pupil",
    "people.pupil_updated": "Changed a pupil",
    "people.parent_created": "Added a parent",
    "people.parent_updated": "Changed a parent",
    "people.staff_created": "Added a member of staff",
    "people.staff_updated": "Changed a member of staff",
    "people.role_granted": "Granted a role",
    "people.role_revoked": "Revoked a role",
    "policy.override_set": "Changed a policy parameter",
    "policy.override_removed": "Restored a policy parameter to the profile's value",
    "demo.loaded": "Loaded the demo trust",
    "audit.exported": "Exported the audit log",
    "audit.rekeyed": "Re-signed the audit log with its secret key",
    "record.viewed": "Viewed a confidential record",
}


def label(code: str) -> str:
    """Return the human label of an event code (the code itself if unknown)."""
    return EVENTS.get(code, code)


def register(code: str, text: str) -> None:
    """Add an event code from another app; a code may be registered once."""
    if code in EVENTS and EVENTS[code] != text:
        raise ValueError(f"audit event {code} is registered twice")
    EVENTS[code] = text
