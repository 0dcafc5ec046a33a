from datetime import date, datetime, timedelta

import pytest

from stationdesk.domain.activity import ActivityDraft, repeat_dates
from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.errors import UserError
from stationdesk.services import activities, attendance, roster, teams
from stationdesk.services.attendance import Mark

START = datetime(2026, 11, 5, 9, 0)


def plan(store, title="垃圾分类宣传", start=START, hours=2, **kw) -> int:
    return activities.create_activity(store, ActivityDraft(
        title=title, category="理论宣讲", brand="逢5出发", starts_at=start, ends_at=start + timedelta(hours=hours),
        place="村文化广场", **kw))


def people(store, *names) -> list[int]:
    return [roster.add_volunteer(store, VolunteerDraft(name=n, phone=f"1380000{i:04d}")) for i, n in enumerate(names)]


def test_bad_plans_are_refused_with_reasons(store):
    with pytest.raises(UserError, match="活动主题不能为空"):
        activities.create_activity(store, ActivityDraft(starts_at=START, ends_at=START + timedelta(hours=1)))
    with pytest.raises(UserError, match="结束时间必须晚于开始时间"):
        activities.create_activity(store, ActivityDraft(title="x", starts_at=START, ends_at=START))
    assert activities.list_activities(store) == []


def test_plan_edit_list_and_status(store):
    aid = plan(store)
    draft = activities.get_draft(store, aid)
    activities.update_activity(store, aid, draft.__class__(**{**draft.__dict__, "place": "村委会二楼"}))
    row = activities.get_activity(store, aid)
    assert (row.place, row.status, row.signed_up) == ("村委会二楼", "planned", 0)
    assert [a.id for a in activities.list_activities(store, year=2026)] == [aid]
    assert activities.list_activities(store, year=2025) == []


def test_copy_and_repeat_on_the_5th_15th_and_25th(store):
    aid = plan(store)
    copy = activities.copy_activity(store, aid, date(2026, 12, 1))
    assert activities.get_activity(store, copy).starts_at == datetime(2026, 12, 1, 9, 0)
    done = activities.repeat_monthly(store, aid, until=date(2026, 12, 31), today=date(2026, 11, 1))
    starts = [activities.get_activity(store, i).starts_at.date() for i in done.ids]
    assert starts == [date(2026, 11, 15), date(2026, 11, 25), date(2026, 12, 5), date(2026, 12, 15),
                      date(2026, 12, 25)] and done.skipped == 0
    assert repeat_dates(date(2026, 1, 31), date(2026, 2, 6), (5,)) == [date(2026, 2, 5)]


def test_repeating_skips_the_dates_already_past_and_says_how_many(store):
    aid = plan(store)  # 2026-11-05
    done = activities.repeat_monthly(store, aid, until=date(2026, 12, 31), today=date(2026, 12, 10))
    starts = [activities.get_activity(store, i).starts_at.date() for i in done.ids]
    assert starts == [date(2026, 12, 15), date(2026, 12, 25)] and done.skipped == 3
    everything_past = activities.repeat_monthly(store, aid, until=date(2026, 11, 30), today=date(2026, 12, 10))
    assert everything_past == activities.Repeated([], 2)


def test_sign_up_people_and_a_team_and_see_conflicts(store):
    a1, a2 = plan(store), plan(store, "敬老院探访", start=START + timedelta(hours=1))
    zhang, li, wang = people(store, "张三", "李四", "王五")
    team = teams.create_team(store, "巾帼队")
    teams.add_members(store, team, [li, wang])
    assert attendance.sign_up(store, a1, [zhang, zhang, li]) == 2
    assert attendance.sign_up_team(store, a1, team) == 1  # 李四 was already there
    assert [c.volunteer for c in attendance.conflicts(store, a2, [zhang, li])] == ["张三", "李四"]
    rows = attendance.sheet_rows(store, a1)
    assert [(r.number, r.name, r.team) for r in rows] == [(1, "李四", "巾帼队"), (2, "王五", "巾帼队"), (3, "张三", "")]
    assert rows[0].phone_masked.count("*") == 4


def test_attendance_hours_rules_walk_ins_and_forgotten_check_outs(store):
    aid = plan(store)
    zhang, li, wang, zhao = people(store, "张三", "李四", "王五", "赵六")
    attendance.sign_up(store, aid, [zhang, li, wang])
    attended = attendance.record_attendance(store, aid, [
        Mark(zhang, True),  # default times: 9:00–11:00
        Mark(li, True, START + timedelta(minutes=20), START + timedelta(minutes=70)),  # 50 min → 1 h
        Mark(wang, False),
        Mark(zhao, True, START, None),  # walk-in who forgot to check out: closed at the end, flagged
    ])
    assert attended == 3
    by_name = {r.name: r for r in attendance.sheet_rows(store, aid)}
    assert (by_name["张三"].hours, by_name["李四"].hours, by_name["王五"].hours) == (2, 1, 0)
    assert by_name["赵六"].hours == 2 and by_name["赵六"].needs_review
    row = activities.get_activity(store, aid)
    assert (row.status, row.signed_up, row.attended) == ("done", 4, 3)


