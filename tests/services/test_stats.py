from datetime import date, datetime, timedelta

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
