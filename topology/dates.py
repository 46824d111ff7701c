"""Calendar arithmetic the rules share."""

from __future__ import annotations

from datetime import date, datetime, timezone


def add_years(d: date, years: int) -> date:
    """The same month and day ``years`` later (or earlier); 29 February becomes 28 February.

    >>> add_years(date(2024, 2, 29), 2)
    datetime.date(2026, 2, 28)
    >>> add_years(date(2025, 3, 1), -1)
    datetime.date(2024, 3, 1)
    """
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February into a common year
        return d.replace(year=d.year + years, day=28)


def month_of(d: date) -> str:
    """The calendar month (自然月) of a date as ``YYYY-MM``."""
    return f"{d.year:04d}-{d.month:02d}"


def today() -> date:
    """Today in UTC: the evaluation date when neither --as-of nor the document gives one."""
    return datetime.now(timezone.utc).date()
