"""Statistics for a period, as the town and county ask for them — computed in SQL, nothing stored twice."""

import calendar
import contextvars
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from stationdesk.domain.amounts import figure
from stationdesk.services import funds, points, requests
from stationdesk.store.database import per_store


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def whole_year(self) -> bool:
        return (self.start.month, self.start.day) == (1, 1) and self.end == date(self.start.year, 12, 31)

    @property
    def label(self) -> str:
        if self.whole_year:
            return f"{self.start.year}年"
        last = calendar.monthrange(self.start.year, self.start.month)[1]
        if self.start.day == 1 and self.end == date(self.start.year, self.start.month, last):
            return f"{self.start.year}年{self.start.month}月"
        return f"{self.start}至{self.end}"

    @property
    def dates(self) -> tuple[date, date]:
        """First day and the day after the last."""
        return self.start, self.end + timedelta(days=1)

    @property
    def _bounds(self) -> tuple[str, str]:
        start, after = self.dates
        return start.isoformat(), after.isoformat()


def period_of(year: int, month: int | None = None, quarter: int | None = None) -> Period:
    if month:
        return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
    if quarter:
        first = 3 * (quarter - 1) + 1
        return Period(date(year, first, 1), date(year, first + 2, calendar.monthrange(year, first + 2)[1]))
    return Period(date(year, 1, 1), date(year, 12, 31))


@dataclass
class Stats:
    period: Period
    activities: int = 0
    participations: int = 0
    volunteers_active: int = 0
    hours: float = 0.0
    beneficiaries: int = 0
    new_volunteers: int = 0
    certificates: int = 0
    by_category: list[tuple[str, int, float]] = field(default_factory=list)  # (category, activities, hours)
    by_brand: list[tuple[str, int]] = field(default_factory=list)
    by_month: list[tuple[str, int, float]] = field(default_factory=list)  # (YYYY-MM, activities, hours)
    top_volunteers: list[tuple[str, float, int]] = field(default_factory=list)  # (name, hours, activities)
    top_teams: list[tuple[str, float, int]] = field(default_factory=list)  # (team, hours, people)
    by_age: list[tuple[str, int]] = field(default_factory=list)
    by_political: list[tuple[str, int]] = field(default_factory=list)
    pairings: list[dict] = field(default_factory=list)  # per agreement in force: fulfilment of the period's year
    practices: dict = field(default_factory=dict)  # requests by state, average rating, points, funds

    def practice_numbers(self) -> list[tuple[str, int | float | None]]:
        """(label, number) of the requests, points and funds: numbers, so a town's workbook adds them up
        (None: no rating yet)."""
        p = self.practices
        return [("群众点单（单）", sum(p["requests"].values())),
                ("已办结（单）", p["requests"]["done"] + p["requests"]["reviewed"]),
                ("群众平均评分", p["average_rating"]),
                ("发放积分", p["points_issued"]), ("兑换积分", p["points_redeemed"]),
                ("资金收入（元）", float(p["funds_in"])), ("资金支出（元）", float(p["funds_out"]))]

    def practice_lines(self) -> list[tuple[str, str]]:
        """The same as the page and the report show them."""
        return [(label, "—" if value is None else f"{value:.2f}" if "元" in label else figure(value))
                for label, value in self.practice_numbers()]

    def as_json(self) -> dict:
        return {"period": {"from": self.period.start.isoformat(), "to": self.period.end.isoformat()},
                "activities": self.activities, "participations": self.participations,
                "volunteers_active": self.volunteers_active, "hours": round(self.hours, 2),
                "beneficiaries": self.beneficiaries, "new_volunteers": self.new_volunteers,
                "certificates": self.certificates,
                "by_category": [{"category": c, "activities": n, "hours": round(h, 2)} for c, n, h in self.by_category],
                "by_brand": [{"brand": b, "activities": n} for b, n in self.by_brand],
                "by_month": [{"month": m, "activities": n, "hours": round(h, 2)} for m, n, h in self.by_month],
                "top_volunteers": [{"name": n, "hours": round(h, 2), "activities": a} for n, h, a in self.top_volunteers],
                "top_teams": [{"team": t, "hours": round(h, 2), "volunteers": p} for t, h, p in self.top_teams],
                "pairings": self.pairings, "practices": self.practices}


