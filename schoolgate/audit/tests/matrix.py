from schoolgate.core.matrix import Row

# The school's leaders and DPO; "outsider" is a head, reading their own school.
AUDIT_READERS = frozenset({"head", "deputy", "dpo", "ceo", "exec_head", "outsider"})

MATRIX = {
    "audit:log": Row(allow=AUDIT_READERS),
    "audit:export": Row(allow=AUDIT_READERS),
}
