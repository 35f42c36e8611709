from schoolgate.core.matrix import EVERYONE, SIGNED_IN, Row

# The office or the head invites staff; the outsider does so at their own school.
INVITERS = frozenset({"head", "office", "exec_head"})


def _batch(personas):  # type: ignore[no-untyped-def]
    from schoolgate.accounts.models import InvitationBatch

    batch = InvitationBatch.objects.create(school=personas.school, total=0)
    return {"pk": batch.pk}


def _invitation(personas):  # type: ignore[no-untyped-def]
    from schoolgate.accounts.tests.factories import invitation

    return {"pk": invitation(personas.teacher, personas.school).pk}


MATRIX = {
    # Signed-in people are sent on from the sign-in page.
    "accounts:login": Row(allow=EVERYONE, ok=(200, 302)),
    "accounts:logout": Row(allow=SIGNED_IN, method="post", ok=(302,)),
    "accounts:verify": Row(allow=SIGNED_IN, ok=(200, 302)),
    "accounts:enrol": Row(allow=SIGNED_IN, ok=(200, 302)),
    "accounts:password": Row(allow=SIGNED_IN),
    "accounts:backup_codes": Row(allow=SIGNED_IN),
    "accounts:password_reset": Row(allow=EVERYONE),
    "accounts:password_reset_done": Row(allow=EVERYONE),
    "accounts:password_reset_confirm": Row(
        allow=EVERYONE, kwargs=lambda p: {"uidb64": "MQ", "token": "no-such-token"}
    ),
    "accounts:password_reset_complete": Row(allow=EVERYONE),
    "accounts:invitations": Row(allow=INVITERS | {"outsider"}),
    "accounts:invitation_batch": Row(allow=INVITERS, kwargs=_batch, hide=True),
    "accounts:invitation_resend": Row(
        allow=INVITERS, kwargs=_invitation, method="post", ok=(302,), hide=True
    ),
    # A link that is not (or no longer) an invitation says so, to anyone.
    "accounts:invitation": Row(allow=EVERYONE, kwargs=lambda p: {"token": "nope"}, ok=(404,)),
    "accounts:parent_method": Row(
        allow=INVITERS | {"outsider"}, method="post", data={"parent_method": "link"}, ok=(302,)
    ),
    # Printing makes codes: a form's POST that answers with the PDF.
    "accounts:parent_letters": Row(allow=INVITERS | {"outsider"}, method="post", ok=(200, 302)),
    # Where a parent types the code from a printed letter.
    "accounts:letter_code": Row(allow=EVERYONE),
    "accounts:sign_in_providers": Row(allow=frozenset({"ceo", "exec_head", "ict"})),
    "accounts:sign_in_link_request": Row(allow=EVERYONE),
    # A link with no token signs nobody in.
    "accounts:sign_in_link": Row(allow=EVERYONE, ok=(403,)),
    # allauth's OpenID Connect pages: a provider no trust has set up is not found.
    "openid_connect_login": Row(
        allow=EVERYONE, kwargs=lambda p: {"provider_id": "nope"}, ok=(404,)
    ),
    "openid_connect_callback": Row(
        allow=EVERYONE, kwargs=lambda p: {"provider_id": "nope"}, ok=(404,)
    ),
}
