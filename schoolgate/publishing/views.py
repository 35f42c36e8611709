"""Publishing pages."""
