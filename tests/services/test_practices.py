"""四单 requests, points and the 爱心超市, honours and 礼遇, funds — on a real demo database."""

from datetime import date, datetime

import pytest

from stationdesk.domain.amounts import points_text
from stationdesk.errors import UserError
from stationdesk.services import attendance, funds, honours, points, requests, stats, teams
from stationdesk.services.requests import RequestDraft


def _volunteers(store, n):
    """The newest volunteers the demo's own practices never reached (its merged record served requests)."""
    return [r[0] for r in store.execute(
        "SELECT id FROM volunteer WHERE status = 'active' AND id NOT IN (SELECT volunteer_id FROM request_volunteer)"
        " ORDER BY id DESC LIMIT ?", (n,))]


def _snapshot(store):
    return [store.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("service_request", "request_volunteer", "points_entry", "shop_item", "redemption",
                      "honor", "courtesy", "fund_entry")]


def test_a_request_goes_through_the_four_steps_and_becomes_hours_and_points(demo_store):
    store = demo_store
    menu = requests.save_menu_item(store, "上门剪指甲", category="其他", team_id=None)
    rid = requests.create_request(store, RequestDraft(resident_name="刘奶奶", resident_phone="13800001111",
                                                       village_group="三组", menu_item_id=menu),
                                  now=datetime(2026, 11, 2, 9))
    row = requests.get_request(store, rid)
    assert (row.what, row.state_label, row.phone_masked) == ("上门剪指甲", "待派单", "138****1111")
    a, b = _volunteers(store, 2)
    team = teams.list_teams(store)[1].id
    requests.dispatch(store, rid, due_on=date(2026, 11, 5), team_id=team, now=datetime(2026, 11, 2, 10))
    requests.accept(store, rid, [a, b])
    before = points.balance(store, a)
    hours_before = attendance.hours_summary(store, a).total
    activity = requests.complete(store, rid, "理发两人次", served_at=datetime(2026, 11, 3, 9), hours=1.5,
                                 now=datetime(2026, 11, 3, 11))
    assert activity is not None
    assert attendance.hours_summary(store, a).total == hours_before + 1.5
    # 1.5 h × 1 point + 1 point for the completed request (the default rates).
    assert points.balance(store, a) - before == 250
    reviewed_before = stats.compute(store, stats.period_of(2026)).as_json()["practices"]["requests"]["reviewed"]
    requests.review(store, rid, 5, "很满意")
    done = requests.get_request(store, rid)
    assert (done.state, done.rating, done.review, done.activity_id) == ("reviewed", 5, "很满意", activity)
    assert "刘奶奶" not in str(stats.compute(store, stats.period_of(2026)).as_json())  # no resident names in stats
    summary = stats.compute(store, stats.period_of(2026)).as_json()["practices"]
    assert summary["requests"]["reviewed"] == reviewed_before + 1 and 4 <= summary["average_rating"] <= 5


def test_steps_out_of_order_and_bad_input_change_nothing(demo_store):
    store = demo_store
    rid = requests.create_request(store, RequestDraft(resident_name="王大爷", what="修水管"))
    before = _snapshot(store)
    with pytest.raises(UserError, match="派单"):
        requests.accept(store, rid, _volunteers(store, 1))
    with pytest.raises(UserError, match="完成后"):
        requests.review(store, rid, 5)
    with pytest.raises(UserError, match="1 到 5"):
        requests.review(store, rid, 9)
    archived_team = teams.list_teams(store)[2]
    teams.set_archived(store, archived_team.id, True)
    snap = _snapshot(store)
    with pytest.raises(UserError, match="已解散"):
        requests.dispatch(store, rid, due_on=date.today(), team_id=archived_team.id)
    assert _snapshot(store) == snap
    with pytest.raises(UserError, match="承接"):
        requests.dispatch(store, rid, due_on=date.today())
    with pytest.raises(UserError, match="电话"):
        requests.create_request(store, RequestDraft(resident_name="某人", what="x", resident_phone="12345"))
    assert _snapshot(store)[1:] == before[1:]
    assert requests.get_request(store, rid).state == "requested"


