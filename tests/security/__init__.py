"""The security suite: one module per class of attack (issue 13)."""
