from schoolgate.core.matrix import ANY_STAFF, Row

# Heads, executive heads and CEOs; the outsider is a head at their own school.
OVERRIDERS = frozenset({"head", "exec_head", "ceo", "outsider"})

MATRIX = {
    "policy:ours": Row(allow=ANY_STAFF),
    "policy:override": Row(allow=OVERRIDERS),
    "policy:override_remove": Row(
        allow=OVERRIDERS,
        method="post",
        data={"rule": "publishing.child_naming", "param": "mode"},
        ok=(302,),
    ),
}
