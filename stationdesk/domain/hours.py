"""Service hours: from check-in to check-out, rounded, capped per day; star levels from the total."""

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

STAR_LEVELS = (100, 300, 600, 1000, 1500)  # cumulative hours for 1–5 stars (MCA 2012 draft; a setting)
DAILY_CAP = 8.0


class InvalidTimes(ValueError):
    """`str()` is a Chinese reason."""


@dataclass(frozen=True)
class HoursRule:
    """Rounding to the half hour by default: ≤ 15 min → 0, ≤ 45 min → 0.5, ≤ 75 min → 1 (REFERENCE §1)."""

    step_minutes: int = 30
    daily_cap: float = DAILY_CAP

    def credit(self, check_in: datetime, check_out: datetime, *, days: int = 1) -> float:
        """The rounded time, at most the daily cap on each of the `days` calendar days it spans (a
        3-day camp earns up to 3 × the cap). What other activities of the same day already took is
        the caller's (services.attendance: one cap a person a day, across activities)."""
        if check_out < check_in:
            raise InvalidTimes("签退时间早于签到时间，请核对")
        minutes = (check_out - check_in).total_seconds() / 60
        half = self.step_minutes / 2
        steps = max(0, math.ceil((minutes - half) / self.step_minutes))
        return min(steps * self.step_minutes / 60, self.daily_cap * max(days, 1))

    def whole_steps(self, hours: float) -> float:
        """`hours` rounded down to the step (room left under a cap is credited in whole steps)."""
        step = self.step_minutes / 60
        return math.floor(hours / step + 1e-9) * step


def service_days(starts_at: datetime, ends_at: datetime) -> list[date]:
    """The calendar days an activity's hours belong to: its first day to the day it ends (an end at
    midnight belongs to the day before)."""
    first = starts_at.date()
    last = max(first, (ends_at - timedelta(microseconds=1)).date()) if ends_at > starts_at else first
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def star_level(total_hours: float, levels=STAR_LEVELS) -> int:
    """0–5 stars."""
    return sum(total_hours >= threshold for threshold in levels)


def stars_text(level: int) -> str:
    return "★" * level + "☆" * (5 - level) if level else "未达到一星"
