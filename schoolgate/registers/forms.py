"""Forms for the registers: filters, entries and decisions."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from schoolgate.people.models import Parent, Pupil, School
from schoolgate.registers.models import (
    ApplicationRequest,
    Declaration,
    FriendRequest,
    Platform,
    ProfessionalAccount,
)
from schoolgate.registers.policy import professional_only_asked


def _choices(choices: Any, everything: str) -> list[tuple[str, str]]:
    return [("", everything), *choices]


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False)


class AccountFilterForm(SearchForm):
    status = forms.ChoiceField(
        required=False, choices=_choices(ProfessionalAccount.Status.choices, "Any status")
    )
    platform = forms.ChoiceField(
        required=False, choices=_choices(Platform.choices, "Any platform")
    )


class ApplicationFilterForm(SearchForm):
    status = forms.ChoiceField(
        required=False, choices=_choices(ApplicationRequest.Status.choices, "Any status")
    )


class FriendRequestFilterForm(SearchForm):
    sender_kind = forms.ChoiceField(
        label="From", required=False, choices=_choices(FriendRequest.Sender.choices, "Anyone")
    )


class DeclarationFilterForm(SearchForm):
    kind = forms.ChoiceField(
        required=False, choices=_choices(Declaration.Kind.choices, "Any kind")
    )
    due = forms.BooleanField(label="Due for confirmation", required=False)


class AccountForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ProfessionalAccount
        fields = ["platform", "handle", "purpose", "audience", "visibility", "public_reason"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "public_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "visibility": "Private to a class or key stage unless there is a reason to be public.",
        }

    def __init__(self, *args: Any, school: School | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Asked only of a new request, where the school's policy asks for it.
        if school is None or self.instance.pk or not professional_only_asked(school):
            return
        self.fields["professional_only"] = forms.BooleanField(
            label=ProfessionalAccount._meta.get_field("professional_only").verbose_name,
            required=True,
            help_text="Comment, like and share on the school's pages from a professional "
            "account under your formal name, never from a personal one.",
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("decline", "Decline")], widget=forms.RadioSelect
    )
    reason = forms.CharField(label="Reasons", widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}))


class ApplicationForm(forms.ModelForm):  # type: ignore[type-arg]
    address = forms.URLField(
        required=False, assume_scheme="https", help_text="Its web address, if it has one."
    )
    for_school_work = forms.TypedChoiceField(
        label="Is it for school work?",
        choices=[
            ("yes", "Yes, as part of my work at school"),
            ("no", "No, it has nothing to do with school"),
        ],
        coerce=lambda value: value == "yes",
        initial="yes",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ApplicationRequest
        fields = ["application", "address", "purpose"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}


class FriendRequestForm(forms.ModelForm):  # type: ignore[type-arg]
    """Report a request in a few seconds: platform, when, from whom."""

    class Meta:
        model = FriendRequest
        fields = ["platform", "received_on", "sender_kind", "pupil", "parent", "sender_name"]
        fields += ["notes"]
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            "forms.ModelChoiceField[Pupil]", self.fields["pupil"]
        ).queryset = Pupil.objects.filter(school=school)
        cast(
            "forms.ModelChoiceField[Parent]", self.fields["parent"]
        ).queryset = Parent.objects.filter(school=school)
        self.fields["sender_kind"].widget = forms.RadioSelect(choices=FriendRequest.Sender.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("pupil") or data.get("parent") or data.get("sender_name")):
            raise forms.ValidationError("Pick the pupil or parent, or type the name.")
        return data


class ParentsToldForm(forms.Form):
    whom = forms.CharField(label="Which parents were told", max_length=200)


class FamilyLinkForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Declaration
        fields = ["pupil_names", "parent_names", "details", "signed_name"]
        widgets = {"details": forms.Textarea(attrs={"rows": 3})}


class ParentContactForm(forms.ModelForm):  # type: ignore[type-arg]
    """The facts whmat Appendix 1 collects, asked in Schoolgate's own words."""

    class Meta:
        model = Declaration
        fields = ["job_title", "pupil_names", "parent_names", "is_friend", "is_family"]
        fields += ["read_policy", "signed_name"]
        labels = {
            "pupil_names": "Pupil whose parent you are in touch with",
            "parent_names": "Parent or parents you are in touch with on personal social media",
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("is_friend") or data.get("is_family")):
            raise forms.ValidationError("Say whether the parent is a friend or family.")
        if not data.get("read_policy"):
            self.add_error("read_policy", "Confirm you have read the policy.")
        if not data.get("parent_names"):
            self.add_error("parent_names", "Name the parent.")
        return data


class DeclarationReviewForm(forms.Form):
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What, if anything, follows from it: for example, no conflict of interest.",
    )
