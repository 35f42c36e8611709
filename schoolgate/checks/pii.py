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
# No UK number, even a short local one, has fewer digits; most comments have
# none, and skipping the matcher for them halves the cost of this module.
_FEWEST_PHONE_DIGITS = 7
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRVWXY])"
    r" ?\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
_STREET_TYPES = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Court|Ct|"
    "Gardens|Gdns|Grove|Place|Pl|Terrace|Hill|Park|Row|Mews|Square|Sq|Walk|View|Rise|"
    "Green|Parade|Vale|Croft|Meadows?|Fields"
)
# Title Case street names stand on their own ("12 Acacia Avenue"); lower-case
# ones ("12 acacia avenue") only count when a postcode follows, since "5 miles
# down the road" has the same shape.
_ADDRESS_TITLE = re.compile(
    rf"\b\d{{1,4}}[a-zA-Z]?,?\s+(?:[A-Z][\w'\u2019\-]+\s+){{1,3}}(?:{_STREET_TYPES})\b\.?"
)
_ADDRESS_LOWER = re.compile(
    rf"\b\d{{1,4}}[a-z]?,?\s+(?:[a-z][\w'\u2019\-]+\s+){{1,3}}(?:{_STREET_TYPES.lower()})\b",
)
_DIGIT = re.compile(r"\d")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d\d"
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d\d)"
    rf"|{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"
    rf"|{_MONTH}\s+{_YEAR})\b",
    re.IGNORECASE,
)
_BIRTH_CUE = re.compile(
    r"\b(?:born|birthday|b'?day|d\.?o\.?b\b|date of birth|birth ?date)", re.IGNORECASE
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
    spans += [m.span() for m in _MOBILE.finditer(text) if not _overlaps(m.span(), spans)]
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


def _local_part_start(text: str, at: int) -> int:
    start = at
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._+-"):
        start -= 1
    return start


def _postcodes(text: str) -> Iterator[TextFinding]:
    for match in _POSTCODE.finditer(text):
        yield TextFinding("pii.postcode", "postcode", "A postcode appears", match.span())


def _addresses(text: str, postcodes: list[TextFinding]) -> Iterator[TextFinding]:
    if not _DIGIT.search(text):
        return
    postcode_starts = [f.span[0] for f in postcodes if f.span]
    for pattern in (_ADDRESS_TITLE, _ADDRESS_LOWER):
        for match in pattern.finditer(text):
            boosted = any(0 <= start - match.end() <= 40 for start in postcode_starts)
            if pattern is _ADDRESS_LOWER and not boosted:
                continue
            yield _address(match.span(), boosted)


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
