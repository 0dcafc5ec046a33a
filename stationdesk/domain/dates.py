"""Dates as the database returns them (peewee objects or ISO text), in Chinese, and ages."""

from datetime import date, datetime


def as_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def as_datetime(value) -> datetime | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def required_date(value) -> date:
    """`as_date` of a value that is always there (a NOT NULL column): a date, never None."""
    d = as_date(value)
    if d is None:
        raise ValueError("a required date is missing")
    return d


def required_datetime(value) -> datetime:
    """`as_datetime` of a value that is always there (a NOT NULL column): a datetime, never None."""
    d = as_datetime(value)
    if d is None:
        raise ValueError("a required date and time is missing")
    return d


def chinese_date(value: date | str) -> str:
    """2026年11月3日 — the form printed on official papers."""
    d = as_date(value)
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def age_on(birth, on: date | None = None) -> int | None:
    born = as_date(birth)
    if born is None:
        return None
    on = on or date.today()
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