def test_bad_times_change_nothing(store):
    aid = plan(store)
    (zhang,) = people(store, "张三")
    with pytest.raises(UserError, match="张三：签退时间早于签到时间"):
        attendance.record_attendance(store, aid, [Mark(zhang, True, START, START - timedelta(hours=1))])
    assert attendance.sheet_rows(store, aid) == []


def test_corrections_append_and_totals_and_stars_follow(store):
    aid = plan(store, hours=3)
    (zhang,) = people(store, "张三")
    attendance.record_attendance(store, aid, [Mark(zhang, True)])
    pid = attendance.sheet_rows(store, aid)[0].participation_id
    with pytest.raises(UserError, match="原因"):
        attendance.correct_hours(store, pid, 2.5, reason=" ")
    attendance.correct_hours(store, pid, 2.5, reason="提前离开")
    attendance.correct_hours(store, pid, 2.0, reason="核对签到表")
    history = store.execute("SELECT old_hours, new_hours, reason FROM hours_correction ORDER BY id").fetchall()
    assert history == [(3.0, 2.5, "提前离开"), (2.5, 2.0, "核对签到表")]
    summary = attendance.hours_summary(store, zhang, today=date(2026, 12, 1))
    assert (summary.total, summary.this_year, summary.activities, summary.stars) == (2.0, 2.0, 1, 0)


def test_an_activity_with_attendance_cannot_be_deleted_only_cancelled(store):
    aid = plan(store)
    (zhang,) = people(store, "张三")
    attendance.record_attendance(store, aid, [Mark(zhang, True)])
    with pytest.raises(UserError, match="不能删除"):
        activities.delete_activity(store, aid)
    with pytest.raises(UserError, match="不能移出"):
        attendance.withdraw(store, aid, zhang)
    activities.set_status(store, aid, "cancelled")
    assert activities.get_activity(store, aid).status == "cancelled"
    empty = plan(store, "没人来的活动")
    attendance.sign_up(store, empty, [zhang])
    activities.delete_activity(store, empty)
    assert [a.id for a in activities.list_activities(store)] == [aid]


def test_scanning_cards_checks_in_then_out_and_ignores_double_scans(store):
    aid = plan(store)
    zhang, li = people(store, "张三", "李四")
    attendance.sign_up(store, aid, [zhang])
    code = store.scalar("SELECT card_code FROM volunteer WHERE id = ?", (zhang,))
    assert len(code) == 12 and code not in (store.scalar("SELECT card_code FROM volunteer WHERE id = ?", (li,)),)
    assert attendance.volunteer_for_card(store, f"sdv:{code.lower()}\n") == zhang
    assert attendance.volunteer_for_card(store, "SDV:000000000000") is None
    assert attendance.volunteer_for_card(store, "13800000000") is None
    first = attendance.scan(store, aid, zhang, START + timedelta(minutes=2))
    assert first.kind == "in" and first.message == "张三，签到成功！"
    assert attendance.scan(store, aid, zhang, START + timedelta(minutes=4)).kind == "again"
    out = attendance.scan(store, aid, zhang, START + timedelta(minutes=100))
    assert (out.kind, out.hours) == ("out", 1.5)
    assert attendance.scan(store, aid, zhang, START + timedelta(minutes=130)).kind == "done"
    walk_in = attendance.scan(store, aid, li, START + timedelta(minutes=10))  # not signed up: a walk-in
    assert walk_in.kind == "in"
    rows = {r.name: r for r in attendance.sheet_rows(store, aid)}
    assert rows["张三"].hours == 1.5 and rows["李四"].attended and rows["李四"].check_out is None


def test_local_rules_change_rounding_cap_and_stars(store):
    from stationdesk.services import rules

    with pytest.raises(UserError, match="由小到大"):
        rules.save_rules(store, step_minutes=15, daily_cap=6, levels=(30, 20, 100, 200, 300))
    with pytest.raises(UserError, match="取整单位"):
        rules.save_rules(store, step_minutes=7, daily_cap=6, levels=(30, 60, 100, 200, 300))
    rules.save_rules(store, step_minutes=15, daily_cap=6, levels=(1, 60, 100, 200, 300))
    aid = plan(store, hours=8)
    zhang, li = people(store, "张三", "李四")
    attendance.record_attendance(store, aid, [Mark(zhang, True), Mark(li, True, START, START + timedelta(minutes=38))])
    hours = {r.name: r.hours for r in attendance.sheet_rows(store, aid)}
    assert hours == {"张三": 6, "李四": 0.75}  # capped at 6; 38 min → 45 min in quarter hours
    assert attendance.hours_summary(store, zhang).stars == 1


