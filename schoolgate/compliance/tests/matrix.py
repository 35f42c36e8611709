from schoolgate.core.matrix import ANY_STAFF, SCHOOL_STAFF, Row

LEADERS_AND_HR = frozenset({"head", "deputy", "dsl", "hr", "ceo", "exec_head", "outsider"})


def _version(personas):  # type: ignore[no-untyped-def]
    from schoolgate.compliance.tests.factories import PolicyVersionFactory

    return {"pk": PolicyVersionFactory(school=personas.school, published_by=personas.head).pk}


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
    "compliance:training": Row(allow=LEADERS_AND_HR),
    "compliance:training_new": Row(allow=LEADERS_AND_HR),
    "compliance:selfcheck": Row(allow=ANY_STAFF),
    "compliance:trust": Row(allow=frozenset({"ceo", "exec_head", "chair"})),
}