def test_overdue_and_waiting_requests_need_attention(demo_store):
    store = demo_store
    late = requests.create_request(store, RequestDraft(resident_name="甲", what="送药"), now=datetime(2026, 11, 1, 8))
    requests.dispatch(store, late, due_on=date(2026, 11, 3), volunteer_ids=_volunteers(store, 1))
    requests.create_request(store, RequestDraft(resident_name="乙", what="陪诊"), now=datetime(2026, 11, 1, 8))
    fresh = requests.create_request(store, RequestDraft(resident_name="丙", what="读报"), now=datetime(2026, 11, 9, 8))
    found = {r.resident_name: why for r, why in requests.needing_attention(store, today=date(2026, 11, 10))}
    assert "超过完成期限 7 天" in found["甲"] and "仍未派单" in found["乙"] and "丙" not in found
    requests.withdraw(store, fresh, "家人已陪同")
    with pytest.raises(UserError):
        requests.withdraw(store, fresh, "again")


def test_points_follow_attendance_and_corrections_append(demo_store):
    store = demo_store
    vid = _volunteers(store, 1)[0]
    lines = points.ledger(store, vid)
    assert lines and lines[-1].running == points.balance(store, vid) == sum(x.hundredths for x in lines)
    # Every attended participation was credited hours × 1 point when the demo recorded attendance.
    credited = store.scalar("SELECT sum(hours) FROM participation WHERE volunteer_id = ? AND attended = 1", (vid,))
    assert points.balance(store, vid) == round(credited * 100)
    pid, hours = store.execute("SELECT id, hours FROM participation WHERE volunteer_id = ? AND attended = 1 LIMIT 1",
                               (vid,)).fetchone()
    attendance.correct_hours(store, pid, hours + 1, reason="补记")
    assert points.balance(store, vid) == round(credited * 100) + 100
    last = points.ledger(store, vid)[-1]
    assert last.hundredths == 100 and "原记" in last.reason
    count = store.scalar("SELECT count(*) FROM points_entry")
    attendance.correct_hours(store, pid, hours + 1, reason="同样的值")  # nothing changes, nothing added
    assert store.scalar("SELECT count(*) FROM points_entry") == count


def test_redemption_never_overdraws_points_or_stock(demo_store):
    store = demo_store
    vid = _volunteers(store, 1)[0]
    points.adjust(store, vid, "-" + points_text(points.balance(store, vid)), "清零以便测试")
    points.adjust(store, vid, "10", "文明家庭评选")
    soap = points.save_goods(store, "肥皂", 4, 5, "袋")
    before = _snapshot(store)
    with pytest.raises(UserError, match="积分不足：现有 10 分，兑换需要 12 分"):
        points.redeem(store, vid, soap, 3)
    points.adjust(store, vid, "100", "奖励")
    before = _snapshot(store)
    with pytest.raises(UserError, match="库存不足：“肥皂”只剩 5 袋"):
        points.redeem(store, vid, soap, 6)
    with pytest.raises(UserError, match="整数"):
        points.redeem(store, vid, soap, "两")
    assert _snapshot(store)[3:5] == before[3:5]  # goods and exchanges untouched
    rid = points.redeem(store, vid, soap, 2, today=date(2026, 11, 20))
    r = points.receipt(store, rid)
    assert (r.goods, r.quantity, r.total, r.balance_after) == ("肥皂", 2, 8, 10200)
    assert next(g for g in points.goods(store) if g.id == soap).stock == 3
    with pytest.raises(UserError, match="负"):
        points.adjust(store, vid, "-500", "扣错")
    with pytest.raises(UserError, match="原因"):
        points.adjust(store, vid, "5", " ")
    with pytest.raises(UserError, match="已经有"):
        points.save_goods(store, "肥皂", 1)
    assert points.restock(store, soap, "2", "新到") == 5
    with pytest.raises(UserError, match="库存只有 5"):
        points.restock(store, soap, "-6")
    account = next(a for a in points.accounts_for(store, points.account_ids(store)) if a.volunteer_id == vid)
    assert (account.spent, account.balance) == (800, 10200)


