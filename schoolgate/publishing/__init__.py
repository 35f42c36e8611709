"""Safe publishing: drafts checked against the school's policy, approval,
the school blog and its feeds, and cross-posting through an outbox.

`schoolgate.publishing.checks` stays free of Django so that `schoolgate
check` runs without a database.
"""
