"""Forms for raising a concern and working on a record, with prompts for good records."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from schoolgate.accounts.models import User
from schoolgate.people.forms import PupilMultipleChoiceField
from schoolgate.people.models import Pupil, StaffMember
from schoolgate.safeguarding.models import Kind, Record, RetentionReview
from schoolgate.safeguarding.selectors import FormAsks, form_asks

STAFF_KINDS = {Kind.ADULT_DISCLOSURE, Kind.STAFF_CONCERN}


class RecordForm(forms.Form):
    """A new concern. Help texts prompt for what makes a record useful later."""

    reporter_role = forms.CharField(
        label="Your name and role",
        max_length=200,
        help_text="For example 'Anna Price, Year 4 class teacher'.",
    )
    happened_at = forms.DateTimeField(
        label="When it happened",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Date and time, as exactly as you know them.",
    )
    place = forms.CharField(
        label="Where",
        max_length=200,
        required=False,
        help_text="Where it happened, or which site or app.",
    )
    pupils = PupilMultipleChoiceField(
        label="Pupils it concerns", queryset=Pupil.objects.none(), required=False
    )
    staff = forms.ModelMultipleChoiceField(
        label="Members of staff it concerns",
        queryset=StaffMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    account = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Facts, not opinions: what you saw and heard, who was there, what you did.",
    )
    child_words = forms.CharField(
        label="The child's own words",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Write what the child said exactly as they said it; do not tidy it up.",
    )
    disclosed_by = forms.ChoiceField(
        label="Who disclosed it", choices=Record.DisclosedBy.choices, required=False
    )
    urgency = forms.ChoiceField(choices=Record.Urgency.choices, initial=Record.Urgency.ROUTINE)
    told_dsl_in_person = forms.BooleanField(
        label="I have also told the safeguarding lead in person",
        required=False,
        help_text="Needed for an urgent concern: do not rely on this system alone.",
    )
    evidence = forms.FileField(
        label="Evidence (screenshot, saved message)",
        required=False,
        help_text="PNG, JPEG, GIF, WebP, PDF or plain text. It is encrypted when saved.",
    )

    def __init__(
        self,
        *args: Any,
        school: Any,
        kind: str,
        is_dsl: bool = False,
        asks: FormAsks | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        asks = asks or form_asks(school)
        self.is_dsl = is_dsl
        if is_dsl:
            # The safeguarding lead is signed in: Schoolgate knows their name and
            # role, and there is nobody else to tell in person.
            del self.fields["reporter_role"]
            del self.fields["told_dsl_in_person"]
        cast(
            "forms.ModelChoiceField[Pupil]", self.fields["pupils"]
        ).queryset = Pupil.objects.filter(school=school, status=Pupil.Status.CURRENT)
        cast(
            "forms.ModelChoiceField[StaffMember]", self.fields["staff"]
        ).queryset = StaffMember.objects.filter(school=school, is_current=True)
        if kind != Kind.ADULT_DISCLOSURE:
            del self.fields["disclosed_by"]
        elif asks.steps_by_discloser:
            self._guide_by_discloser()
        if kind == Kind.INDECENT_IMAGES:
            self._guide_indecent_images(asks)
        if kind == Kind.CYBERBULLYING:
            self._ask_cyberbullying(asks.victim_police_choice)
            if asks.line_manager:
                self.fields[
                    "reported_by"
                ].help_text += f" Tell your line manager too ({asks.line_manager})."
        if kind == Kind.BREACH:
            self._ask_breach()

    def _guide_by_discloser(self) -> None:
        # shire "Child Protection Guidance": what to do next depends on who told you.
        field = cast(forms.ChoiceField, self.fields["disclosed_by"])
        field.required = True
        field.choices = [c for c in Record.DisclosedBy.choices if c[0]]
        field.widget = forms.RadioSelect(choices=field.choices)
        field.help_text = (
            "A parent: calm them and explain what happens next. A member of staff: keep "
            "who they are confidential. A child: follow the child-protection procedure "
            "until the police have investigated. In every case, refer to the LADO."
        )

    def _ask_cyberbullying(self, victim_decides: bool) -> None:
        self.fields["place"].required = True
        self.fields["place"].help_text = "The app, site or group chat, and where the child was."
        self.fields["reported_by"] = forms.CharField(
            label="Who reported it",
            max_length=200,
            help_text="The child themselves, a friend, a parent, a member of staff.",
        )
        self.fields["evidence_described"] = forms.CharField(
            label="What evidence there is",
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text="Screenshots, saved messages, who holds them. Attach them below.",
        )
        if victim_decides:
            self.fields["police_choice"] = forms.ChoiceField(
                label="The child's own choice about the police",
                choices=Record.PoliceChoice.choices[1:],
                help_text="Ask the child; record what they chose, not what you think best.",
            )
        # The file field follows the description that says "attach them below".
        if "evidence" in self.fields:
            self.fields["evidence"] = self.fields.pop("evidence")

    def _ask_breach(self) -> None:
        self.fields["breach_outcome"] = forms.CharField(
            label="Disciplinary outcome",
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text="Leave empty if not yet decided; record it later as a step.",
        )
        self.fields["removal_requested"] = forms.BooleanField(
            label="The posting's removal has been requested", required=False
        )
        self.fields["removal_result"] = forms.ChoiceField(
            label="Whether the posting was removed",
            choices=Record.RemovalResult.choices,
            required=False,
        )

    def _guide_indecent_images(self, asks: FormAsks) -> None:
        del self.fields["evidence"]
        self.fields["account"].help_text = (
            "Describe only where and when the material was found and on what device. "
            "Do not open, copy, forward or look further into it."
        )
        if asks.police_tick:
            self.fields["police_told"] = forms.BooleanField(label="I have told the police")
        else:
            # The safeguarding lead decides whether the police are told, so a
            # pupil is not needlessly criminalised (e.g. stpeters "Online safety").
            self.fields["account"].help_text += (
                " Do not call the police yourself: the safeguarding lead decides whether "
                f"they are told ({asks.police_source})."
            )
        self.fields["head_told"] = forms.BooleanField(label="I have told the head")
        self.fields["not_handled"] = forms.BooleanField(
            label="I have not opened, copied or forwarded the material"
        )

    def clean_happened_at(self) -> Any:
        value = self.cleaned_data["happened_at"]
        if value and value > timezone.now():
            raise forms.ValidationError("That time is in the future.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_dsl:
            data["told_dsl_in_person"] = data.get("urgency") == Record.Urgency.URGENT
        elif data.get("urgency") == Record.Urgency.URGENT and not data.get("told_dsl_in_person"):
            self.add_error(
                "told_dsl_in_person",
                "An urgent concern must also be told to the safeguarding lead in person.",
            )
        if self.kind in STAFF_KINDS and not data.get("staff"):
            self.add_error("staff", "Choose the member of staff it concerns.")
        if data.get("removal_result") and not data.get("removal_requested"):
            self.add_error("removal_result", "Removal must have been requested first.")
        return data


class StepForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AmendForm(forms.Form):
    text = forms.CharField(
        label="Correction or addition",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The original stays as written; this is added beneath it.",
    )
    reason = forms.CharField(label="Why", max_length=500)


class CloseForm(forms.Form):
    reason = forms.CharField(
        label="Why the record can be closed", widget=forms.Textarea(attrs={"rows": 3})
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="Add evidence",
        help_text="PNG, JPEG, GIF, WebP, PDF or plain text. It is encrypted when saved.",
    )


class TaskForm(forms.Form):
    title = forms.CharField(label="Follow-up", max_length=200)
    due_on = forms.DateField(label="Due by", widget=forms.DateInput(attrs={"type": "date"}))
    assignee: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label="Who does it", queryset=None, empty_label="Choose who…"
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[User]", self.fields["assignee"]).queryset = people


class LinkForm(forms.Form):
    other = forms.IntegerField(label="Record number to link", min_value=1)
    reason = forms.CharField(label="Why they are linked", max_length=200, required=False)


class TransferForm(forms.Form):
    new_school = forms.CharField(
        label="The school the file goes to",
        max_length=200,
        help_text="Send it securely and separately from the main pupil file.",
    )


class ReceiptForm(forms.Form):
    received_by = forms.CharField(label="Received by (name and role)", max_length=200)
    received_on = forms.DateField(
        label="Received on", widget=forms.DateInput(attrs={"type": "date"})
    )


class RetentionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", choices=RetentionReview.Decision.choices, widget=forms.RadioSelect
    )
    keep_until = forms.DateField(
        label="Keep until",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Needed to keep it: when it is next reviewed.",
    )
    reason = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 2}))
