"""Calendar arithmetic the rules share.

Every computed date saturates at the ends of the calendar (``date.min``, 0001-01-01, and
``date.max``, 9999-12-31) instead of raising: a document may say ``9999-12-31`` and a ruleset
may ask for a million years. A saturated date keeps every non-strict comparison right in the
direction it was clamped from: a date N years after 9999-01-01 is later than any date there
is, and so is ``date.max`` for ``<=`` (``d <= date.max`` holds for every ``d``); likewise
``date.min`` for ``>=``. Callers compare computed dates that way only (never ``<`` against a
date clamped to ``date.max``, never ``>`` against one clamped to ``date.min``).
"""

from __future__ import annotations

from datetime import MAXYEAR, MINYEAR, date, datetime, timezone


def add_years(d: date, years: int) -> date:
    """The same month and day ``years`` later (or earlier); 29 February becomes 28 February.

    Beyond the calendar the result saturates at ``date.max`` or ``date.min``, whatever the size
    of ``years``.

    >>> add_years(date(2024, 2, 29), 2)
    datetime.date(2026, 2, 28)
    >>> add_years(date(2025, 3, 1), -1)
    datetime.date(2024, 3, 1)
    >>> add_years(date(9999, 1, 1), 2), add_years(date(1, 3, 1), -1)
    (datetime.date(9999, 12, 31), datetime.date(1, 1, 1))
    >>> add_years(date(2025, 6, 1), 10**30) == date.max, add_years(date(2025, 6, 1), -10**30) == date.min
    (True, True)
    >>> add_years(date(9996, 2, 29), 3)   # the last year, a common one
    datetime.date(9999, 2, 28)
    """
    year = d.year + years
    if year > MAXYEAR:
        return date.max
    if year < MINYEAR:
        return date.min
    try:
        return d.replace(year=year)
    except ValueError:  # 29 February into a common year
        return d.replace(year=year, day=28)


def month_of(d: date) -> str:
    """The calendar month (自然月) of a date as ``YYYY-MM``.

    >>> month_of(date(1, 1, 1)), month_of(date.max)
    ('0001-01', '9999-12')
    """
    return f"{d.year:04d}-{d.month:02d}"


def sql_add_years(d: str, years: int) -> str:
    """SQL of :func:`add_years` over a DATE expression ``d`` (the same saturation, 29 February
    into a common year is 28 February); ``years`` is a Python int of any size.

    >>> sql_add_years("x", 10**30), sql_add_years("x", -10**30)
    ("DATE '9999-12-31'", "DATE '0001-01-01'")
    """
    span = MAXYEAR - MINYEAR + 1
    if years >= span:
        return "DATE '9999-12-31'"
    if years <= -span:
        return "DATE '0001-01-01'"
    y = f"(year({d}) + {int(years)})"
    common = f"NOT ({y} % 4 = 0 AND ({y} % 100 <> 0 OR {y} % 400 = 0))"
    return (f"(CASE WHEN {y} > {MAXYEAR} THEN DATE '9999-12-31' WHEN {y} < {MINYEAR} THEN DATE '0001-01-01' "
            f"ELSE make_date({y}, month({d}), CASE WHEN month({d}) = 2 AND day({d}) = 29 AND {common} "
            f"THEN 28 ELSE day({d}) END) END)")


def sql_month_of(d: str) -> str:
    """SQL of :func:`month_of` over a DATE expression: ``YYYY-MM`` (years 1 to 9999 cast to text
    with four digits)."""
    return f"substr(CAST({d} AS VARCHAR), 1, 7)"


def days_between(start: date, end: date) -> int:
    """Whole days from ``start`` to ``end`` (negative when ``end`` is earlier); never raises.

    >>> days_between(date(2024, 2, 28), date(2024, 3, 1))
    2
    >>> days_between(date.max, date.min)
    -3652058
    """
    return (end - start).days


def today() -> date:
    """Today in UTC: the evaluation date when neither --as-of nor the document gives one."""
    return datetime.now(timezone.utc).date()