def test_funds_keep_exact_balances_and_refuse_bad_amounts(store):
    funds.add_entry(store, entered_on=date(2025, 12, 1), direction="in", source="文明实践基金", amount="1000",
                    purpose="县基金拨付")
    funds.add_entry(store, entered_on=date(2026, 3, 1), direction="in", source="专项资金", amount="2,500.50",
                    purpose="我们的节日专项")
    spent = funds.add_entry(store, entered_on=date(2026, 9, 20), direction="out", source="专项资金", amount="0.1",
                            purpose="中秋月饼")
    for _ in range(9):
        funds.add_entry(store, entered_on=date(2026, 9, 20), direction="out", source="专项资金", amount="0.1",
                        purpose="零星支出")
    before = _snapshot(store)
    for amount in ("-5", "abc", "0", "1.234"):
        with pytest.raises(UserError, match="金额"):
            funds.add_entry(store, entered_on=date(2026, 9, 21), direction="out", source="专项资金", amount=amount,
                            purpose="x")
    with pytest.raises(UserError, match=r"余额只有 1,000\.00 元"):
        funds.add_entry(store, entered_on=date(2026, 9, 21), direction="out", source="文明实践基金", amount="1000.01",
                        purpose="超支")
    assert _snapshot(store) == before
    rows = {b.source: b for b in funds.balances(store, 2026)}
    assert (rows["文明实践基金"].opening, rows["文明实践基金"].closing) == (100000, 100000)
    assert (rows["专项资金"].received, rows["专项资金"].spent, rows["专项资金"].closing) == (250050, 100, 249950)
    funds.reverse_entry(store, spent, "重复登记", on=date(2026, 9, 22))
    with pytest.raises(UserError, match="已经冲销"):
        funds.reverse_entry(store, spent, "again")
    assert {b.source: b for b in funds.balances(store, 2026)}["专项资金"].closing == 249960
    assert funds.totals(store, date(2026, 1, 1), date(2027, 1, 1)) == {"funds_in": "2500.60", "funds_out": "1.00"}  # the reversal is income


def test_honours_and_courtesies_feed_certificate_batches(demo_store):
    store = demo_store
    a, b = _volunteers(store, 2)
    h = honours.add_honor(store, title="优秀志愿者", level="县级", year=2026, volunteer_id=a, conferred_by="县文明办")
    honours.add_honor(store, title="优秀志愿者", level="村级", year=2026, volunteer_id=b)
    resident = honours.add_honor(store, title="身边好人", level="镇级", year=2026, person_name="赵桂英", deeds="照顾瘫痪婆婆二十年")
    with pytest.raises(UserError, match="已经登记"):
        honours.add_honor(store, title="优秀志愿者", level="县级", year=2026, volunteer_id=a)
    with pytest.raises(UserError, match="级别"):
        honours.add_honor(store, title="x", level="宇宙级", year=2026, person_name="某")
    with pytest.raises(UserError, match="姓名"):
        honours.add_honor(store, title="身边好人", level="村级", year=2026)
    honours.give_courtesy(store, resident, "免费健康体检", date(2026, 10, 1))
    honours.give_courtesy(store, resident, "节日走访慰问", date(2026, 9, 24), "中秋")
    assert [c.what for c in honours.courtesies(store, resident)] == ["节日走访慰问", "免费健康体检"]
    assert honours.honored_volunteers(store, 2026, "优秀志愿者") == sorted([a, b])
    reg = honours.register(store, 2026)
    assert ("身边好人", "镇级", "赵桂英", "", "09-24 节日走访慰问；10-01 免费健康体检") in reg
    honours.remove_honor(store, h, "登记错了")
    assert honours.honored_volunteers(store, 2026, "优秀志愿者") == [b]


def test_honoured_residents_are_not_volunteers(demo_store):
    """A resident honoured as 身边好人 is on the register but gets no numbered volunteer certificate."""
    year = date.today().year
    honours.add_honor(demo_store, title="好媳妇", level="村级", year=year, person_name="孙小梅")
    assert honours.honored_volunteers(demo_store, year, "好媳妇") == []


