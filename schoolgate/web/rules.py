"""Actions of the shell: dashboard, health."""

from schoolgate.core.permissions import register
from schoolgate.people.roles import STAFF_ROLES

register("web.health", "Health check", audience="public")
register("web.home", "Home page", audience="public")
register("web.dashboard", "School dashboard", roles=STAFF_ROLES)
register("web.switch_school", "Switch school", audience="signed_in")
