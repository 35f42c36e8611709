from schoolgate.core.matrix import ANY_STAFF, Row
from schoolgate.registers.tests.factories import (
    AccountFactory,
    ApplicationFactory,
    DeclarationFactory,
    FriendRequestFactory,
)

# The outsider is a head, and opens the school-level pages for their own school.
WORKFORCE = ANY_STAFF - {"governor", "chair"}
LEADERS = frozenset({"head", "deputy", "ceo", "exec_head"})
TRUST_LEADERS = frozenset({"ceo", "exec_head"})


def _account(p):  # type: ignore[no-untyped-def]
    return {"pk": AccountFactory(school=p.school, requested_by=p.teacher).pk}


def _application(p):  # type: ignore[no-untyped-def]
    return {"pk": ApplicationFactory(school=p.school, requested_by=p.teacher).pk}


def _friend_request(p):  # type: ignore[no-untyped-def]
    return {"pk": FriendRequestFactory(school=p.school, reported_by=p.teacher).pk}


def _contact(p):  # type: ignore[no-untyped-def]
    return {"pk": DeclarationFactory(school=p.school, declarant=p.teacher).pk}


def _link(p):  # type: ignore[no-untyped-def]
    declaration = DeclarationFactory(school=p.school, declarant=p.teacher, kind="family_link")
    return {"pk": declaration.pk}


DECIDE = {"decision": "approve", "reason": "Fine for Year 6 news."}

MATRIX = {
    "registers:accounts": Row(allow=WORKFORCE),
    "registers:account_create": Row(allow=WORKFORCE),
    "registers:accounts_csv": Row(allow=LEADERS | {"outsider"}),
    "registers:accounts_pdf": Row(allow=LEADERS | {"outsider"}),
    "registers:trust_accounts": Row(allow=TRUST_LEADERS),
    "registers:trust_accounts_csv": Row(allow=TRUST_LEADERS),
    "registers:trust_accounts_pdf": Row(allow=TRUST_LEADERS),
    # The requester and the school's leaders; another school's head sees nothing.
    "registers:account": Row(allow=LEADERS | {"teacher"}, kwargs=_account, hide=True),
    "registers:account_edit": Row(allow=LEADERS | {"teacher"}, kwargs=_account, hide=True),
    # Shire: the head approves; the requester (teacher) never does.
    "registers:account_decide": Row(
        allow=frozenset({"head"}),
        kwargs=_account,
        method="post",
        data=DECIDE,
        ok=(302,),
        hide=True,
    ),  # fmt: skip
    "registers:account_set_up": Row(
        allow=LEADERS | {"teacher"}, kwargs=_account, method="post", ok=(302,), hide=True
    ),
    "registers:account_close": Row(
        allow=LEADERS | {"teacher"},
        kwargs=_account,
        method="post",
        ok=(302,),
        hide=True,
        data={"reason": "No longer used"},
    ),  # fmt: skip
    "registers:applications": Row(allow=WORKFORCE),
    "registers:application_create": Row(allow=WORKFORCE),
    "registers:applications_csv": Row(allow=LEADERS | {"ict", "outsider"}),
    "registers:application": Row(
        allow=LEADERS | {"teacher", "ict"}, kwargs=_application, hide=True
    ),
    "registers:application_edit": Row(
        allow=LEADERS | {"teacher", "ict"}, kwargs=_application, hide=True
    ),
    "registers:application_decide": Row(
        allow=frozenset({"head"}),
        kwargs=_application,
        method="post",
        data=DECIDE,
        ok=(302,),
        hide=True,
    ),  # fmt: skip
    "registers:friend_requests": Row(allow=WORKFORCE),
    "registers:friend_request_create": Row(allow=WORKFORCE),
    # Shire reports requests to the head of school; brize (the outsider's) to the DSL.
    "registers:friend_requests_csv": Row(allow=frozenset({"head"})),
    "registers:friend_request": Row(
        allow=frozenset({"head", "teacher"}), kwargs=_friend_request, hide=True
    ),
    "registers:friend_request_edit": Row(
        allow=frozenset({"head", "teacher"}), kwargs=_friend_request, hide=True
    ),
    "registers:parents_told": Row(
        allow=frozenset({"head"}),
        kwargs=_friend_request,
        method="post",
        ok=(302,),
        hide=True,
        data={"whom": "Mr and Mrs Brook"},
    ),  # fmt: skip
    "registers:declarations": Row(allow=WORKFORCE),
    "registers:declarations_csv": Row(allow=WORKFORCE),
    "registers:declaration_create": Row(allow=WORKFORCE, kwargs=lambda p: {"kind": "family_link"}),
    # Contact with parents: the declarant and HR alone (whmat 5.5).
    "registers:declaration": Row(allow=frozenset({"teacher", "hr"}), kwargs=_contact, hide=True),
    "registers:declaration_pdf": Row(
        allow=frozenset({"teacher", "hr"}), kwargs=_contact, hide=True
    ),
    "registers:declaration_edit": Row(allow=frozenset({"teacher"}), kwargs=_link, hide=True),
    "registers:declaration_confirm": Row(
        allow=frozenset({"teacher"}), kwargs=_link, method="post", ok=(302,), hide=True
    ),
    # Its keeper reviews it (HR for contact with parents), never the declarant.
    "registers:declaration_review": Row(
        allow=frozenset({"hr"}), kwargs=_contact, method="post", ok=(302,), hide=True
    ),
    "registers:declaration_withdraw": Row(
        allow=frozenset({"teacher"}), kwargs=_contact, method="post", ok=(302,), hide=True
    ),
}
