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
