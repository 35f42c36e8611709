from schoolgate.core.matrix import SIGNED_IN, Row

MATRIX = {
    "notifications:preferences": Row(allow=SIGNED_IN),
}
