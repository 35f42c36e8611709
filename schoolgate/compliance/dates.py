"""Calendar arithmetic the compliance records need: months and school terms."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """Return the same day `months` later, clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_start(day: date) -> date:
    """Return the first day of the school term containing `day`.

    Terms are taken as autumn (September–December), spring (January–March)
    and summer (April–August); schools' exact dates vary by a week or two.
    """
    if day.month >= 9:
        return date(day.year, 9, 1)
    if day.month >= 4:
        return date(day.year, 4, 1)
    return date(day.year, 1, 1)


def school_year_start(day: date) -> date:
    """Return 1 September of the school year containing `day`."""
    return date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def last_start_ending_by(horizon: date, months: int) -> date:
    """Return the last day d for which `add_months(d, months)` is on or
    before `horizon`.

    `add_months` never goes down as d goes up, but month ends clamp it (31
    January + 1 month is 28 February), so the answer is a short walk back
    from the plain subtraction rather than the subtraction itself.
    """
    day = add_months(horizon, -months) + timedelta(days=3)
    while add_months(day, months) > horizon:
        day -= timedelta(days=1)
    return day
