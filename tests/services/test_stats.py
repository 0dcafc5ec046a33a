from datetime import date, datetime, timedelta

import pytest

from stationdesk.domain.activity import ActivityDraft
from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.services import activities, attendance, roster, stats, teams
from stationdesk.services.attendance import Mark


def held(store, when, hours, people, *, category="文化服务", brand="", beneficiaries=0, done=True):
    aid = activities.create_activity(store, ActivityDraft(title="活动", category=category, brand=brand, starts_at=when,
                                                          ends_at=when + timedelta(hours=hours),
                                                          beneficiaries=beneficiaries))
    if done:
        attendance.record_attendance(store, aid, [Mark(v, True) for v in people])
    return aid


def test_numbers_match_a_hand_computed_fixture(store):
    a, b, c = (roster.add_volunteer(store, VolunteerDraft(name=n, birth_date=d, joined_on=j, political_status=p))
               for n, d, j, p in (("甲", date(1990, 5, 1), date(2026, 2, 1), "中共党员"),
                                  ("乙", date(1950, 1, 1), date(2025, 6, 1), "群众"),
                                  ("丙", date(2010, 9, 9), date(2026, 3, 3), "共青团员")))
    team = teams.create_team(store, "巾帼队")
    teams.add_members(store, team, [a, b])
    held(store, datetime(2026, 1, 10, 9), 2, [a, b], brand="逢5出发", beneficiaries=30)        # 4 h
    held(store, datetime(2026, 3, 15, 9), 3, [a, c], category="法律服务", beneficiaries=12)   # 6 h
    held(store, datetime(2026, 3, 20, 9), 1, [a], done=False)                                   # planned: not counted
    held(store, datetime(2025, 12, 31, 9), 2, [b])                                             # last year
    s = stats.compute(store, stats.period_of(2026))
    assert (s.activities, s.participations, s.volunteers_active, s.hours, s.beneficiaries, s.new_volunteers) == (
        2, 4, 3, 10.0, 42, 2)
    assert s.by_category == [("文化服务", 1, 4.0), ("法律服务", 1, 6.0)] or s.by_category == [
        ("法律服务", 1, 6.0), ("文化服务", 1, 4.0)]
    assert s.by_brand == [("逢5出发", 1)]
    assert s.by_month == [("2026-01", 1, 4.0), ("2026-03", 1, 6.0)]
    assert s.top_volunteers[0] == ("甲", 5.0, 2)
    assert s.top_teams == [("巾帼队", 7.0, 2)]
    assert dict(s.by_age) == {"18岁以下": 1, "18–35岁": 0, "36–59岁": 1, "60岁及以上": 1}  # ages on 12-31
    march = stats.compute(store, stats.period_of(2026, month=3))
    assert (march.activities, march.hours, march.period.label) == (1, 6.0, "2026年3月")
    assert stats.period_of(2026, quarter=1).end == date(2026, 3, 31)


def test_numbers_match_brute_force_python_on_a_demo_station(demo_store):
    s = stats.compute(demo_store, stats.period_of(2026))
    acts = {aid: (status, starts, ben) for aid, status, starts, ben in demo_store.execute(
        "SELECT id, status, starts_at, beneficiaries FROM activity")}
    in_year = {aid for aid, (status, starts, _) in acts.items() if status == "done" and str(starts).startswith("2026")}
    parts = [(aid, vid, hours) for aid, vid, att, hours in demo_store.execute(
        "SELECT activity_id, volunteer_id, attended, hours FROM participation") if att and aid in in_year]
    assert s.activities == len(in_year)
    assert s.participations == len(parts)
    assert s.volunteers_active == len({v for _, v, _ in parts})
    assert abs(s.hours - sum(h for *_, h in parts)) < 1e-6
    assert s.beneficiaries == sum(acts[a][2] for a in in_year)
    per_volunteer: dict[int, float] = {}
    for _, v, h in parts:
        per_volunteer[v] = per_volunteer.get(v, 0) + h
    assert s.top_volunteers[0][1] == max(per_volunteer.values())
    certificates = [(str(on), voided) for on, voided in demo_store.execute("SELECT issued_on, voided_at FROM certificate")]
    assert any(voided and on.startswith("2026") for on, voided in certificates)  # the case to count right
    assert s.certificates == sum(1 for on, voided in certificates if on.startswith("2026") and not voided)
    registered = [str(joined or created)[:10] for joined, created in demo_store.execute(
        "SELECT joined_on, created_at FROM volunteer")]
    assert s.new_volunteers == sum(1 for day in registered if day.startswith("2026"))