# When a person became a volunteer here: the 加入日期 typed or imported, else the day the record was
# entered (the form and most spreadsheets leave 加入日期 empty). A merged-away record is gone, so a
# person is new once.
REGISTERED = "coalesce(joined_on, substr(created_at, 1, 10))"
AGE_BANDS = (("18岁以下", 0, 18), ("18–35岁", 18, 36), ("36–59岁", 36, 60), ("60岁及以上", 60, 200))
_HELD = "a.status = 'done' AND a.starts_at >= ? AND a.starts_at < ?"


def _tally_keys(period: Period) -> list[str] | None:
    """The volunteer_tally periods that make up `period` exactly: its year, or its whole months."""
    if period.whole_year:
        return [str(period.start.year)]
    if period.start.day != 1 or (period.end + timedelta(days=1)).day != 1:
        return None
    keys, month = [], period.start
    while month <= period.end:
        keys.append(f"{month:%Y-%m}")
        month = (month + timedelta(days=32)).replace(day=1)
    return keys


@contextmanager
def _active_volunteers(store, period: Period):
    """Yields (relation, parameters): (volunteer_id, hours, activities) of everyone who served in the
    period. A year or a month is one tally period, read as it is; several months, or an arbitrary date
    range grouped from the rows, are gathered once into a temporary table."""
    keys = _tally_keys(period)
    if keys and len(keys) == 1:
        yield "(SELECT volunteer_id, hours, activities FROM volunteer_tally WHERE period = ? AND activities > 0)", tuple(keys)
        return
    if keys:
        sql = ("SELECT volunteer_id, sum(hours) AS hours, sum(activities) AS activities FROM volunteer_tally"
               f" WHERE period IN ({','.join('?' * len(keys))}) GROUP BY volunteer_id HAVING sum(activities) > 0")
        params = tuple(keys)
    else:
        sql = ("SELECT p.volunteer_id, sum(p.hours) AS hours, count(*) AS activities FROM activity a"
               f" JOIN participation p ON p.activity_id = a.id AND p.attended = 1 WHERE {_HELD} GROUP BY p.volunteer_id")
        params = period._bounds
    store.execute("DROP TABLE IF EXISTS temp.stats_active")
    # Keyed by volunteer, so the joins below look people up instead of scanning it for each one.
    store.execute("CREATE TEMP TABLE stats_active (volunteer_id INTEGER PRIMARY KEY, hours REAL, activities INTEGER)")
    store.execute(f"INSERT INTO temp.stats_active {sql}", params)
    try:
        yield "temp.stats_active", ()
    finally:
        store.execute("DROP TABLE IF EXISTS temp.stats_active")


def _born_by(day: date, years: int) -> str:
    """The last birth date of someone `years` old on `day` (as ISO text: birth dates compare as text)."""
    return f"{day.year - years:04d}-{day.month:02d}-{day.day:02d}"


def compute(store, period: Period, *, top: int = 10, with_pairings: bool = False,
            progress=lambda done, total: None) -> Stats:
    """Everything for the period. Activities count when held (status done); people and hours come from
    the attendance tallies (migration 6), so a county's year reads one row per activity and per volunteer.
    Each pairing's fulfilment of the period's year only `with_pairings` (the JSON and the station package
    carry it; the page, the workbook and the report do not show it, and a county's 2,500 agreements cost
    about 90 ms). `progress(done, total)` is called between the parts."""
    s = Stats(period)
    with _alongside(store, lambda: _who_served(store, s, period, top)):
        _activities_and_the_rest(store, s, progress)
    if with_pairings:
        s.pairings = _pairings(store, period)
    progress(3, 3)
    return s


