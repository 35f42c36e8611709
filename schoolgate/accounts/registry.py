"""Actions of the sign-in pages, invitations and sign-in settings."""

from schoolgate.core.permissions import register
from schoolgate.people.roles import Role
from schoolgate.web.navigation import add

register("account.sign_in", "Sign in", audience="public")
register("account.second_factor", "Confirm a one-time code", audience="signed_in")
register("account.security", "Manage your own sign-in", audience="signed_in")
# The office or the head invites imported staff (and parents) to sign in.
INVITERS = frozenset({Role.HEAD, Role.OFFICE, Role.EXECUTIVE_HEAD})
register("account.invite", "Invite people to sign in", roles=INVITERS)
# Microsoft 365 / Google Workspace sign-in is set up once for the whole trust.
SIGN_IN_MANAGERS = frozenset({Role.CEO, Role.EXECUTIVE_HEAD, Role.ICT})
register("account.manage_sign_in", "Set up Microsoft or Google sign-in", roles=SIGN_IN_MANAGERS)

add("Invitations", "accounts:invitations", "account.invite", group="People")
add("Microsoft or Google sign-in", "accounts:sign_in_providers", "account.manage_sign_in")
