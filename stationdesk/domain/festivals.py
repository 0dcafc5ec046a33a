"""我们的节日 and the days stations mark, for any year (lunar dates from lunar-python, a maintained library
that also knows the solar terms, so 清明 is exact)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from stationdesk.domain.activity import ActivityDraft

OUR_FESTIVALS = "我们的节日"
FIFTH_DAYS = (5, 15, 25)  # 逢5出发: activities on the 5th, 15th and 25th
FIFTH_BRAND = "逢5出发"

# (lunar month, lunar day, name); 清明 is a solar term and is looked up separately.
LUNAR = ((1, 1, "春节"), (1, 15, "元宵节"), (5, 5, "端午节"), (7, 7, "七夕节"), (8, 15, "中秋节"), (9, 9, "重阳节"))
# (month, day, name, suggested brand)
FIXED = ((1, 1, "元旦", ""), (3, 5, "学雷锋纪念日", "学雷锋"), (3, 12, "植树节", ""), (5, 4, "五四青年节", ""),
         (7, 1, "建党纪念日", ""), (10, 1, "国庆节", ""), (12, 4, "国家宪法日", ""), (12, 5, "国际志愿者日", "国际志愿者日"))


@dataclass(frozen=True)
class MarkedDay:
    day: date
    name: str
    brand: str  # what an activity planned for it is filed under
    festival: bool  # one of 我们的节日

    @property
    def activity_title(self) -> str:
        short = self.name[:-1] if len(self.name) > 2 and self.name.endswith("节") else self.name  # 中秋节 → 中秋
        return f"“{OUR_FESTIVALS}·{short}”主题活动" if self.festival else f"{self.name}主题活动"

    def activity_draft(self, *, starts: time = time(9), hours: float = 2) -> ActivityDraft:
        """An activity planned for this day: title, brand and date filled in, the rest for the operator."""
        begin = datetime.combine(self.day, starts)
        return ActivityDraft(title=self.activity_title, category="文化服务" if self.festival else "",
                             brand=self.brand, starts_at=begin, ends_at=begin + timedelta(hours=hours))


@lru_cache(maxsize=32)
def marked_days(year: int) -> tuple[MarkedDay, ...]:
    """The year's festivals and marked days in date order (逢5 days are not listed: see `is_fifth_day`)."""
    from lunar_python import Lunar

    days = []
    for month, day, name in LUNAR:
        solar = Lunar.fromYmd(year, month, day).getSolar()
        days.append(MarkedDay(date(solar.getYear(), solar.getMonth(), solar.getDay()), name, OUR_FESTIVALS, True))
    qingming = Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"]
    days.append(MarkedDay(date(qingming.getYear(), qingming.getMonth(), qingming.getDay()), "清明节", OUR_FESTIVALS, True))
    days += [MarkedDay(date(year, m, d), name, brand, False) for m, d, name, brand in FIXED]
    return tuple(sorted(days, key=lambda d: d.day))


def in_month(year: int, month: int) -> dict[date, list[MarkedDay]]:
    out: dict[date, list[MarkedDay]] = {}
    for d in marked_days(year):
        if d.day.month == month:
            out.setdefault(d.day, []).append(d)
    return out


def is_fifth_day(day: date) -> bool:
    return day.day in FIFTH_DAYS


def next_festivals(today: date, *, within_days: int = 30) -> list[MarkedDay]:
    """Marked days from today on, within the window (crossing into next year)."""
    years = range(today.year, (today + timedelta(days=within_days)).year + 1)  # next year only near its start
    found = [d for y in years for d in marked_days(y)]
    return [d for d in found if 0 <= (d.day - today).days <= within_days]


def plan_for(day: date) -> ActivityDraft:
    """What "plan an activity on this day" starts from: the day's festival if it has one, else 逢5出发 on
    the 5th, 15th and 25th, else just the date."""
    marked = in_month(day.year, day.month).get(day)
    if marked:
        return marked[0].activity_draft()
    begin = datetime.combine(day, time(9))
    return ActivityDraft(brand=FIFTH_BRAND if is_fifth_day(day) else "", starts_at=begin,
                         ends_at=begin + timedelta(hours=2))
