"""Find personal data in a text: phone numbers, emails, postcodes, street
addresses and dates of birth.

Phone numbers come from `phonenumbers` (Google's libphonenumber rules for GB)
plus a fallback for spaced-out mobiles it does not validate; the rest are
regular expressions written for UK formats. Every result has a span.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from schoolgate.checks.base import Span, TextFinding

#: How strongly each kind of personal data counts towards a comment's
#: `personal_data` score: a phone number or a date of birth identifies a
#: child on its own; a postcode alone only narrows it to a street.
WEIGHTS = {
    "phone": 0.9,
    "email": 0.8,
    "date_of_birth": 0.9,
    "address": 0.7,
    "postcode": 0.6,
}
ADDRESS_WITH_POSTCODE_WEIGHT = 0.95

# A UK mobile written with any spacing, dots or dashes: 07xxx xxxxxx,
# 07 xx xxx xxxx, +44 (0)7xxx ... libphonenumber rejects some of these
# (and the drama range 07700 900xxx), but on a school page they are still
# someone's number.
_MOBILE = re.compile(r"(?<![\d+])(?:\+\s?44\s?(?:\(0\)\s?)?|0)7(?:[\s.\-]?\d){9}(?!\d)")
# The same for UK landlines (01..., 02..., 03...: ten or eleven digits), which
# libphonenumber also skips in the drama ranges (01632 960xxx).
_LANDLINE = re.compile(r"(?<![\d+])\(?0[1-3]\d{2,4}\)?(?:[\s.\-]?\d){6,7}(?!\d)")
# Any country's number written with its + or 00 prefix, however spaced: a
# parent abroad ("+33 6 12 34 56 78", "00 353 87 123 4567").
_INTERNATIONAL = re.compile(r"(?<![\w+])(?:\+|00)\s?[1-9]\d{0,2}(?:[\s.\-]?\(?\d\)?){6,12}(?!\d)")
# No UK number, even a short local one, has fewer digits; most comments have
# none, and skipping the matcher for them halves the cost of this module.
_FEWEST_PHONE_DIGITS = 7
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
# An address written to get past filters: "jane dot smith at gmail dot com",
# "jane[at]yahoo[dot]com", "tom AT outlook DOT com", "sarah @ bt . com".
_AT = r"(?:\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s+at\s+|\s*@\s*)"
_DOT = r"(?:\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+|\s?\.\s?)"
_LABEL = r"[a-z0-9][\w\-]*"
_TLD = (
    r"(?:com|org|net|uk|co|edu|gov|io|ie|fr|de|es|it|nl|pl|au|ca|nz|in|info|me|sch|ac|nhs|biz"
    r"|us|eu|ng|za)"
)
_SPELT_EMAIL = re.compile(
    rf"\b{_LABEL}(?:{_DOT}{_LABEL})*{_AT}{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}{_TLD}\b",
    re.IGNORECASE,
)
_SPELT_MARKS = re.compile(r"[(\[{<]\s*(?:at|dot)\s*[)\]}>]|\sdot\s|@", re.IGNORECASE)
_MAIL_HOSTS = re.compile(
    r"\sat\s+(?:gmail|googlemail|hotmail|outlook|live|yahoo|icloud|me|aol|btinternet"
    r"|protonmail|proton|sky|virginmedia|talktalk|msn|mail|ymail)\b",
    re.IGNORECASE,
)
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRVWXY])"
    r"(?:[ \t]{0,3}|-)\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
# Capitals spaced inside the first half too ("B 15 2TT", "SW 1A 1AA").
_POSTCODE_SPACED = re.compile(
    r"\b[A-PR-UWYZ][A-HK-Y]? \d{1,2}[A-HJKPSTUW]?[ \t]{1,3}\d[ABD-HJLNP-UW-Z]{2}\b"
)
_STREET_TYPES = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Court|Ct|"
    "Gardens|Gdns|Grove|Place|Pl|Terrace|Hill|Park|Row|Mews|Square|Sq|Walk|View|Rise|"
    "Green|Parade|Vale|Croft|Meadows?|Fields|Yard|Wharf|Quay|Chase|Mount|Orchard|Gate|End|"
    "Hollow|Heights|Ridge|Approach|Boulevard|Broadway|Bank|Dale|Grange|Link|Path|Wynd|Row|"
    "Top|Bottom|Cottages|Fold|Nook|Lea|[A-Z][a-z]+(?:way|gate)"
)
# Title Case street names stand on their own ("12 Acacia Avenue"); lower-case
# ones ("12 acacia avenue") only count when a postcode follows, since "5 miles
# down the road" has the same shape.
# A flat or a named building may come first ("Flat 6b, Rowan Court, 41 High
# Street"); after a flat, a street of any name counts ("Apartment 12, 200 Deansgate").
_BUILDING = (
    r"(?:(?:Flat|Apartment|Apt|Unit)\s+\d{1,4}[a-zA-Z]?,?\s+)?"
    r"(?:[A-Z][\w'\u2019\-]+\s+(?:Court|House|Lodge|Mansions|Buildings|Tower|Place),?\s+)?"
)
_ADDRESS_TITLE = re.compile(
    rf"(?:{_BUILDING}\b\d{{1,4}}[a-zA-Z]?,?\s+(?:[A-Z][\w'\u2019\-]+\s+){{1,3}}"
    rf"(?:{_STREET_TYPES})\b\.?"
    rf"|\b(?:Flat|Apartment|Apt)\s+\d{{1,4}}[a-zA-Z]?,\s+\d{{1,4}}\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
    rf"|\b(?:The\s+)?(?:[A-Z][a-z]+\s+)?(?:Rectory|Vicarage|Cottage|Farm|Lodge|Barn|Manor|Mill"
    rf"|Hall|Villa|House),\s+(?:[A-Z][\w'\u2019\-]+\s+){{1,3}}(?:{_STREET_TYPES})\b)"
)
_ADDRESS_LOWER = re.compile(
    rf"\b\d{{1,4}}[a-z]?,?\s+(?:[a-z][\w'\u2019\-]+\s+){{1,3}}(?:{_STREET_TYPES.lower()})\b",
)
# ... or when the sentence says it is where someone is ("my mum's at 21 elm drive").
_ADDRESS_SAID = re.compile(
    r"\b(?:at|to|from|is|on)\s(?P<address>\d{1,4}[a-z]?,?\s+(?:[a-z][\w'\u2019\-]+\s+){1,2}"
    r"(?:road|street|lane|avenue|close|drive|way|crescent|court|grove|gardens|place|terrace"
    r"|walk|view|rise|mews|row|square))\b",
)
_DIGIT = re.compile(r"\d")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:(?:19|20)\d\d|['\u2019]\d\d)"
_DAY_WORD = (
    r"(?:the\s+)?(?:(?:twenty|thirty)[\s\-])?(?:first|second|third|fourth|fifth|sixth|seventh"
    r"|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth"
    r"|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)"
)
_DATE = re.compile(
    rf"(?:\b\d{{1,2}}\s?[/.\-]\s?\d{{1,2}}\s?[/.\-]\s?(?:\d{{4}}|\d\d)\b"
    rf"|\b(?:19|20)\d\d[/.\-]\d{{1,2}}[/.\-]\d{{1,2}}\b"
    rf"|(?:\bthe\s+)?\b{_DAY}(?:\s+of)?[\s\-]+{_MONTH}(?:(?:,?\s+|-){_YEAR})?"
    rf"|\b{_DAY_WORD}\s+of\s+{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"
    rf"|\b{_MONTH}\s+{_YEAR})(?![\w'])",
    re.IGNORECASE,
)
_BIRTH_CUE = re.compile(
    r"\b(?:born|birthday|b'?day|d\.?o\.?b\b|date of birth|birth ?date)|(?<![\w.])b\.\s?\d",
    re.IGNORECASE,
)
_CUE_BEFORE = 40
_CUE_AFTER = 25


def find_personal_data(text: str) -> list[TextFinding]:
    """Return every piece of personal data in `text`, in order of position."""
    postcodes = list(_postcodes(text))
    found = [*_phones(text), *_emails(text), *postcodes, *_addresses(text, postcodes)]
    found += _dates_of_birth(text)
    return sorted(found, key=lambda f: f.span or (0, 0))


def personal_data_score(findings: list[TextFinding]) -> float:
    """Return 0..1: how strongly `findings` identify somebody."""
    scores = [_weight(f) for f in findings if f.kind in WEIGHTS]
    return max(scores, default=0.0)


def _weight(finding: TextFinding) -> float:
    if finding.rule == "pii.address_with_postcode":
        return ADDRESS_WITH_POSTCODE_WEIGHT
    return WEIGHTS[finding.kind]


def _phones(text: str) -> Iterator[TextFinding]:
    if len(_DIGIT.findall(text)) < _FEWEST_PHONE_DIGITS:
        return
    spans = [(m.start, m.end) for m in phonenumbers.PhoneNumberMatcher(text, "GB")]
    for pattern in (_MOBILE, _LANDLINE, _INTERNATIONAL):
        spans += [m.span() for m in pattern.finditer(text) if not _overlaps(m.span(), spans)]
    for span in sorted(spans):
        yield TextFinding("pii.phone", "phone", "A phone number appears", span)


def _emails(text: str) -> Iterator[TextFinding]:
    # Matching back from each "@" keeps the cost off the rest of the text.
    at = text.find("@")
    while at != -1:
        match = _EMAIL.match(text, _local_part_start(text, at))
        if match is not None:
            yield TextFinding("pii.email", "email", "An email address appears", match.span())
        at = text.find("@", match.end() if match else at + 1)
    yield from _spelt_emails(text)


def _spelt_emails(text: str) -> Iterator[TextFinding]:
    """Yield addresses spelt out to dodge filters; a plain one is found above."""
    if " at " not in text.lower() and not _SPELT_MARKS.search(text):
        return
    for match in _SPELT_EMAIL.finditer(text):
        written = match.group()
        if _EMAIL.fullmatch(written):
            continue  # an ordinary address, already found
        if _SPELT_MARKS.search(written) or _MAIL_HOSTS.search(" " + written):
            reason = "An email address appears (spelt out)"
            yield TextFinding("pii.email", "email", reason, match.span())


def _local_part_start(text: str, at: int) -> int:
    start = at
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._+-"):
        start -= 1
    return start


def _postcodes(text: str) -> Iterator[TextFinding]:
    spans = [m.span() for m in _POSTCODE.finditer(text)]
    spans += [m.span() for m in _POSTCODE_SPACED.finditer(text) if not _overlaps(m.span(), spans)]
    for span in sorted(spans):
        yield TextFinding("pii.postcode", "postcode", "A postcode appears", span)


def _addresses(text: str, postcodes: list[TextFinding]) -> Iterator[TextFinding]:
    if not _DIGIT.search(text):
        return
    postcode_starts = [f.span[0] for f in postcodes if f.span]
    found: list[Span] = []
    for pattern in (_ADDRESS_TITLE, _ADDRESS_LOWER, _ADDRESS_SAID):
        for match in pattern.finditer(text):
            span = match.span("address" if pattern.groupindex else 0)
            boosted = any(0 <= start - span[1] <= 40 for start in postcode_starts)
            if pattern is _ADDRESS_LOWER and not boosted or _overlaps(span, found):
                continue
            found.append(span)
            yield _address(span, boosted)


def _address(span: Span, with_postcode: bool) -> TextFinding:
    if with_postcode:
        reason = "A street address with its postcode appears"
        return TextFinding("pii.address_with_postcode", "address", reason, span)
    return TextFinding("pii.address", "address", "A street address appears", span)


def _dates_of_birth(text: str) -> Iterator[TextFinding]:
    if not _BIRTH_CUE.search(text):
        return
    for match in _DATE.finditer(text):
        if _birth_cue_near(text, *match.span()):
            reason = "A date of birth appears"
            yield TextFinding("pii.date_of_birth", "date_of_birth", reason, match.span())


def _birth_cue_near(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - _CUE_BEFORE) : end + _CUE_AFTER]
    return bool(_BIRTH_CUE.search(window))


def _overlaps(span: Span, others: list[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)
