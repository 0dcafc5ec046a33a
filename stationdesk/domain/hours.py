"""Service hours: from check-in to check-out, rounded, capped per day; star levels from the total."""

import math
from dataclasses import dataclass
from datetime import datetime

STAR_LEVELS = (100, 300, 600, 1000, 1500)  # cumulative hours for 1–5 stars (MCA 2012 draft; a setting)
DAILY_CAP = 8.0


class InvalidTimes(ValueError):
    """`str()` is a Chinese reason."""


@dataclass(frozen=True)
class HoursRule:
    """Rounding to the half hour by default: ≤ 15 min → 0, ≤ 45 min → 0.5, ≤ 75 min → 1 (REFERENCE §1)."""

    step_minutes: int = 30
    daily_cap: float = DAILY_CAP

    def credit(self, check_in: datetime, check_out: datetime) -> float:
        if check_out < check_in:
            raise InvalidTimes("签退时间早于签到时间，请核对")
        minutes = (check_out - check_in).total_seconds() / 60
        half = self.step_minutes / 2
        steps = max(0, math.ceil((minutes - half) / self.step_minutes))
        return min(steps * self.step_minutes / 60, self.daily_cap)


def star_level(total_hours: float, levels=STAR_LEVELS) -> int:
    """0–5 stars."""
    return sum(total_hours >= threshold for threshold in levels)


def stars_text(level: int) -> str:
    return "★" * level + "☆" * (5 - level) if level else "未达到一星"