def _reference(store, period: stats.Period, top: int = 10) -> dict:
    """The volunteer tables the slow, obvious way: every attended row of every held activity in Python."""
    from stationdesk.domain.dates import age_on

    start, end = period.dates
    held = {aid for aid, status, starts in store.execute("SELECT id, status, starts_at FROM activity")
            if status == "done" and start.isoformat() <= str(starts)[:10] < end.isoformat()}
    totals: dict[int, list] = {}
    for aid, vid, attended, hours in store.execute("SELECT activity_id, volunteer_id, attended, hours FROM participation"):
        if attended and aid in held:
            entry = totals.setdefault(vid, [0.0, 0])
            entry[0] += hours
            entry[1] += 1
    people = {vid: row for vid, *row in store.execute(
        "SELECT id, name, sort_name, birth_date, political_status, status FROM volunteer")}
    ranked = sorted(totals, key=lambda v: (-totals[v][0], people[v][1]))[:top]
    teams: dict[str, list] = {}
    for team, vid in store.execute("SELECT t.name, m.volunteer_id FROM team_member m JOIN team t ON t.id = m.team_id"):
        if vid in totals:
            entry = teams.setdefault(team, [0.0, 0])
            entry[0] += totals[vid][0]
            entry[1] += 1
    bands: dict[str, int] = {}
    political: dict[str, int] = {}
    for vid in totals:
        _, _, birth, status_text, status = people[vid]
        if status != "active":
            continue
        age = age_on(birth, period.end)
        band = next((label for label, low, high in stats.AGE_BANDS if age is not None and low <= age < high), "未登记")
        bands[band] = bands.get(band, 0) + 1
        political[status_text or "未登记"] = political.get(status_text or "未登记", 0) + 1
    return {"active": len(totals),
            "top": [(people[v][0], round(totals[v][0], 6), totals[v][1]) for v in ranked],
            "teams": sorted(((t, round(h, 6), n) for t, (h, n) in teams.items()), key=lambda r: (-r[1], r[0]))[:top],
            "bands": {k: v for k, v in bands.items() if v}, "political": political}


@pytest.mark.parametrize("period", [
    stats.period_of(2026), stats.period_of(2025), stats.period_of(2026, month=6), stats.period_of(2026, quarter=2),
    stats.Period(date(2025, 11, 17), date(2026, 2, 3)),  # not whole months: grouped from the rows
])
def test_every_kind_of_period_matches_the_reference(two_year_store, period):
    s = stats.compute(two_year_store, period)
    want = _reference(two_year_store, period)
    assert s.volunteers_active == want["active"] > 0
    assert [(n, round(h, 6), a) for n, h, a in s.top_volunteers] == want["top"]
    assert [(t, round(h, 6), n) for t, h, n in s.top_teams] == want["teams"]
    assert {k: v for k, v in s.by_age if v} == want["bands"]
    assert dict(s.by_political) == want["political"]


@pytest.fixture(scope="module")
def two_year_store(tmp_path_factory):
    from stationdesk.services.demo import build_demo
    from stationdesk.store import open_database

    store = open_database(tmp_path_factory.mktemp("stats") / "two-years.sqlite3")
    build_demo(store, volunteers=120, seed=3, years=2, activities_per_year=40)
    yield store
    store.close()


def test_points_totals_from_the_period_tally_equal_summing_the_lines(demo_store):
    """Whole years, months and quarters read the tally (migration 9); any other span sums the lines."""
    from datetime import date

    from stationdesk.services import points

    def summed(start, end):
        issued, redeemed = demo_store.execute(
            "SELECT coalesce(sum(CASE WHEN source != 'redemption' THEN hundredths END), 0),"
            " coalesce(-sum(CASE WHEN source = 'redemption' THEN hundredths END), 0) FROM points_entry"
            " WHERE entered_on >= ? AND entered_on < ?", (start.isoformat(), end.isoformat())).fetchone()
        return {"points_issued": issued / 100, "points_redeemed": redeemed / 100}

    spans = [(date(2026, 1, 1), date(2027, 1, 1)), (date(2026, 10, 1), date(2026, 11, 1)),
             (date(2026, 7, 1), date(2026, 10, 1)), (date(2025, 12, 1), date(2026, 3, 1)),
             (date(2026, 3, 15), date(2026, 9, 2))]
    for start, end in spans:
        assert points.totals(demo_store, start, end) == summed(start, end), (start, end)
    assert points.totals(demo_store, date(2026, 1, 1), date(2027, 1, 1))["points_issued"] > 0


def test_figures_counted_inside_a_transaction_see_its_own_writes(demo_store):
    """Who served is counted on a second connection alongside the rest, except inside a transaction,
    where that connection could not see what the transaction has written."""
    period = stats.period_of(2026)
    assert stats.compute(demo_store, period).volunteers_active > 0
    with demo_store.db.atomic() as transaction:
        demo_store.execute("DELETE FROM hours_correction")  # kept by RESTRICT while their attendance is
        demo_store.execute("DELETE FROM participation")
        inside = stats.compute(demo_store, period)
        transaction.rollback()
    assert (inside.volunteers_active, inside.participations, inside.top_teams) == (0, 0, [])
    assert stats.compute(demo_store, period).volunteers_active > 0
