"""Forms for channels, the composer, approval and the pause switch."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from schoolgate.people.forms import PupilChoiceField, PupilMultipleChoiceField
from schoolgate.people.models import Pupil, School
from schoolgate.publishing.models import Audience, Channel, OutboxItem, Post

CREDENTIAL_FIELDS = (
    "access_token",
    "access_secret",
    "api_key",
    "api_secret",
    "account_id",
    "instance_url",
)


class ChannelForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Channel
        fields = ["kind", "name", "handle", "audience", "audience_value", "is_active"]

    def __init__(self, *args: Any, platforms: frozenset[str] | None = None, **kwargs: Any) -> None:
        """Offer only the platforms the school's policy lists, when given."""
        super().__init__(*args, **kwargs)
        if platforms is not None:
            kind = self.fields["kind"]
            kind.choices = [c for c in kind.choices if c[0] in platforms]  # type: ignore[attr-defined]


class CredentialsForm(forms.Form):
    """New credentials for a channel; what is stored is never shown back."""

    access_token = forms.CharField(widget=forms.PasswordInput, required=False)
    access_secret = forms.CharField(
        widget=forms.PasswordInput, required=False, help_text="Only where the platform uses one."
    )
    api_key = forms.CharField(
        widget=forms.PasswordInput, required=False, help_text="X: the app's API key."
    )
    api_secret = forms.CharField(
        widget=forms.PasswordInput, required=False, help_text="X: the app's API key secret."
    )
    account_id = forms.CharField(
        required=False,
        max_length=200,
        help_text="Facebook: the Page's id. Bluesky: the handle, if not the channel's.",
    )
    instance_url = forms.URLField(
        required=False, assume_scheme="https", help_text="Mastodon: your server's address."
    )

    def clean_instance_url(self) -> str:
        """Refuse a server that is not https on a public address (SSRF)."""
        from schoolgate.publishing.netguard import UnsafeAddress, check_server_address

        url = self.cleaned_data.get("instance_url") or ""
        if not url:
            return ""
        try:
            return check_server_address(url)
        except UnsafeAddress as error:
            raise forms.ValidationError(str(error)) from None

    def credentials(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if v}


class RetagForm(forms.Form):
    """Correct who one face of a published post is."""

    face = forms.IntegerField(widget=forms.HiddenInput)
    pupil = PupilChoiceField(queryset=Pupil.objects.none(), label="The pupil it really is")

    def __init__(self, *args: Any, school: School, face_label: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(
            "forms.ModelChoiceField[Pupil]", self.fields["pupil"]
        ).queryset = Pupil.objects.filter(school=school, status=Pupil.Status.CURRENT).order_by(
            "surname", "first_name", "class_name"
        )
        if face_label:
            self.fields["pupil"].label = f"Who {face_label} really is"
        face = self.data.get("face") if self.is_bound else self.initial.get("face", "")
        self.auto_id = f"id_face{face}_%s"


class SentFilterForm(forms.Form):
    """Search what was sent to a channel."""

    q = forms.CharField(label="Search titles", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *OutboxItem.Status.choices],
    )

    def value(self, name: str) -> str:
        return self.cleaned_data.get(name, "") if self.is_valid() else ""


class ApproveForm(forms.Form):
    """Approving a post: now, or at a chosen time (the outbox sends it then)."""

    publish_at = forms.DateTimeField(
        label="Publish at (optional)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Leave empty to publish as soon as you approve. Consent is checked again then.",
    )

    def clean_publish_at(self) -> Any:
        from django.utils import timezone

        when = self.cleaned_data.get("publish_at")
        if when is not None and when <= timezone.now():
            raise forms.ValidationError("Choose a time in the future, or leave it empty.")
        return when


