from schoolgate.core.matrix import EVERYONE, SIGNED_IN, Row

MATRIX = {
    # Signed-in people are sent on from the sign-in page.
    "accounts:login": Row(allow=EVERYONE, ok=(200, 302)),
    "accounts:logout": Row(allow=SIGNED_IN, method="post", ok=(302,)),
    "accounts:verify": Row(allow=SIGNED_IN, ok=(200, 302)),
    "accounts:enrol": Row(allow=SIGNED_IN, ok=(200, 302)),
    "accounts:password": Row(allow=SIGNED_IN),
    "accounts:backup_codes": Row(allow=SIGNED_IN),
}
