from schoolgate.core.matrix import ANY_STAFF, Row
from schoolgate.registers.tests.factories import (
    AccountFactory,
    AccountReviewFactory,
    ApplicationFactory,
    DeclarationFactory,
    EventPhotoAgreementFactory,
    FilteringCheckFactory,
    FriendRequestFactory,
    LowLevelConcernFactory,
    PermissionRequestFactory,
    PolicyDepartureFactory,
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


# ---------------------------------------------------------------------------
# The smaller registers. The school runs under shire, which keeps the head's
# permissions, judgement calls and event photos; the others are switched on
# for the school where a row needs them. The outsider's school (brize) keeps
# none of them, so the outsider is refused everywhere.
# ---------------------------------------------------------------------------


def _switched_on(rule, make=None):  # type: ignore[no-untyped-def]
    def kwargs(p):  # type: ignore[no-untyped-def]
        from schoolgate.policy.models import ParameterOverride

        ParameterOverride.objects.update_or_create(
            school=p.school,
            rule=rule,
            param="enabled",
            defaults={"value": True, "reason": "Test", "set_by": p.head},
        )
        return make(p) if make else {}

    return kwargs


def _entry(factory, by="teacher", **extra):  # type: ignore[no-untyped-def]
    return lambda p: {"pk": factory(school=p.school, recorded_by=p.users[by], **extra).pk}


def _logbook_rows(slug, *, kwargs, entry, open_, add, read, mine, answer=None, data=None):  # type: ignore[no-untyped-def]
    rows = {
        f"registers:{slug}": Row(allow=open_, kwargs=kwargs),
        f"registers:{slug}_create": Row(allow=add, kwargs=kwargs),
        f"registers:{slug}_csv": Row(allow=read, kwargs=kwargs),
        f"registers:{slug}_pdf": Row(allow=read, kwargs=kwargs),
        f"registers:{slug}_entry": Row(allow=read | mine, kwargs=entry, hide=True),
    }
    if answer is not None:
        rows[f"registers:{slug}_answer"] = Row(
            allow=answer, kwargs=entry, method="post", data=data or {}, ok=(302,), hide=True
        )
    return rows


STAFF_HERE = WORKFORCE - {"outsider"}
ANSWER = {"status": "granted", "note": "Fine for the science week."}
NOTED = {"status": "noted", "note": "Thank you; discussed with HR."}
LLC_ON = "registers.low_level_concerns"
CHECKS_ON = "registers.filtering_checks"
REVIEWS_ON = "registers.account_reviews"

MATRIX |= _logbook_rows(
    "permissions",
    kwargs=None,
    entry=_entry(PermissionRequestFactory),
    open_=STAFF_HERE,
    add=STAFF_HERE,
    read=frozenset({"head"}),
    mine=frozenset({"teacher"}),
    answer=frozenset({"head"}),
    data=ANSWER,
)
MATRIX |= _logbook_rows(
    "departures",
    kwargs=None,
    entry=_entry(PolicyDepartureFactory),
    open_=STAFF_HERE,
    add=STAFF_HERE,
    read=frozenset({"head", "exec_head"}),
    mine=frozenset({"teacher"}),
    answer=frozenset({"head", "exec_head"}),
    data=NOTED,
)
MATRIX |= _logbook_rows(
    "event_photos",
    kwargs=None,
    entry=_entry(EventPhotoAgreementFactory, by="office"),
    open_=STAFF_HERE,
    add=frozenset({"head", "office"}),
    read=STAFF_HERE,
    mine=frozenset(),
)
# Confidential: the person who logged it and the keepers (DSL, head) alone.
MATRIX |= _logbook_rows(
    "low_level_concerns",
    kwargs=_switched_on(LLC_ON),
    entry=_switched_on(LLC_ON, _entry(LowLevelConcernFactory)),
    open_=STAFF_HERE,
    add=STAFF_HERE,
    read=frozenset({"head", "dsl"}),
    mine=frozenset({"teacher"}),
    answer=frozenset({"head", "dsl"}),
    data=NOTED,
)
MATRIX |= _logbook_rows(
    "filtering_checks",
    kwargs=_switched_on(CHECKS_ON),
    entry=_switched_on(CHECKS_ON, _entry(FilteringCheckFactory, by="ict")),
    open_=frozenset({"head", "dsl", "ict"}),
    add=frozenset({"ict"}),
    read=frozenset({"head", "dsl"}),
    mine=frozenset({"ict"}),
)
MATRIX |= _logbook_rows(
    "account_reviews",
    kwargs=_switched_on(REVIEWS_ON),
    entry=_switched_on(REVIEWS_ON, _entry(AccountReviewFactory)),
    open_=STAFF_HERE,
    add=STAFF_HERE,
    read=frozenset({"head"}),
    mine=frozenset({"teacher"}),
)
