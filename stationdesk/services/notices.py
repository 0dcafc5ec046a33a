"""公示: the month's 志愿服务时长 and 积分 of each volunteer, by 村民小组, for the notice board. Hours are the
attended rows of held activities (the tallies 统计 reads), points the ledger's lines dated in the month."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from stationdesk.domain.notice import NO_GROUP, Notice, NoticeLine, group_order
from stationdesk.errors import UserError
from stationdesk.services import station
from stationdesk.store.database import per_store

NOTICE_DAYS = 7  # the usual 公示期


def hours_points_notice(store, year: int, month: int, *, starts_on: date | None = None, days: int = NOTICE_DAYS,
                        phone: str | None = None) -> Notice:
    """Everyone who served in the month or whose points moved in it, grouped by 村民小组. `phone`: the
    监督电话 (default the station's phone); `starts_on`: the 公示期's first day (default today)."""
    if not 1 <= month <= 12:
        raise UserError(f"月份应在 1 到 12 之间（收到 {month}）。")
    if not 1 <= days <= 60:
        raise UserError(f"公示期应为 1 到 60 天（收到 {days} 天）。")
    first = date(year, month, 1)
    after = first + timedelta(days=calendar.monthrange(year, month)[1])
    key = f"{year:04d}-{month:02d}"
    rows = store.execute(
        "WITH m AS (SELECT volunteer_id, activities, hours FROM volunteer_tally WHERE period = :key),"
        " y AS (SELECT volunteer_id, sum(hours) AS hours FROM volunteer_tally"
        "       WHERE length(period) = 7 AND period >= :january AND period <= :key GROUP BY volunteer_id),"
        " p AS (SELECT volunteer_id,"
        "       coalesce(sum(CASE WHEN entered_on >= :first AND source != 'redemption' THEN hundredths END), 0) AS earned,"
        "       coalesce(-sum(CASE WHEN entered_on >= :first AND source = 'redemption' THEN hundredths END), 0) AS spent,"
        "       sum(hundredths) AS balance, max(entered_on >= :first) AS moved"
        "       FROM points_entry WHERE entered_on < :after GROUP BY volunteer_id)"
        " SELECT v.name, v.village_group, coalesce(m.activities, 0), coalesce(m.hours, 0), coalesce(y.hours, 0),"
        " coalesce(p.earned, 0), coalesce(p.spent, 0), coalesce(p.balance, 0)"
        " FROM volunteer v LEFT JOIN m ON m.volunteer_id = v.id LEFT JOIN y ON y.volunteer_id = v.id"
        " LEFT JOIN p ON p.volunteer_id = v.id WHERE coalesce(m.activities, 0) > 0 OR coalesce(p.moved, 0) = 1"
        " ORDER BY v.sort_name, v.id",
        {"key": key, "january": f"{year:04d}-01", "first": first.isoformat(), "after": after.isoformat()}).fetchall()
    groups: dict[str, list[NoticeLine]] = {}
    for name, group, activities, hours, year_hours, earned, spent, balance in rows:
        groups.setdefault((group or "").strip(), []).append(
            NoticeLine(name, activities, float(hours), float(year_hours), earned, spent, balance))
    info = station.get_station(store)
    start = starts_on or date.today()
    return Notice(station=info.name, year=year, month=month,
                  groups=tuple((g or NO_GROUP, tuple(lines)) for g, lines in sorted(
                      groups.items(), key=lambda item: group_order(item[0]))),
                  starts_on=start, ends_on=start + timedelta(days=days - 1),
                  phone=(info.phone if phone is None else phone).strip())


@dataclass(frozen=True)
class Printed:
    pages: int
    count: int  # people listed


def print_notice(store, year: int, month: int, out: str | Path, *, landscape_page: bool = False,
                 phone: str | None = None, starts_on: date | None = None, days: int = NOTICE_DAYS) -> Printed:
    from stationdesk.reports.notice import build_notice

    notice = hours_points_notice(store, year, month, starts_on=starts_on, days=days, phone=phone)
    return Printed(build_notice(notice, out, printed_at=datetime.now(), landscape_page=landscape_page), notice.people)


per_store(globals())  # model queries run on the store each function is given