class PostForm(forms.Form):
    """The composer: what a post says, where it goes, and who is in its photos."""

    title = forms.CharField(max_length=200)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=(
            "Plain text; leave a blank line for a new paragraph. If you like: **bold**, "
            "*italic*, a line starting “- ” for a list (“1. ” for a numbered one) and "
            "[words](https://…) for a link."
        ),
    )
    channels = forms.ModelMultipleChoiceField(
        queryset=Channel.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    audience = forms.ChoiceField(choices=Audience.choices, initial=Audience.PUBLIC)
    audience_value = forms.CharField(
        max_length=60,
        required=False,
        label="Class or key stage (private posts only)",
        help_text="The class (such as 4B) or key stage (EYFS, KS1, KS2) whose parents read it.",
    )
    public_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Why everyone may read it (public posts only)",
        help_text="Your policy keeps posts to a class or key stage unless there is a reason; "
        "the approver sees what you write.",
    )
    speaks_for_school = forms.BooleanField(
        required=False,
        label="This post speaks for the school (a statement or a response on its behalf)",
        help_text="Only those your policy names may say it, so they approve it first.",
    )
    tags = forms.CharField(required=False, help_text="Topics, separated by commas.")
    pupils = PupilMultipleChoiceField(
        queryset=Pupil.objects.none(),
        required=False,
        label="Pupils in the photos",
        help_text="Tag every pupil who can be seen, so their consent is checked.",
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any):
        from schoolgate.publishing import policy

        super().__init__(*args, **kwargs)
        channels = Channel.objects.filter(school=school, is_active=True)
        targets = policy.cross_post_targets(school)
        if targets is not None:
            # Blog posts reach the profile's cross-posting targets only (gate.py).
            channels = channels.filter(kind__in=[Channel.Kind.BLOG, *targets])
            self.fields[
                "channels"
            ].help_text = (
                "Your policy copies blog posts to these pages; nobody posts there by hand."
            )
        cast("forms.ModelChoiceField[Channel]", self.fields["channels"]).queryset = channels
        cast(
            "forms.ModelChoiceField[Pupil]", self.fields["pupils"]
        ).queryset = Pupil.objects.filter(school=school, status=Pupil.Status.CURRENT).order_by(
            "first_name", "surname"
        )
        self.fields["audience"].initial = policy.default_audience(school)
        if not policy.public_needs_reason(school):
            del self.fields["public_reason"]
        if not policy.statements_checked(school):
            del self.fields["speaks_for_school"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("audience", Audience.PUBLIC) != Audience.PUBLIC and not data.get(
            "audience_value"
        ):
            self.add_error("audience_value", "Say which class or key stage may read it.")
        return data

    def tag_names(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data.get("tags", "").split(",") if t.strip()]


class RejectForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why it goes back")


class PauseForm(forms.Form):
    reason = forms.CharField(max_length=300, label="Why publishing is paused")
    whole_trust = forms.BooleanField(required=False, label="Pause every school in the trust")


class PostFilterForm(forms.Form):
    """The news list's search and filters; the author filter only for those
    who see other people's posts."""

    q = forms.CharField(label="Search titles and text", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Post.Status.choices]
    )
    author = forms.TypedChoiceField(label="Author", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, authors: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if authors:
            choices = [(str(a.pk), str(a)) for a in authors]
            cast(forms.ChoiceField, self.fields["author"]).choices = [("", "Anyone"), *choices]
        else:
            del self.fields["author"]

    def value(self, name: str) -> Any:
        """Return a cleaned filter value, or "" when the form is not valid."""
        return (self.cleaned_data.get(name) or "") if self.is_valid() else ""

    def described(self) -> str:
        """Return the search and filters in words, for "No posts match …"."""
        parts = []
        if self.value("q"):
            parts.append(f"the search “{self.value('q')}”")
        if self.value("status"):
            parts.append(f"the status “{Post.Status(self.value('status')).label}”")
        if self.value("author"):
            # django-stubs type choices as anything it may be set to; Django keeps a list.
            names = dict(cast(forms.ChoiceField, self.fields["author"]).choices)  # type: ignore[arg-type]
            parts.append(f"the author {names[str(self.value('author'))]}")
        return " and ".join(parts) or "these filters"


class TakeDownForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why it is taken down",
        help_text="Kept in the audit trail and shown on the takedowns page.",
    )
    confirm = forms.BooleanField(
        label="I understand it comes off the blog and every channel it went to",
    )
