"""The steps each kind of record goes through, and the rule behind each gate.

A step may name steps that must be done first (`after`); `gate_rule` and
`gate_param` say which policy switch makes that order binding, so the
refusal can quote the rule's reason and source. A step may also belong to
some policies only (`only_if`: a rule's yes/no parameter and the value it
needs) or to some disclosers only (`disclosed_by`, where the rule's
`steps_by_discloser` is on); `steps_for_record` keeps the steps that apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from schoolgate.people.models import School
from schoolgate.safeguarding.models import Kind, Record


@dataclass(frozen=True)
class StepDef:
    code: str
    label: str
    after: tuple[str, ...] = ()
    gate_rule: str = ""
    gate_param: str = ""
    only_if: tuple[str, str, bool] | None = None  # (rule, yes/no parameter, value needed)
    disclosed_by: tuple[str, ...] = ()  # who disclosed, where the steps differ by it


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
CYBERBULLYING = "safeguarding.cyberbullying"
INDECENT_IMAGES = "safeguarding.indecent_images"
ADULT_DISCLOSURE = "safeguarding.adult_disclosure"

FLOWS: dict[str, tuple[StepDef, ...]] = {
    Kind.CYBERBULLYING: (
        StepDef("evidence_kept", "Evidence kept (screenshots, messages)"),
        StepDef(
            "line_manager_told",
            "Reported to the line manager of the member of staff who raised it",
            only_if=(CYBERBULLYING, "line_manager_told", True),
        ),
        StepDef(
            "police_choice",
            "The victim's choice about the police recorded",
            only_if=(CYBERBULLYING, "victim_decides_police", True),
        ),
        StepDef(
            "police_decision",
            "Decided whether to involve the police",
            only_if=(CYBERBULLYING, "victim_decides_police", False),
        ),
        StepDef("parents_told", "Parents or carers told"),
        StepDef("action", "Action taken"),
    ),
    Kind.ADULT_DISCLOSURE: (
        StepDef(
            "parent_reassured",
            "The parent calmed and the process explained to them",
            disclosed_by=(Record.DisclosedBy.PARENT,),
        ),
        StepDef(
            "discloser_confidential",
            "The member of staff who disclosed kept confidential",
            disclosed_by=(Record.DisclosedBy.STAFF,),
        ),
        StepDef(
            "child_protection_process",
            "The child-protection process followed while the police investigate",
            disclosed_by=(Record.DisclosedBy.CHILD,),
        ),
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
        StepDef("police_told", "Police told", only_if=(INDECENT_IMAGES, "tell_police", True)),
        StepDef(
            "police_decision",
            "The safeguarding lead decided whether the police are told",
            only_if=(INDECENT_IMAGES, "tell_police", False),
        ),
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


def applies(step: StepDef, school: School, disclosed_by: str = "") -> bool:
    """Return whether the step belongs to a record under the school's policy."""
    from schoolgate.safeguarding import policy

    if step.only_if is not None:
        rule, param, wanted = step.only_if
        if policy.step_asked(school, rule, param) != wanted:
            return False
    if step.disclosed_by:
        return policy.steps_by_discloser(school) and disclosed_by in step.disclosed_by
    return True


def steps_for_record(kind: str, school: School, disclosed_by: str = "") -> tuple[StepDef, ...]:
    """Return the steps a record of this kind goes through under the school's policy, in order."""
    return tuple(s for s in FLOWS[kind] if applies(s, school, disclosed_by))


def step_def(kind: str, code: str) -> StepDef | None:
    """Return the named step of a kind, or None if the kind has no such step."""
    return next((s for s in FLOWS[kind] if s.code == code), None)
