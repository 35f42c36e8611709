from django.apps import AppConfig

EVENTS = {
    "auth.password_changed": "Changed their password",
    "auth.invitations_queued": "Queued invitations to sign in",
    "auth.invitation_sent": "Sent an invitation to sign in",
    "auth.invitation_accepted": "Accepted an invitation and set a password",
    "auth.password_reset_requested": "Asked for a password reset link",
    "auth.password_reset": "Set a new password from a reset link",
    "auth.sign_in_provider_saved": "Changed a Microsoft or Google sign-in setting",
    "auth.sign_in_refused": "Refused a sign-in through Microsoft or Google",
    "auth.parent_login_linked": "Gave a parent a login",
    "auth.magic_link_requested": "Asked for a sign-in link by email",
    "auth.parent_method_set": "Chose how parents sign in",
    "auth.parent_letters_printed": "Printed sign-in letters with one-time codes for parents",
    "auth.parent_letter_code_used": "Made a parent's login from a letter's one-time code",
    "auth.parent_letter_code_refused": "Refused a letter's one-time code",
}


class AccountsConfig(AppConfig):
    name = "schoolgate.accounts"
    label = "accounts"

    def ready(self) -> None:
        from schoolgate.accounts import signals  # noqa: F401  (connects receivers)
        from schoolgate.audit import events

        for code, text in EVENTS.items():
            events.register(code, text)