@contextmanager
def _alongside(store, work):
    """Runs `work()` on a second connection to the same file while the caller goes on: SQLite lets go of
    the GIL while it reads, so a county's year costs the longer part, not the sum of both. Inside a
    transaction the other connection would not see its writes: then `work` runs here, first."""
    if store.db.in_transaction():
        work()
        yield
        return
    context = contextvars.copy_context()  # the store the models are bound to, as in the caller

    def run():
        try:
            context.run(work)
        finally:
            store.db.close()  # this thread's own connection (peewee keeps one per thread)

    with ThreadPoolExecutor(1) as pool:
        done = pool.submit(run)
        yield
        done.result()  # its error, if any, is the caller's


def _who_served(store, s: Stats, period: Period, top: int) -> None:
    with _active_volunteers(store, period) as (active, params):
        _volunteer_tables(store, s, active, params, top)


def _activities_and_the_rest(store, s: Stats, progress) -> None:
    """Activities held, by category, month and brand; then new volunteers, certificates, requests, points
    and funds."""
    period, b = s.period, s.period._bounds
    categories: dict[str, list] = {}
    months: dict[str, list] = {}
    brands: dict[str, int] = {}
    for category, month, brand, held, beneficiaries, people, hours in store.execute(
            "SELECT a.category, substr(a.starts_at, 1, 7), a.brand, count(*), sum(a.beneficiaries),"
            " sum(coalesce(t.people, 0)), sum(coalesce(t.hours, 0)) FROM activity a"
            f" LEFT JOIN activity_tally t ON t.activity_id = a.id WHERE {_HELD} GROUP BY 1, 2, 3", b):
        s.activities += held
        s.beneficiaries += beneficiaries
        s.participations += people
        s.hours += hours
        for key, table in ((category or "未分类", categories), (month, months)):
            entry = table.setdefault(key, [key, 0, 0.0])
            entry[1] += held
            entry[2] += hours
        if brand:
            brands[brand] = brands.get(brand, 0) + held
    s.by_category = sorted((tuple(v) for v in categories.values()), key=lambda r: (-r[1], r[0]))
    s.by_month = sorted(tuple(v) for v in months.values())
    s.by_brand = sorted(brands.items(), key=lambda r: (-r[1], r[0]))
    progress(1, 3)
    s.new_volunteers = store.scalar(f"SELECT count(*) FROM volunteer WHERE {REGISTERED} >= ? AND {REGISTERED} < ?", b)
    s.certificates = store.scalar(
        "SELECT count(*) FROM certificate WHERE voided_at IS NULL AND issued_on >= ? AND issued_on < ?", b)
    s.practices = {**requests.totals(store, *period.dates), **points.totals(store, *period.dates),
                   **funds.totals(store, *period.dates)}
    progress(2, 3)


