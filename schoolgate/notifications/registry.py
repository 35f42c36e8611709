"""Actions and audit events of notifications."""

from schoolgate.audit.events import register as register_event
from schoolgate.core.permissions import register
from schoolgate.web.navigation import add

# Everyone who signs in chooses how often Schoolgate emails them.
register("notifications.preferences", "Choose how often you are emailed", audience="signed_in")

register_event("notifications.preferences_changed", "Changed notification preferences")
register_event("notifications.weekly_summary_sent", "Sent the weekly summary of direct posts")

add("Email settings", "notifications:preferences", "notifications.preferences")
