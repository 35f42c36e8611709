"""The one place environment values are read.

Every variable is listed, with its meaning, in the README's configuration table.
A malformed value raises ImproperlyConfigured (django-environ does that).
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()
