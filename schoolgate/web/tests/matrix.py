from schoolgate.core.matrix import ANY_STAFF, EVERYONE, SIGNED_IN, Row

MATRIX = {
    "web:home": Row(allow=EVERYONE, ok=(302,)),
    "web:dashboard": Row(allow=ANY_STAFF),
    "web:switch_school": Row(allow=SIGNED_IN, method="post", ok=(302,)),
    "web:health": Row(allow=EVERYONE),
    "web:family": Row(allow=frozenset({"parent"})),
}
