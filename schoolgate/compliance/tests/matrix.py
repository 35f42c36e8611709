from schoolgate.core.matrix import ANY_STAFF, SCHOOL_STAFF, Row

LEADERS_AND_HR = frozenset({"head", "deputy", "dsl", "hr", "ceo", "exec_head", "outsider"})


def _version(personas):  # type: ignore[no-untyped-def]
    from schoolgate.compliance.tests.factories import PolicyVersionFactory

    return {"pk": PolicyVersionFactory(school=personas.school, published_by=personas.head).pk}


def _query(personas):  # type: ignore[no-untyped-def]
    from schoolgate.compliance.tests.factories import PolicyVersionFactory, SignOffFactory

    version = PolicyVersionFactory(school=personas.school, published_by=personas.head)
    signoff = SignOffFactory(
        version=version, user=personas.teacher, status="query", question="May I?"
    )
    # Everyone else has signed, so nobody is sent to the sign page first.
    for user in personas.users.values():
        if user != personas.teacher:
            SignOffFactory(version=version, user=user)
    return {"pk": signoff.pk}


def _session(personas):  # type: ignore[no-untyped-def]
    from schoolgate.compliance.tests.factories import TrainingSessionFactory

    return {"pk": TrainingSessionFactory(school=personas.school, recorded_by=personas.hr).pk}


def _saved_check(personas):  # type: ignore[no-untyped-def]
    from schoolgate.compliance.models import SavedCheck

    saved = SavedCheck.objects.create(user=personas.teacher, school=personas.school)
    return {"pk": saved.pk}


MATRIX = {
    "compliance:document": Row(allow=ANY_STAFF),
    "compliance:document_pdf": Row(allow=ANY_STAFF),
    "compliance:versions": Row(allow=ANY_STAFF),
    "compliance:version_publish": Row(
        allow=frozenset({"head", "ceo", "exec_head", "outsider"}), method="post"
    ),
    "compliance:version": Row(allow=SCHOOL_STAFF, kwargs=_version, hide=True),
    "compliance:sign": Row(allow=ANY_STAFF),
    # shire and brize leave signoff.required's tracked_by at head and HR.
    "compliance:signoffs": Row(allow=frozenset({"head", "hr", "outsider"})),
    "compliance:signoffs_csv": Row(allow=frozenset({"head", "hr", "outsider"})),
    # Queries go to the head (and an executive head over the school).
    "compliance:query_reply": Row(
        allow=frozenset({"head", "exec_head"}), kwargs=_query, hide=True
    ),
    "compliance:training": Row(allow=LEADERS_AND_HR),
    "compliance:training_csv": Row(allow=LEADERS_AND_HR),
    "compliance:training_edit": Row(
        allow=LEADERS_AND_HR - {"outsider"}, kwargs=_session, hide=True
    ),
    "compliance:training_delete": Row(
        allow=LEADERS_AND_HR - {"outsider"},
        kwargs=_session,
        method="post",
        ok=(302,),
        hide=True,
    ),
    # A saved check is its person's alone.
    "compliance:selfcheck_delete": Row(
        allow=frozenset({"teacher"}), kwargs=_saved_check, method="post", ok=(302,), hide=True
    ),
    "compliance:training_new": Row(allow=LEADERS_AND_HR),
    "compliance:selfcheck": Row(allow=ANY_STAFF),
    "compliance:trust": Row(allow=frozenset({"ceo", "exec_head", "chair"})),
}
