from django.utils import timezone

from schoolgate.core.matrix import Row
from schoolgate.people.tests.factories import PupilFactory

# Subject access is the data protection officer's alone (data.protection:dpo_roles).
DPO = frozenset({"dpo"})


def _pupil(p):  # type: ignore[no-untyped-def]
    return {"kind": "pupil", "pk": PupilFactory(school=p.school).pk}


def _open_request(p):  # type: ignore[no-untyped-def]
    from schoolgate.dataprotection.models import SubjectAccessRequest

    today = timezone.localdate()
    made = SubjectAccessRequest.objects.create(
        school=p.school,
        kind="pupil",
        pupil=PupilFactory(school=p.school),
        requested_by="The pupil's mother",
        received_on=today,
        due_on=today,
        recorded_by=p.users["dpo"],
    )
    return {"pk": made.pk}


MATRIX = {
    "dataprotection:requests": Row(allow=DPO),
    "dataprotection:person": Row(allow=DPO, kwargs=_pupil),
    "dataprotection:export": Row(allow=DPO, kwargs=_pupil, method="post"),
    "dataprotection:answered": Row(allow=DPO, kwargs=_open_request, method="post", ok=(302,)),
}
