"""公示 of the month's 志愿服务时长 and 积分: the lines the notice board shows, by 村民小组. Names in full;
no phone or ID number is ever part of a line."""

import re
from dataclasses import dataclass
from datetime import date

NO_GROUP = "未登记村民小组"
_NUMERALS = dict(zip("〇零一二三四五六七八九", (0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))


@dataclass(frozen=True)
class NoticeLine:
    name: str
    activities: int  # attended this month
    hours: float  # this month
    year_hours: float  # from January to the month's end
    earned: int  # points (hundredths) credited this month, corrections included
    redeemed: int  # points (hundredths) spent at the 爱心超市 this month
    balance: int  # points (hundredths) held at the month's end


@dataclass(frozen=True)
class Notice:
    station: str
    year: int
    month: int
    groups: tuple[tuple[str, tuple[NoticeLine, ...]], ...]  # (村民小组, lines), in the groups' own order
    starts_on: date  # 公示期
    ends_on: date
    phone: str  # 监督电话; blank: a line to write it in by hand

    @property
    def people(self) -> int:
        return sum(len(lines) for _, lines in self.groups)


def _number(text: str) -> int | None:
    """十二 → 12, 3 → 3, 二十 → 20: the number a group's name starts with (after 第), if any."""
    digits = re.match(r"第?(\d+)", text)
    if digits:
        return int(digits.group(1))
    words = re.match(r"第?([〇零一二三四五六七八九十百]+)", text)
    if not words:
        return None
    value, current = 0, 0
    for char in words.group(1):
        if char == "百":
            value, current = value + (current or 1) * 100, 0
        elif char == "十":
            value, current = value + (current or 1) * 10, 0
        else:
            current = _NUMERALS[char]
    return value + current


def group_order(group: str) -> tuple:
    """一组, 二组 … 十组, 十一组 in counting order (as text 十 sorts before 二); named groups after the
    numbered ones; no group last."""
    if not group.strip():
        return (2, 0, "")
    number = _number(group.strip())
    return (0, number, group) if number is not None else (1, 0, group)
