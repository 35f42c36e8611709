"""Who may see and run the device register, the trip phone and the phone hand-in.

Staff at work may see the register (which devices may take photos); ICT and
the school's leaders keep it. The lead member of staff for a visit signs the
trip phone out (the profile names the roles); whoever is at the office takes
it back. The morning hand-in is run by the office, class teachers and support
staff. A staff IMEI is visible to its owner alone (see `StaffPhone`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schoolgate.audit.events import register as register_event
from schoolgate.core.permissions import register
from schoolgate.devices import checks  # noqa: F401  (attaches the policy checks)
from schoolgate.people.roles import SCHOOL_LEADERS, WORKFORCE, Role
from schoolgate.web.navigation import add
from schoolgate.web.panels import add_panel

if TYPE_CHECKING:
    from schoolgate.core.types import SchoolRequest, SignedInRequest

REGISTER_KEEPERS = SCHOOL_LEADERS | {Role.ICT}
HAND_IN_STAFF = SCHOOL_LEADERS | {Role.OFFICE, Role.TEACHER, Role.SUPPORT}

register("devices.view", "See the device register", roles=WORKFORCE)
register("devices.manage", "Keep the device register", roles=REGISTER_KEEPERS)
# A list of serial numbers leaving the system is kept to those who keep it.
register("devices.export", "Export the device register", roles=REGISTER_KEEPERS)
register("devices.trip_phone", "See who has the trip phone", roles=WORKFORCE)
register(
    "devices.trip_phone_sign_out",
    "Sign the trip phone out as lead member of staff",
    roles_from=("devices.trip_phone", "may_sign_out"),
)
register("devices.trip_phone_return", "Take the trip phone back", roles=WORKFORCE)
register("devices.hand_in", "Run the pupils' phone hand-in", roles=HAND_IN_STAFF)
register("devices.own_phone", "Record your own phone's IMEI", roles=WORKFORCE)

register_event("devices.created", "Added a device to the register")
register_event("devices.updated", "Changed a device in the register")
register_event("devices.retired", "Retired a device")
register_event("devices.exported", "Exported the device register")
register_event("devices.trip_phone_signed_out", "Signed the trip phone out")
register_event("devices.trip_phone_returned", "Took the trip phone back")
register_event("devices.hand_in_marked", "Marked a pupil's phone hand-in")
register_event("devices.staff_phone_recorded", "Recorded their own phone's IMEI")
register_event("devices.staff_phone_removed", "Removed their own phone's IMEI")

add("Devices", "devices:list", "devices.view")
add("Trip phone", "devices:trip_phone", "devices.trip_phone")
add("Phone hand-in", "devices:hand_in", "devices.hand_in")
add("My phone", "devices:own_phone", "devices.own_phone")


def _overdue_panel(request: SchoolRequest) -> dict[str, Any]:
    from schoolgate.devices.selectors import overdue_trip_phones  # models load first

    school = request.school
    return {"overdue_trip_phones": overdue_trip_phones(school) if school else []}


def _imei_panel(request: SignedInRequest) -> dict[str, Any]:
    from schoolgate.devices.selectors import imei_prompt  # models load first

    return {"imei_source": imei_prompt(request.user, request.school)}


# Where the policy prompts staff to note their phone's IMEI, until they have.
add_panel(
    "devices_imei_prompt",
    template="devices/_imei_panel.html",
    action="devices.own_phone",
    context=_imei_panel,
    order=25,
)

# Shown only while a trip phone is overdue: who has it, since when, for what.
add_panel(
    "devices_trip_phone_overdue",
    template="devices/_overdue_panel.html",
    action="devices.trip_phone",
    context=_overdue_panel,
    order=20,
)