def test_resaving_attendance_with_other_times_asks_why_and_keeps_the_trail(store):
    from stationdesk.services import audit

    aid = plan(store, hours=3)
    zhang, li = people(store, "张三", "李四")
    attendance.record_attendance(store, aid, [Mark(zhang, True, START, START + timedelta(hours=1.5)), Mark(li, True)])
    pid = {r.name: r.participation_id for r in attendance.sheet_rows(store, aid)}["张三"]
    shorter = [Mark(zhang, True, START, START + timedelta(hours=0.5)), Mark(li, True)]
    with pytest.raises(attendance.ReasonNeeded, match=r"张三 1\.5 → 0\.5 小时") as asked:
        attendance.record_attendance(store, aid, shorter)
    assert asked.value.changes == [("张三", 1.5, 0.5)]
    assert {r.name: r.hours for r in attendance.sheet_rows(store, aid)} == {"张三": 1.5, "李四": 3}  # nothing saved
    audit.set_operator("王会计")
    try:
        attendance.record_attendance(store, aid, shorter, reason="签退时间记错")
    finally:
        audit.set_operator("")
    history = store.execute("SELECT participation_id, actor, old_hours, new_hours, reason FROM hours_correction").fetchall()
    assert history == [(pid, "王会计", 1.5, 0.5, "签退时间记错")]
    # A correction made since is not undone by saving the same sheet again.
    attendance.correct_hours(store, pid, 1.0, reason="核对照片")
    attendance.record_attendance(store, aid, shorter)
    assert {r.name: r.hours for r in attendance.sheet_rows(store, aid)}["张三"] == 1.0


def test_attendance_for_an_activity_that_has_not_started_is_refused(store):
    aid = plan(store, start=datetime.now() + timedelta(days=4))
    (zhang,) = people(store, "张三")
    attendance.sign_up(store, aid, [zhang])
    with pytest.raises(UserError, match="还不能登记出勤"):
        attendance.record_attendance(store, aid, [Mark(zhang, True)])
    with pytest.raises(UserError, match="才能签到"):
        attendance.scan(store, aid, zhang, datetime.now())
    assert attendance.sheet_rows(store, aid)[0].hours == 0 and not attendance.sheet_rows(store, aid)[0].attended


def test_scan_ins_never_scanned_out_close_at_the_end_flagged_until_confirmed(store):
    aid = plan(store, hours=2)
    zhang, li = people(store, "张三", "李四")
    attendance.scan(store, aid, zhang, START + timedelta(minutes=5))
    attendance.scan(store, aid, li, START)
    attendance.scan(store, aid, li, START + timedelta(hours=1))
    assert attendance.close_forgotten(store, now=START + timedelta(hours=1)) == 0  # still running
    assert attendance.close_forgotten(store, now=START + timedelta(hours=3)) == 1
    assert attendance.close_forgotten(store, now=START + timedelta(hours=3)) == 0
    [row] = attendance.to_review(store)
    assert (row.name, row.check_out, row.hours) == ("张三", START + timedelta(hours=2), 2)
    assert attendance.review_count(store) == 1
    attendance.confirm_reviewed(store, row.participation_id)
    assert attendance.to_review(store) == []
    # A forgotten check-out typed from the sheet is flagged too; a correction clears the flag.
    attendance.record_attendance(store, aid, [Mark(zhang, True, START, None), Mark(li, True, START, START + timedelta(hours=1))],
                                 reason="补登")
    [row] = attendance.to_review(store)
    attendance.correct_hours(store, row.participation_id, 1.5, reason="电话核实")
    assert attendance.review_count(store) == 0


def test_the_paged_list_equals_the_full_list(demo_store):
    """The 活动 page reads ids, then rows a page at a time, and a footer from the tally: all as the full list."""
    for year in (2026, 2025, None):
        full = activities.list_activities(demo_store, year=year)
        ids = activities.activity_ids(demo_store, year=year)
        assert ids == [a.id for a in full]
        assert activities.activities_by_id(demo_store, ids[:200]) == full[:200]
        assert activities.year_summary(demo_store, year=year) == (
            len(full), sum(a.status == "done" for a in full), sum(a.attended for a in full))
