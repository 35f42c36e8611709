"""Signals the consent register sends, for other apps to act on.

`consent_withdrawn`
    Sent after the transaction commits, whenever an answer turns a use of a
    pupil's photo from allowed to not allowed: a withdrawal, or a refusal
    from the other parent. Keyword arguments:

    - ``pupil``: the `Pupil`;
    - ``uses``: the use codes (``"blog"``, ``"social"``, ...) now refused;
    - ``actor``: the user who recorded the answer (None from a script).

    The publishing app connects a receiver that lists the pupil's published
    posts on those channels and takes them down. Receivers run after commit,
    so a failing receiver never undoes the withdrawal itself; they should
    enqueue a task rather than call out to a network.
"""

from django.dispatch import Signal

consent_withdrawn = Signal()