def test_marking_absent_after_attending_reverses_points_and_keeps_the_trail(demo_store):
    store = demo_store
    aid = store.scalar("SELECT id FROM activity WHERE status = 'planned' ORDER BY id LIMIT 1")
    vid = _volunteers(store, 1)[0]
    attendance.sign_up(store, aid, [vid])
    before = points.balance(store, vid)
    attendance.record_attendance(store, aid, [attendance.Mark(vid, True)])
    assert points.balance(store, vid) > before
    with pytest.raises(attendance.ReasonNeeded, match="请填写更正原因"):
        attendance.record_attendance(store, aid, [attendance.Mark(vid, False)])
    attendance.record_attendance(store, aid, [attendance.Mark(vid, False)], reason="签到表勾错了")
    assert points.balance(store, vid) == before  # reversed by a new line, not by editing
    with pytest.raises(UserError, match="更正记录"):  # hours were credited once: the trail stays
        attendance.withdraw(store, aid, vid)
    assert points.balance(store, vid) == before


def test_hours_of_someone_absent_cannot_be_corrected_and_corrected_rows_stay(demo_store):
    store = demo_store
    aid = store.scalar("SELECT id FROM activity WHERE status = 'planned' ORDER BY id LIMIT 1")
    vid = _volunteers(store, 1)[0]
    attendance.sign_up(store, aid, [vid])
    pid = store.scalar("SELECT id FROM participation WHERE activity_id = ? AND volunteer_id = ?", (aid, vid))
    with pytest.raises(UserError, match="没有登记出勤"):
        attendance.correct_hours(store, pid, 2, reason="补记")
    attendance.record_attendance(store, aid, [attendance.Mark(vid, True)])
    attendance.correct_hours(store, pid, 3, reason="补记")
    attendance.record_attendance(store, aid, [attendance.Mark(vid, False)], reason="其实没来")
    with pytest.raises(UserError, match="更正记录"):
        attendance.withdraw(store, aid, vid)


def test_attendance_from_before_points_is_credited_once_on_request(tmp_path):
    """An upgraded station, or one that turned points on late: 补记 credits what was never credited."""
    from stationdesk.services.demo import build_demo
    from stationdesk.store import open_database

    with open_database(tmp_path / "late.sqlite3") as store:
        points.save_rates(store, "0", "0", "0")  # points off while the year's attendance is recorded
        build_demo(store, volunteers=40, seed=5)
        assert store.scalar("SELECT count(*) FROM points_entry WHERE source IN ('hours', 'activity')") == 0
        waiting = points.uncredited(store)
        assert waiting == store.scalar("SELECT count(*) FROM participation WHERE attended = 1") > 0
        points.save_rates(store, "1", "0.5", "1")
        added = points.credit_past(store)
        assert points.uncredited(store) == 0 and added > waiting  # hours lines and activity lines
        vid = store.scalar("SELECT volunteer_id FROM participation WHERE attended = 1 LIMIT 1")
        hours, visits = store.execute("SELECT sum(hours), count(*) FROM participation WHERE attended = 1"
                                      " AND volunteer_id = ?", (vid,)).fetchone()
        earned = store.scalar("SELECT sum(hundredths) FROM points_entry WHERE volunteer_id = ?"
                              " AND source IN ('hours', 'activity')", (vid,))
        assert earned == round(hours * 100) + 50 * visits
        assert "（补记）" in points.ledger(store, vid)[0].reason
        assert points.credit_past(store) == 0  # never twice


def test_crediting_an_activity_again_adds_nothing_and_a_change_adds_only_the_difference(store):
    """Found by mutation testing: a changed source name in the 'already credited' sums went unnoticed."""
    from datetime import datetime, timedelta

    from stationdesk.domain.activity import ActivityDraft
    from stationdesk.domain.volunteer import VolunteerDraft
    from stationdesk.services import activities, roster

    points.save_rates(store, "1", "2", "0")  # 1 a hour, 2 an activity
    vid = roster.add_volunteer(store, VolunteerDraft(name="张三"))
    start = datetime(2026, 5, 5, 9)
    aid = activities.create_activity(store, ActivityDraft(title="护河", starts_at=start, ends_at=start + timedelta(hours=3)))
    attendance.record_attendance(store, aid, [attendance.Mark(vid, True)])
    assert points.balance(store, vid) == 500  # 3 h + 1 activity, in hundredths
    lines = store.scalar("SELECT count(*) FROM points_entry")
    assert points.credit_activity(store, aid) == 0 and points.credit_past(store) == 0
    assert store.scalar("SELECT count(*) FROM points_entry") == lines and points.balance(store, vid) == 500
    pid = attendance.sheet_rows(store, aid)[0].participation_id
    attendance.correct_hours(store, pid, 2, reason="提前离开")
    assert points.balance(store, vid) == 400  # only the hours' difference, the activity point stays
    assert points.credit_activity(store, aid) == 0


