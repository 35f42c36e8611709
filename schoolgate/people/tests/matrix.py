from schoolgate.core.matrix import ANY_STAFF, Row
from schoolgate.people.tests.factories import ImportJobFactory

LEADERS = frozenset({"head", "deputy", "ceo", "exec_head"})
IMPORTERS = LEADERS | {"office"}
PARENT_CONTACTS = IMPORTERS | {"dsl"}
# The outsider is a head, and opens these pages for their own school.
WORKFORCE = ANY_STAFF - {"governor", "chair"}

MATRIX = {
    "people:pupils": Row(allow=WORKFORCE),
    "people:pupils_export": Row(allow=PARENT_CONTACTS | {"dpo", "outsider"}),
    "people:parents": Row(allow=PARENT_CONTACTS | {"outsider"}),
    "people:parents_export": Row(allow=PARENT_CONTACTS | {"outsider"}),
    "people:staff": Row(allow=ANY_STAFF),
    "people:staff_export": Row(allow=IMPORTERS | {"hr", "dpo", "outsider"}),
    "people:import": Row(allow=IMPORTERS | {"hr", "outsider"}),
    # A pupils import: HR imports staff only; another school's head sees nothing.
    "people:import_job": Row(
        allow=IMPORTERS,
        kwargs=lambda p: {"pk": ImportJobFactory(school=p.school).pk},
        hide=True,
    ),
}
