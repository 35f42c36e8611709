"""The demo trust, loaded across every app (see `load.py`); it sits above the apps."""
