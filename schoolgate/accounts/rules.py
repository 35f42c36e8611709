"""Actions of the sign-in pages."""

from schoolgate.core.permissions import register

register("account.sign_in", "Sign in", audience="public")
register("account.second_factor", "Confirm a one-time code", audience="signed_in")
register("account.security", "Manage your own sign-in", audience="signed_in")