def test_accounts_come_highest_balance_first_and_search_narrows_them(demo_store):
    store = demo_store
    ids = points.account_ids(store)
    listed = points.accounts_for(store, ids)
    assert [a.volunteer_id for a in listed] == ids and len(ids) > 5
    balances = [a.balance for a in listed]
    assert balances == sorted(balances, reverse=True)
    recount = dict(store.execute("SELECT volunteer_id, sum(hundredths) FROM points_entry GROUP BY volunteer_id").fetchall())
    assert {a.volunteer_id: a.balance for a in listed} == {v: b for v, b in recount.items()}
    name = listed[0].name
    found = points.accounts_for(store, points.account_ids(store, name))
    assert found and all(a.name == name for a in found)


@pytest.mark.parametrize("state", [None, "requested", "done"])
def test_the_lazy_request_list_agrees_with_the_whole_list(demo_store, state):
    """The page shows ids and fetches rows as scrolled; its count line comes from one query: both agree
    with the plain list, filter by filter (overdue counted only among open requests)."""
    from datetime import timedelta

    today = date.today()
    late = requests.create_request(demo_store, RequestDraft(resident_name="钱阿婆", what="修水管"),
                                   now=datetime.combine(today - timedelta(days=20), datetime.min.time()))
    team = teams.list_teams(demo_store)[0].id
    requests.dispatch(demo_store, late, due_on=today - timedelta(days=3), team_id=team,
                      now=datetime.combine(today - timedelta(days=19), datetime.min.time()))
    for first, end in ((None, None), (today.replace(day=1), None), (date(2020, 1, 1), date(2020, 2, 1))):
        whole = requests.list_requests(demo_store, state=state, start=first, end_exclusive=end)
        ids = requests.request_ids(demo_store, state=state, start=first, end_exclusive=end)
        assert ids == [r.id for r in whole]
        assert requests.requests_by_id(demo_store, ids[::-1]) == whole[::-1]
        expected = (len(whole), sum(r.state in ("requested", "dispatched", "accepted") for r in whole),
                    sum(r.overdue(today) for r in whole))
        assert requests.summary(demo_store, today=today, state=state, start=first, end_exclusive=end) == expected
    assert requests.summary(demo_store, today=today)[2] >= 1


def test_needing_attention_in_sql_agrees_with_the_rows_own_rules(demo_store):
    """首页 asks SQL for the five most urgent and a count; both agree with RequestRow.overdue and
    waiting_dispatch over every request, around the day boundaries."""
    from datetime import timedelta

    today = date(2026, 11, 20)
    team = teams.list_teams(demo_store)[0].id
    for days_ago in range(0, 6):  # waiting 0..5 days for 派单; one dispatched, due yesterday / today
        at = datetime.combine(today - timedelta(days=days_ago), datetime.min.time()).replace(hour=9)
        requests.create_request(demo_store, RequestDraft(resident_name=f"群众{days_ago}", what="理发"), now=at)
        rid = requests.create_request(demo_store, RequestDraft(resident_name=f"派{days_ago}", what="修水管"), now=at)
        requests.dispatch(demo_store, rid, due_on=today - timedelta(days=days_ago - 1), team_id=team, now=at)
    everything = requests.list_requests(demo_store)
    expected = {r.id for r in everything if r.overdue(today) or r.waiting_dispatch(today)}
    found = requests.needing_attention(demo_store, today=today)
    assert {r.id for r, _ in found} == expected and len(expected) > 3
    assert requests.needing_attention_count(demo_store, today=today) == len(expected)
    assert [r.id for r, _ in requests.needing_attention(demo_store, today=today, limit=3)] == [r.id for r, _ in found][:3]
