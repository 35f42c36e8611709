from schoolgate.core.matrix import Row
from schoolgate.sanctions.tests.factories import PhoneBanFactory

LEADERS = frozenset({"head", "deputy", "ceo", "exec_head"})
# Office sees phone bans (hand-in), ICT sees ICT bans; the outsider heads elsewhere.
VIEWERS = LEADERS | {"dsl", "office", "ict", "outsider"}


def _ban(p):
    return {"pk": PhoneBanFactory(school=p.school, decided_by=p.head).pk}


MATRIX = {
    "sanctions:list": Row(allow=VIEWERS),
    "sanctions:create": Row(allow=LEADERS | {"outsider"}),
    # shire: only the head imposes or lifts a phone ban.
    "sanctions:lift": Row(
        allow=frozenset({"head"}),
        kwargs=_ban,
        method="post",
        data={"reason": "Phone handed in every day since."},
        ok=(302,),
        hide=True,
    ),
}
