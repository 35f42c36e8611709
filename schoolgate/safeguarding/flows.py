"""The steps each kind of record goes through, and the rule behind each gate.

A step may name steps that must be done first (`after`); `gate_rule` and
`gate_param` say which policy switch makes that order binding, so the
refusal can quote the rule's reason and source.
"""

from __future__ import annotations

from dataclasses import dataclass

from schoolgate.safeguarding.models import Kind


@dataclass(frozen=True)
class StepDef:
    code: str
    label: str
    after: tuple[str, ...] = ()
    gate_rule: str = ""
    gate_param: str = ""


# Each kind's policy rule: its parameters route the record and gate its steps.
KIND_RULES: dict[str, str] = {
    Kind.CYBERBULLYING: "safeguarding.cyberbullying",
    Kind.ADULT_DISCLOSURE: "safeguarding.adult_disclosure",
    Kind.STAFF_CONCERN: "safeguarding.routing",
    Kind.INDECENT_IMAGES: "safeguarding.indecent_images",
    Kind.PREVENT: "safeguarding.prevent",
    Kind.SIGHTING: "safeguarding.sightings",
    Kind.PUPIL_DISCLOSURE: "safeguarding.routing",
    Kind.BREACH: "safeguarding.breaches",
}

LADO_ADVICE = "lado_advice"

FLOWS: dict[str, tuple[StepDef, ...]] = {
    Kind.CYBERBULLYING: (
        StepDef("evidence_kept", "Evidence kept (screenshots, messages)"),
        StepDef("police_choice", "The victim's choice about the police recorded"),
        StepDef("parents_told", "Parents or carers told"),
        StepDef("action", "Action taken"),
    ),
    Kind.ADULT_DISCLOSURE: (
        StepDef("lado_referral", "Referred to the LADO"),
        StepDef(LADO_ADVICE, "The LADO's advice recorded", after=("lado_referral",)),
        StepDef(
            "action",
            "Action against the member of staff",
            after=(LADO_ADVICE,),
            gate_rule="safeguarding.adult_disclosure",
            gate_param="await_lado_advice",
        ),
    ),
    Kind.STAFF_CONCERN: (
        StepDef("lado_consulted", "The LADO consulted"),
        StepDef("outcome", "Outcome recorded"),
    ),
    Kind.INDECENT_IMAGES: (
        StepDef("police_told", "Police told"),
        StepDef("head_told", "Head told"),
        StepDef("device_secured", "Device secured, unopened, for the police"),
    ),
    Kind.PREVENT: (
        StepDef("dsl_reviewed", "Reviewed by the safeguarding lead"),
        StepDef("channel_referral", "Referred to Channel / the Prevent team"),
        StepDef("outcome", "Outcome recorded"),
    ),
    Kind.SIGHTING: (
        StepDef("lead_told", "The child-protection lead told"),
        StepDef("followed_up", "Followed up"),
    ),
    Kind.PUPIL_DISCLOSURE: (
        StepDef("dsl_reviewed", "Reviewed by the safeguarding lead"),
        StepDef("referral", "Referred to children's social care or the police"),
        StepDef("parents_told", "Parents or carers told"),
        StepDef("outcome", "Outcome recorded"),
    ),
    Kind.BREACH: (
        StepDef("outcome", "Disciplinary outcome"),
        StepDef("removal_requested", "Asked for the posting to be removed"),
        StepDef(
            "removal_result",
            "Whether the posting was removed",
            after=("removal_requested",),
            gate_rule="safeguarding.breaches",
            gate_param="removal_request",
        ),
    ),
}


def step_def(kind: str, code: str) -> StepDef | None:
    """Return the named step of a kind, or None if the kind has no such step."""
    return next((s for s in FLOWS[kind] if s.code == code), None)
