"""Actions of the shell: home, dashboard, the family page, health."""

from schoolgate.core.permissions import register
from schoolgate.people.roles import STAFF_ROLES, Role
from schoolgate.web.navigation import add

register("web.health", "Health check", audience="public")
register("web.home", "Home page", audience="public")
register("web.dashboard", "School dashboard", roles=STAFF_ROLES)
register("web.switch_school", "Switch school", audience="signed_in")
register("web.family", "Your family's page", roles={Role.PARENT})

add("Your children", "web:family", "web.family")
