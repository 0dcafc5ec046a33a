"""Narrowing the roster to the people a task suits — by skill, village group, a qualification valid today
and age (the 志愿服务条例 asks a station to match tasks to age and skills, Art. 15, and to check the
qualifications a service needs, Art. 16)."""

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class AgeBand:
    key: str  # what the CLI takes
    label: str
    lowest: int | None  # at least this old
    below: int | None  # younger than this


AGE_BANDS = (
    AgeBand("minor", "未满18岁", None, 18),
    AgeBand("18-35", "18至35岁", 18, 36),
    AgeBand("36-59", "36至59岁", 36, 60),
    AgeBand("60+", "60岁及以上", 60, None),
)
BANDS = {band.key: band for band in AGE_BANDS}


def years_before(day: date, years: int) -> date:
    """The date `years` before `day`; 29 February falls back to the 28th in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def born_range(band: AgeBand, today: date) -> tuple[date | None, date | None]:
    """(born after, born on or before) for the people of `band` on `today` — the age age_on() gives them.
    Someone is at least N on the day N years after their birth, so: born on or before today − N years."""
    after = years_before(today, band.below) if band.below is not None else None
    latest = years_before(today, band.lowest) if band.lowest is not None else None
    return after, latest


@dataclass(frozen=True)
class RosterFilter:
    """The roster's filters; an empty field does not narrow."""

    skill: str = ""  # a fragment of 技能特长
    village_group: str = ""  # exactly, as the roster holds it
    qualification: str = ""  # a kind held and valid today, e.g. 急救证
    age_band: str = ""  # an AGE_BANDS key

    def __post_init__(self):
        for name in ("skill", "village_group", "qualification"):  # typed text: surrounding spaces mean nothing
            object.__setattr__(self, name, getattr(self, name).strip())
        if self.age_band and self.age_band not in BANDS:
            raise ValueError(f"没有“{self.age_band}”这个年龄段，可选：{'、'.join(BANDS)}")

    def parts(self) -> list[str]:
        """Each filter in use, in words: for the count line and a printed roster's subtitle."""
        return [text for used, text in ((self.skill, f"技能含“{self.skill}”"),
                                        (self.village_group, f"村民小组“{self.village_group}”"),
                                        (self.qualification, f"持有效“{self.qualification}”"),
                                        (self.age_band, self.age_band and BANDS[self.age_band].label)) if used]

    def __bool__(self) -> bool:
        return bool(self.parts())

    def describe(self) -> str:
        return "、".join(self.parts())


NO_FILTER = RosterFilter()

_DIGITS = {c: n for n, c in enumerate("〇一二三四五六七八九")}
_LEADING_NUMBER = re.compile(r"^第?([0-9]+|[〇一二三四五六七八九十]+)")


def _chinese_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 二十三 → 23 (a village has well under a hundred groups)."""
    if "十" not in text:
        return int("".join(str(_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


def group_order(name: str) -> tuple:
    """Village groups in their numbers' order — 二组 before 十组, 9组 before 10组 — then the rest by name."""
    found = _LEADING_NUMBER.match(name)
    if not found:
        return 1, 0, name
    number = found.group(1)
    try:
        return 0, int(number) if number.isdigit() else _chinese_number(number), name
    except (KeyError, ValueError):  # 十十组: not a number after all
        return 1, 0, name