def _volunteer_tables(store, s: Stats, active: str, params: tuple, top: int) -> None:
    """Who served: how many, the top volunteers and teams, age bands and political status."""
    s.volunteers_active = store.scalar(f"SELECT count(*) FROM {active}", params)
    # The top `top` by hours, ties at the edge included before the name decides.
    s.top_volunteers = store.execute(
        f"SELECT v.name, a.hours, a.activities FROM {active} a JOIN volunteer v ON v.id = a.volunteer_id"
        f" WHERE a.hours >= coalesce((SELECT hours FROM {active} ORDER BY hours DESC LIMIT 1 OFFSET ?), 0)"
        " ORDER BY a.hours DESC, v.sort_name LIMIT ?", (*params, *params, top - 1, top)).fetchall()
    # CROSS JOIN fixes the order. A few people (a month, a village): read the tally and look each one up —
    # a few hundred lookups, not a walk over a county's 100,000 members (30 ms → 1). Most of a county (its
    # year): walk the members in group order and look each up in the tally, which needs no sort.
    few = s.volunteers_active * 5 < (store.scalar("SELECT max(id) FROM volunteer") or 0)

    def joined(table: str, alias: str, key: str) -> str:
        pair = (f"{active} a", f"{table} {alias}")
        return f"{' CROSS JOIN '.join(pair if few else pair[::-1])} ON {alias}.{key} = a.volunteer_id"

    names = dict(store.execute("SELECT id, name FROM team").fetchall())
    s.top_teams = sorted(((names[team], hours, people) for team, hours, people in store.execute(
        f"SELECT m.team_id, sum(a.hours), count(*) FROM {joined('team_member', 'm', 'volunteer_id')}"
        " GROUP BY m.team_id", params)), key=lambda r: (-r[1], r[0]))[:top]
    # Age on the period's last day: a birth date after a band's cut-off is younger than its upper bound.
    cutoffs = tuple(_born_by(s.period.end, high) for _, _, high in AGE_BANDS[:-1])
    bands = dict.fromkeys([label for label, *_ in AGE_BANDS] + ["未登记"], 0)
    political: dict[str, int] = {}
    for status_text, n, unknown, *younger in store.execute(
            "SELECT v.political_status, count(*), sum(v.birth_date IS NULL),"
            f" {', '.join('coalesce(sum(v.birth_date > ?), 0)' for _ in cutoffs)} FROM {joined('volunteer', 'v', 'id')}"
            " WHERE v.status = 'active' GROUP BY v.political_status", (*cutoffs, *params)):
        key = status_text or "未登记"
        political[key] = political.get(key, 0) + n
        below = 0  # younger[i]: born after cut-off i, i.e. younger than band i's upper bound
        for (label, *_), count_below in zip(AGE_BANDS, [*younger, n - unknown], strict=True):
            bands[label] += count_below - below
            below = count_below
        bands["未登记"] += unknown
    s.by_age = [(label, bands[label]) for label, *_ in AGE_BANDS] + ([("未登记", bands["未登记"])] if bands["未登记"] else [])
    s.by_political = sorted(political.items(), key=lambda r: (-r[1], r[0]))


def _pairings(store, period: Period) -> list[dict]:
    from stationdesk.services import pairings

    year = period.start.year
    today = date.today()
    chosen = [p for p in pairings.list_pairings(store, today=today) if p.term.year_span(year)]
    fulfilled = pairings.year_fulfilment(store, chosen, year, today=today, evidence=False)
    return [{"id": p.id, "unit": p.unit_name, "status": p.status, "year": year,
             "fulfilment": [{"aspect": r.aspect, "target": r.target, "done": r.done, "status": r.status}
                            for r in fulfilled[p.id]]} for p in chosen]



@dataclass(frozen=True)
class Glance:
    """首页's figures: this month's activities held, their hours and the people who served, and the
    activities and hours of each of the twelve months ending with it (oldest first, empty months as 0)."""

    period: Period
    activities: int
    hours: float
    people: int
    by_month: list[tuple[str, int, float]]  # (YYYY-MM, activities, hours)


def glance(store, today: date) -> Glance:
    """Two indexed reads (the year's activities by month, the month's tally of people): cheap enough for
    首页 at county size, unlike `compute`, which gathers everything the 统计 page shows."""
    month = period_of(today.year, today.month)
    keys: list[str] = []
    first = month.start
    for _ in range(12):
        keys.insert(0, f"{first:%Y-%m}")
        first = (first - timedelta(days=1)).replace(day=1)
    year = Period(date.fromisoformat(keys[0] + "-01"), month.end)
    held = {m: (n, h) for m, n, h in store.execute(
        "SELECT substr(a.starts_at, 1, 7), count(*), sum(coalesce(t.hours, 0)) FROM activity a"
        f" LEFT JOIN activity_tally t ON t.activity_id = a.id WHERE {_HELD} GROUP BY 1", year._bounds)}
    people = store.scalar("SELECT count(*) FROM volunteer_tally WHERE period = ? AND activities > 0", (keys[-1],))
    by_month = [(m, *held.get(m, (0, 0.0))) for m in keys]
    return Glance(month, by_month[-1][1], float(by_month[-1][2] or 0), people or 0, by_month)


per_store(globals())  # model queries run on the store each function is given
