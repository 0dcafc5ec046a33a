"""Statistics for a period, as the town and county ask for them — computed in SQL, nothing stored twice."""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from stationdesk.domain.dates import age_on
from stationdesk.services import funds, points, requests


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def label(self) -> str:
        if self.start.month == 1 and self.start.day == 1 and self.end == date(self.start.year, 12, 31):
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
        return tuple(d.isoformat() for d in self.dates)


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

    def practice_lines(self) -> list[tuple[str, str]]:
        """(label, value) of the requests, points and funds, as the page, the workbook and the report show them."""
        p = self.practices
        rating = p["average_rating"]
        return [("群众点单（单）", str(sum(p["requests"].values()))),
                ("已办结（单）", str(p["requests"]["done"] + p["requests"]["reviewed"])),
                ("群众平均评分", f"{rating:g}" if rating is not None else "—"),
                ("发放积分", f"{p['points_issued']:g}"), ("兑换积分", f"{p['points_redeemed']:g}"),
                ("资金收入（元）", p["funds_in"]), ("资金支出（元）", p["funds_out"])]

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


AGE_BANDS = (("18岁以下", 0, 18), ("18–35岁", 18, 36), ("36–59岁", 36, 60), ("60岁及以上", 60, 200))
_HELD = "a.status = 'done' AND a.starts_at >= ? AND a.starts_at < ?"


def compute(store, period: Period, *, top: int = 10) -> Stats:
    """Everything for the period. Activities count when held (status done); hours and people from the
    attendance recorded for them. Two passes over the attendance (per activity, per volunteer, both on
    the covering index); everything else is folded in Python from their results."""
    b = period._bounds
    s = Stats(period)
    categories: dict[str, list] = {}
    months: dict[str, list] = {}
    brands: dict[str, int] = {}
    for category, month, brand, beneficiaries, people, hours in store.execute(
            "SELECT a.category, substr(a.starts_at, 1, 7), a.brand, a.beneficiaries, count(p.volunteer_id),"
            " coalesce(sum(p.hours), 0) FROM activity a"
            f" LEFT JOIN participation p ON p.activity_id = a.id AND p.attended = 1 WHERE {_HELD} GROUP BY a.id", b):
        s.activities += 1
        s.beneficiaries += beneficiaries
        s.participations += people
        s.hours += hours
        for key, table in ((category or "未分类", categories), (month, months)):
            entry = table.setdefault(key, [key, 0, 0.0])
            entry[1] += 1
            entry[2] += hours
        if brand:
            brands[brand] = brands.get(brand, 0) + 1
    s.by_category = sorted((tuple(v) for v in categories.values()), key=lambda r: (-r[1], r[0]))
    s.by_month = sorted(tuple(v) for v in months.values())
    s.by_brand = sorted(brands.items(), key=lambda r: (-r[1], r[0]))
    per_volunteer = {vid: (hours, count) for vid, hours, count in store.execute(
        "SELECT p.volunteer_id, sum(p.hours), count(*) FROM activity a JOIN participation p"
        f" ON p.activity_id = a.id AND p.attended = 1 WHERE {_HELD} GROUP BY p.volunteer_id", b)}
    s.volunteers_active = len(per_volunteer)
    people = {vid: (name, key, birth, political, status) for vid, name, key, birth, political, status in
              store.execute("SELECT id, name, sort_name, birth_date, political_status, status FROM volunteer")
              if vid in per_volunteer}
    ranked = sorted(per_volunteer.items(), key=lambda kv: (-kv[1][0], people[kv[0]][1]))
    s.top_volunteers = [(people[vid][0], hours, count) for vid, (hours, count) in ranked[:top]]
    team_totals: dict[int, list] = {}
    for team_id, vid in store.execute("SELECT team_id, volunteer_id FROM team_member"):
        if vid in per_volunteer:
            entry = team_totals.setdefault(team_id, [0.0, 0])
            entry[0] += per_volunteer[vid][0]
            entry[1] += 1
    names = dict(store.execute("SELECT id, name FROM team").fetchall())
    s.top_teams = sorted(((names[t], h, n) for t, (h, n) in team_totals.items()), key=lambda r: (-r[1], r[0]))[:top]
    bands: dict[str, int] = {}
    political: dict[str, int] = {}
    for _, _, birth, status_text, status in people.values():
        if status != "active":
            continue
        age = age_on(birth, period.end)
        band = next((label for label, low, high in AGE_BANDS if age is not None and low <= age < high), "未登记")
        bands[band] = bands.get(band, 0) + 1
        key = status_text or "未登记"
        political[key] = political.get(key, 0) + 1
    s.by_age = [(label, bands.get(label, 0)) for label, *_ in AGE_BANDS] + (
        [("未登记", bands["未登记"])] if "未登记" in bands else [])
    s.by_political = sorted(political.items(), key=lambda r: (-r[1], r[0]))
    s.new_volunteers = store.scalar("SELECT count(*) FROM volunteer WHERE joined_on >= ? AND joined_on < ?", b)
    s.certificates = store.scalar(
        "SELECT count(*) FROM certificate WHERE voided_at IS NULL AND issued_on >= ? AND issued_on < ?", b)
    s.pairings = _pairings(store, period)
    s.practices = {**requests.totals(store, *period.dates), **points.totals(store, *period.dates),
                   **funds.totals(store, *period.dates)}
    return s


def _pairings(store, period: Period) -> list[dict]:
    from stationdesk.services import pairings

    year = period.start.year
    out = []
    for p in pairings.list_pairings(store):
        if p.term.year_span(year):
            rows = pairings.fulfilment_for_year(store, p.id, year)
            out.append({"id": p.id, "unit": p.unit_name, "status": p.status, "year": year,
                        "fulfilment": [{"aspect": r.aspect, "target": r.target, "done": r.done, "status": r.status}
                                       for r in rows]})
    return out

