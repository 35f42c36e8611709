from schoolgate.core.matrix import ANY_STAFF, Row
from schoolgate.devices.tests.factories import DeviceFactory, TripPhoneLoanFactory

LEADERS = frozenset({"head", "deputy", "ceo", "exec_head"})
KEEPERS = LEADERS | {"ict"}
# The outsider is a head, and opens these pages for their own school.
WORKFORCE = ANY_STAFF - {"governor", "chair"}
HAND_IN = LEADERS | {"office", "teacher", "outsider"}
# shire (and the default brize falls back to): head, deputy and teachers lead visits.
SIGN_OUT = {"head", "deputy", "teacher", "outsider"}


def _device(p):
    return {"pk": DeviceFactory(school=p.school).pk}


def _loan(p):
    return {"pk": TripPhoneLoanFactory(device__school=p.school).pk}


MATRIX = {
    "devices:list": Row(allow=WORKFORCE),
    "devices:export": Row(allow=KEEPERS | {"outsider"}),
    "devices:create": Row(allow=KEEPERS | {"outsider"}),
    "devices:edit": Row(allow=KEEPERS, kwargs=_device, hide=True),
    "devices:retire": Row(allow=KEEPERS, kwargs=_device, method="post", ok=(302,), hide=True),
    "devices:trip_phone": Row(allow=WORKFORCE),
    # An empty form: allowed people see it again with its errors.
    "devices:trip_phone_sign_out": Row(allow=SIGN_OUT, method="post", ok=(400,)),
    "devices:trip_phone_return": Row(
        allow=WORKFORCE - {"outsider"}, kwargs=_loan, method="post", ok=(302,), hide=True
    ),
    "devices:hand_in": Row(allow=HAND_IN),
    # No pupil named: the allowed are told so (400) after the permission check.
    "devices:hand_in_mark": Row(allow=HAND_IN, method="post", ok=(400,)),
    "devices:own_phone": Row(allow=WORKFORCE),
}
