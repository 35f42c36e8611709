"""Rules about who may use what, and how sign-in sessions behave."""

from schoolgate.policy.engine import Param, define

define(
    "security.session_idle",
    title="Idle sessions expire",
    description="A signed-in session that sees no activity for this long is ended.",
    catalogue=["C9.3"],
    params=[Param("minutes", "int", 15, "Minutes of inactivity before sign-out.")],
)

define(
    "security.second_factor",
    title="Staff sign in with a second factor",
    description="Every staff role confirms a one-time code after the password.",
    catalogue=["C9.3"],
    params=[
        Param("required_for_staff", "bool", True, "Require a one-time code for staff."),
        Param(
            "provider_mfa_counts",
            "bool",
            False,
            "Accept the second factor of the trust's Microsoft or Google sign-in instead.",
        ),
    ],
)
