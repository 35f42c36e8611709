#!/usr/bin/env python
"""Django's manage.py; `schoolgate` (the console script) does the same and more."""

import sys

from schoolgate.cli import main

if __name__ == "__main__":
    sys.exit(main())
