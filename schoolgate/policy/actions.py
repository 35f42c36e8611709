"""Actions of the policy pages, and their place in the navigation.

Registered from `PolicyConfig.ready()`: the app's `rules` package holds the
Django-free rule definitions, so it cannot carry these registrations.
"""

from schoolgate.core.permissions import register
from schoolgate.people.roles import STAFF_ROLES, Role
from schoolgate.web.navigation import add

register("policy.view", "Read the school's policy", roles=STAFF_ROLES)
register(
    "policy.override",
    "Change the school's policy",
    roles=[Role.HEAD, Role.EXECUTIVE_HEAD, Role.CEO, Role.DEPUTY_CEO],
)

add("Our policy", "policy:ours", "policy.view")
