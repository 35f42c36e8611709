"""Counting requests per address and per visitor in the shared cache.

Pages that email a link (password reset, sign-in links) answer the same
whether or not the address has an account; the limit stops them being used
to flood someone's inbox or to probe for accounts by timing.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

WINDOW_SECONDS = 60 * 60
PER_ADDRESS = 3
PER_VISITOR = 20


def _count(key: str) -> int:
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return 1


def _hash(text: str) -> str:
    return hashlib.sha256(text.strip().lower().encode()).hexdigest()[:32]


def within_rate(*, kind: str, email: str, ip: str) -> bool:
    """Count one request for the address and visitor; return whether it may go."""
    by_address = _count(f"accounts:{kind}:email:{_hash(email)}")
    by_visitor = _count(f"accounts:{kind}:ip:{_hash(ip)}") if ip else 0
    return by_address <= PER_ADDRESS and by_visitor <= PER_VISITOR


LETTER_CODE_TRIES = 10


def within_letter_code_rate(*, ip: str) -> bool:
    """Count one try of a letter's code from this visitor; return whether it may go."""
    return _count(f"accounts:letter:ip:{_hash(ip)}") <= LETTER_CODE_TRIES
