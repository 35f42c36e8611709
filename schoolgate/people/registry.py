"""Actions on people: who may import from the MIS and see the lists."""

from schoolgate.core.permissions import register
from schoolgate.people.roles import SCHOOL_LEADERS, STAFF_ROLES, WORKFORCE, Role
from schoolgate.web.navigation import add

# Those who run the MIS exports and answer for the data; HR holds staff records.
IMPORTERS = frozenset({Role.HEAD, Role.DEPUTY_HEAD, Role.OFFICE, Role.EXECUTIVE_HEAD, Role.CEO})
STAFF_IMPORTERS = IMPORTERS | {Role.HR}
ROLE_GRANTERS = IMPORTERS - {Role.OFFICE}
PARENT_CONTACTS = SCHOOL_LEADERS | {Role.OFFICE, Role.DSL}

register("people.import", "Import people from the MIS", roles=STAFF_IMPORTERS)
register("people.import_pupils", "Import pupils", roles=IMPORTERS)
register("people.import_parents", "Import parents and carers", roles=IMPORTERS)
register("people.import_staff", "Import staff", roles=STAFF_IMPORTERS)
register("people.grant_roles", "Grant roles by importing staff", roles=ROLE_GRANTERS)
# Head, DSL, HR and the like: the profile names who appoints them (people.roles).
register(
    "people.grant_appointed_roles",
    "Grant the head, DSL, HR and other appointed roles",
    roles_from=("people.roles", "appointed_by"),
)

# Governors govern; they do not work with pupils' records (nor do parents).
register("people.view_pupils", "See the pupil list", roles=WORKFORCE)
register("people.view_parents", "See parents' contact details", roles=PARENT_CONTACTS)
register("people.view_staff", "See the staff list", roles=STAFF_ROLES)
# A whole list leaving the system is a bigger step than reading it on screen.
register("people.export_pupils", "Export the pupil list", roles=PARENT_CONTACTS | {Role.DPO})
register("people.export_parents", "Export parents' contact details", roles=PARENT_CONTACTS)
register(
    "people.export_staff",
    "Export the staff list",
    roles=SCHOOL_LEADERS | {Role.OFFICE, Role.HR, Role.DPO},
)

add("Pupils", "people:pupils", "people.view_pupils")
add("Parents", "people:parents", "people.view_parents")
add("Staff", "people:staff", "people.view_staff")
add("Import", "people:import", "people.import")
