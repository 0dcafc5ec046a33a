"""The attendance tallies kept by triggers always equal a count from scratch, whatever the writes."""

import uuid
from contextlib import suppress
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stationdesk.domain.activity import ActivityDraft
from stationdesk.errors import UserError
from stationdesk.services import activities, attendance
from stationdesk.services.attendance import Mark
from stationdesk.store import open_database
from stationdesk.store.health import tally_problems


def _fresh_volunteer_tally(store):
    return {(p, v): (n, round(h, 6)) for p, v, n, h in store.execute(
        "SELECT substr(a.starts_at, 1, k.n), p.volunteer_id, count(*), sum(p.hours) FROM participation p"
        " JOIN activity a ON a.id = p.activity_id, (SELECT 0 AS n UNION ALL SELECT 4 UNION ALL SELECT 7) k"
        " WHERE p.attended = 1 AND a.status = 'done' GROUP BY 1, 2")}


def _kept_volunteer_tally(store):
    return {(p, v): (n, round(h, 6)) for p, v, n, h in store.execute(
        "SELECT period, volunteer_id, activities, hours FROM volunteer_tally WHERE activities != 0")}


def test_demo_station_tallies_match_and_a_tampered_tally_is_reported(demo_store):
    assert tally_problems(demo_store) == []
    assert _kept_volunteer_tally(demo_store) == _fresh_volunteer_tally(demo_store)
    assert len({p for p, _ in _kept_volunteer_tally(demo_store)}) > 1
    with demo_store.write():
        demo_store.execute("UPDATE volunteer_tally SET hours = hours + 1 WHERE period = "
                           "(SELECT min(period) FROM volunteer_tally)")
    problems = tally_problems(demo_store)
    assert problems and "volunteer_tally" in problems[0]


OPERATIONS = st.lists(st.tuples(st.sampled_from(["attend", "correct", "cancel", "move", "withdraw", "reopen"]),
                                st.integers(0, 2), st.integers(0, 5), st.sampled_from([0.5, 1.0, 2.5, 3.0])),
                      min_size=1, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(OPERATIONS)
def test_any_sequence_of_attendance_writes_keeps_tallies_exact(tmp_path, operations):
    from stationdesk.domain.volunteer import VolunteerDraft
    from stationdesk.services import roster

    path = tmp_path / f"{uuid.uuid4().hex}.sqlite3"
    with open_database(path) as store:
        people = [roster.add_volunteer(store, VolunteerDraft(name=name)) for name in "甲乙丙丁戊己"]
        start = datetime(2026, 1, 31, 9)
        acts = [activities.create_activity(store, ActivityDraft(title=f"活动{i}", starts_at=start + timedelta(days=i),
                                                                ends_at=start + timedelta(days=i, hours=2)))
                for i in range(3)]
        for aid in acts:
            attendance.sign_up(store, aid, people)
        for op, a, v, hours in operations:
            aid, vid = acts[a], people[v]
            pid = store.scalar("SELECT id FROM participation WHERE activity_id = ? AND volunteer_id = ?", (aid, vid))
            if op == "attend":
                attendance.record_attendance(store, aid, [Mark(p, p == vid or p % 2 == 0) for p in people],
                                             reason="重新登记")
            elif op == "correct" and pid:
                with suppress(UserError):  # refused when not attended
                    attendance.correct_hours(store, pid, hours, reason="测试")
            elif op == "cancel":
                activities.set_status(store, aid, "cancelled")
            elif op == "reopen":
                activities.set_status(store, aid, "done")
            elif op == "move":  # across a month and a year boundary
                draft = activities.get_draft(store, aid)
                when = datetime(2025, 12, 31, 9) if draft.starts_at.year == 2026 else datetime(2026, 2, 1, 9)
                activities.update_activity(store, aid, ActivityDraft(**{**draft.__dict__, "starts_at": when,
                                                                        "ends_at": when + timedelta(hours=2)}))
            elif op == "withdraw":
                with suppress(UserError):  # refused once attended
                    attendance.withdraw(store, aid, vid)
        assert _kept_volunteer_tally(store) == _fresh_volunteer_tally(store)
        assert tally_problems(store) == []


def test_team_names_on_the_roster_follow_memberships_and_renames(store):
    from stationdesk.domain.volunteer import VolunteerDraft
    from stationdesk.services import roster, teams

    vid = roster.add_volunteer(store, VolunteerDraft(name="王芳"))
    red = teams.create_team(store, "红马甲服务队")
    blue = teams.create_team(store, "蓝天服务队")

    def shown():
        return roster.rows_by_ids(store, [vid])[0].teams

    assert shown() == ""
    teams.add_members(store, blue, [vid])
    teams.add_members(store, red, [vid])
    assert shown() == "红马甲服务队、蓝天服务队"  # in team order, as before the column existed
    teams.update_team(store, red, name="红马甲志愿服务队")
    assert shown() == "红马甲志愿服务队、蓝天服务队"
    teams.remove_member(store, blue, vid)
    assert shown() == "红马甲志愿服务队"
    assert roster.search_ids(store, "", sort="teams", descending=True)[0] == vid
    assert tally_problems(store) == []
    with store.write():
        store.execute("UPDATE volunteer SET teams_text = '假的' WHERE id = ?", (vid,))
    assert any("所属队伍" in p for p in tally_problems(store))
