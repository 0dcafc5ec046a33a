"""One truth across the station (issue 29): every published figure — 统计, the 台账, 首页, a volunteer's
total, the 个人档案, the 证明 and the station package — recomputed here from the raw rows in plain Python,
on a generated station with kiosk scans (one never scanned out), corrections, a voided certificate,
registrations without 加入日期, two activities on one day, a three-day camp and a cancelled activity.

The rules the figures follow (README, "Activities and hours"):
- an activity is held (已完成) once attendance is recorded, by the sheet or a kiosk scan; hours count
  everywhere for attended rows of held activities, nowhere for a cancelled one;
- a new volunteer is counted by the 加入日期, else the day the record was entered;
- certificates count unless voided;
- the daily cap is one a person a day across activities (a multi-day activity's hours spread evenly
  over its days); a correction beyond it is refused."""

import math
import random
import subprocess
from collections import defaultdict
from datetime import date, datetime, time, timedelta

import pytest

from stationdesk.domain.activity import ActivityDraft
from stationdesk.domain.amounts import figure
from stationdesk.domain.hours import service_days
from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.errors import UserError
from stationdesk.exchange.package_check import recount
from stationdesk.services import (
    activities,
    attendance,
    certificates,
    documents,
    ledger,
    packages,
    roster,
    rules,
    station,
    stats,
    teams,
)
from stationdesk.services.attendance import Mark

CAP = 8.0
NOW = datetime.now().replace(microsecond=0)


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def build_station(store, seed: int) -> dict:
    """A station made through the production services, as people use it; returns what the test needs
    to name (ids), never the figures — those come from the rows."""
    rng = random.Random(seed)
    rules.save_rules(store, step_minutes=30, daily_cap=CAP, levels=(10, 20, 40, 80, 160))
    people = []
    for i in range(16):
        joined = (NOW.date() - timedelta(days=rng.randrange(30, 800))) if i % 2 else None  # half leave 加入日期 empty
        people.append(roster.add_volunteer(store, VolunteerDraft(
            name=f"志愿者{chr(0x4e00 + seed * 40 + i)}", phone=f"139{seed:02d}{i:06d}", joined_on=joined)))
    team = teams.create_team(store, "一队")
    teams.add_members(store, team, people[:8])
    teams.set_leader(store, team, people[0])

    def plan(title: str, starts: datetime, hours: float, **extra) -> int:
        return activities.create_activity(store, ActivityDraft(
            title=title, category=rng.choice(["文化服务", "法律服务", "教育服务"]), starts_at=starts,
            ends_at=starts + timedelta(hours=hours), beneficiaries=rng.randrange(0, 40), **extra))

    day = lambda back: datetime.combine(NOW.date() - timedelta(days=back), time(9))  # noqa: E731
    ids: dict = {"people": people, "sheet": [], "corrected": []}
    # Sheet activities with each person's own times.
    for n in range(6):
        aid = plan(f"清扫{n}", day(50 - 6 * n), 4)
        who = rng.sample(people, 7)
        attendance.sign_up(store, aid, who)
        start = day(50 - 6 * n)
        marks = [Mark(v, rng.random() < 0.8, start + timedelta(minutes=rng.choice([0, 10, 40])),
                      start + timedelta(minutes=rng.choice([100, 170, 240, 250]))) for v in who]
        attendance.record_attendance(store, aid, marks)
        ids["sheet"].append(aid)
    # Two activities on one day, the same people at both: one cap between them.
    morning = plan("上午宣讲", day(20).replace(hour=8), 6)
    evening = plan("晚间巡逻", day(20).replace(hour=15), 6)
    both = people[2:6]
    for aid in (morning, evening):
        attendance.sign_up(store, aid, both)
        attendance.record_attendance(store, aid, [Mark(v, True) for v in both])
    ids["same_day"] = (morning, evening, both)
    # A three-day camp, recorded from the sheet at the activity's times (56 h on the clock).
    camp = plan("三日营", day(16), 56)
    attendance.sign_up(store, camp, people[4:9])
    attendance.record_attendance(store, camp, [Mark(v, True) for v in people[4:9]])
    ids["camp"] = camp
    # The kiosk: scans in and out, one never scanned out (closed at the end, 待核实).
    kiosk = plan("扫码活动", day(10), 5)
    start = day(10)
    scanned = people[8:14]
    for i, v in enumerate(scanned):
        attendance.scan(store, kiosk, v, start - timedelta(minutes=20) + timedelta(minutes=i))
    for i, v in enumerate(scanned[:-1]):
        attendance.scan(store, kiosk, v, start + timedelta(hours=1 + i * 0.7))
    attendance.close_forgotten(store, now=NOW)
    ids["kiosk"], ids["forgot"] = kiosk, scanned[-1]
    # Attendance recorded, then the activity cancelled: it did not take place, its hours count nowhere.
    cancelled = plan("雨天取消", day(8), 3)
    attendance.sign_up(store, cancelled, people[:3])
    attendance.record_attendance(store, cancelled, [Mark(v, True) for v in people[:3]])
    activities.set_status(store, cancelled, "cancelled")
    ids["cancelled"] = cancelled
    # Planned for next week, people signed up.
    future = plan("下周义诊", datetime.combine(NOW.date() + timedelta(days=7), time(9)), 3)
    attendance.sign_up(store, future, people[:5])
    # Corrections, each within the day's cap.
    for pid in rng.sample([r[0] for r in store.execute(
            "SELECT p.id FROM participation p JOIN activity a ON a.id = p.activity_id"
            " WHERE p.attended = 1 AND a.status = 'done'")], 5):
        p = store.execute("SELECT activity_id, volunteer_id, hours FROM participation WHERE id = ?", (pid,)).fetchone()
        room = attendance.rooms(store, activities.get_activity(store, p[0]), [p[1]])[p[1]]
        new = round(min(room, max(0.0, p[2] + rng.choice([-1.5, -0.5, 0.5, 1]))), 1)
        attendance.correct_hours(store, pid, new, reason=f"核对签到表{pid}")
        ids["corrected"].append(pid)
    # Certificates: proofs for several people (one kiosk, one camp, one with cancelled hours), one voided.
    year = NOW.year
    issued = []
    for v in (scanned[0], people[5], people[1], people[3]):
        if store.scalar("SELECT count(*) FROM participation p JOIN activity a ON a.id = p.activity_id WHERE"
                        " p.volunteer_id = ? AND p.attended = 1 AND p.hours > 0 AND a.status = 'done'"
                        " AND a.starts_at >= ?", (v, f"{year}-01-01")):
            issued.append((v, certificates.issue_service_record(store, v, date(year, 1, 1), date(year, 12, 31),
                                                                on=NOW.date())))
    certificates.void(store, issued[-1][1].serial, reason="姓名写错，重新出具")
    ids["proofs"] = issued
    return ids


def raw(store) -> dict:
    """The rows every figure is made of."""
    acts = {r[0]: {"status": r[1], "starts": str(r[2]), "ends": str(r[3]), "beneficiaries": r[4]}
            for r in store.execute("SELECT id, status, starts_at, ends_at, beneficiaries FROM activity")}
    parts = [dict(zip(("id", "activity", "volunteer", "attended", "hours"), r, strict=True)) for r in store.execute(
        "SELECT id, activity_id, volunteer_id, attended, hours FROM participation")]
    people = {r[0]: {"joined": r[1], "created": str(r[2]), "status": r[3]}
              for r in store.execute("SELECT id, joined_on, created_at, status FROM volunteer")}
    certs = [(str(r[0]), r[1] is not None) for r in store.execute("SELECT issued_on, voided_at FROM certificate")]
    fixes = [r for r in store.execute("SELECT participation_id, new_hours FROM hours_correction ORDER BY id")]
    return {"acts": acts, "parts": parts, "people": people, "certs": certs, "fixes": fixes}


def counted(rows: dict) -> list[dict]:
    """Attended rows of held activities: the hours everything counts."""
    return [p for p in rows["parts"] if p["attended"] and rows["acts"][p["activity"]]["status"] == "done"]


def oracle(rows: dict, first: date, last: date) -> dict:
    lo, hi = first.isoformat(), (last + timedelta(days=1)).isoformat()
    held = {a for a, v in rows["acts"].items() if v["status"] == "done" and lo <= v["starts"][:10] < hi}
    served = [p for p in counted(rows) if p["activity"] in held]
    registered = [v for v in rows["people"].values() if lo <= str(v["joined"] or v["created"][:10])[:10] < hi]
    per_person: dict = defaultdict(float)
    for p in served:
        per_person[p["volunteer"]] += p["hours"]
    return {"activities": len(held), "participations": len(served),
            "volunteers_active": len({p["volunteer"] for p in served}),
            "hours": round(math.fsum(p["hours"] for p in served), 2),
            "beneficiaries": sum(rows["acts"][a]["beneficiaries"] for a in held),
            "new_volunteers": len(registered),
            "certificates": sum(1 for on, voided in rows["certs"] if lo <= on[:10] < hi and not voided),
            "per_person": dict(per_person)}


FIGURES = ("activities", "participations", "volunteers_active", "hours", "beneficiaries", "new_volunteers",
           "certificates")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_published_figure_agrees_with_the_rows(store, tmp_path, seed):
    ids = build_station(store, seed)
    rows = raw(store)
    kiosk_rows = [p for p in rows["parts"] if p["activity"] == ids["kiosk"]]
    # The story the generator meant to tell is really in the rows.
    assert rows["acts"][ids["kiosk"]]["status"] == "done" and any(p["hours"] > 0 for p in kiosk_rows)
    assert any(p["attended"] and p["hours"] > 0 for p in rows["parts"] if p["activity"] == ids["cancelled"])
    assert any(v["joined"] is None for v in rows["people"].values())
    assert any(voided for _, voided in rows["certs"]) and rows["fixes"]
    camp_hours = [p["hours"] for p in rows["parts"] if p["activity"] == ids["camp"] and p["attended"]]
    assert max(camp_hours) > CAP  # a multi-day activity earns more than one day's cap

    # The daily cap: per person per day across activities (a multi-day activity evenly over its days).
    per_day: dict = defaultdict(float)
    for p in counted(rows):
        a = rows["acts"][p["activity"]]
        days = service_days(datetime.fromisoformat(a["starts"]), datetime.fromisoformat(a["ends"]))
        for d in days:
            per_day[(p["volunteer"], d)] += p["hours"] / len(days)
    assert max(per_day.values()) <= CAP + 1e-6
    morning, evening, both = ids["same_day"]
    for v in both:
        assert sum(p["hours"] for p in rows["parts"] if p["volunteer"] == v
                   and p["activity"] in (morning, evening)) <= CAP
    # Each corrected row holds its last correction.
    last = dict(rows["fixes"])
    assert all(next(p["hours"] for p in rows["parts"] if p["id"] == pid) == pytest.approx(new)
               for pid, new in last.items())

    years = sorted({int(v["starts"][:4]) for v in rows["acts"].values()} | {NOW.year})
    for year in years:
        want = oracle(rows, date(year, 1, 1), date(year, 12, 31))
        # 统计 (the page, its workbook and the printed 统计表 all show stats.compute)
        s = stats.compute(store, stats.period_of(year))
        assert {k: round(getattr(s, k), 2) for k in FIGURES} == {k: want[k] for k in FIGURES}, year
        id_of = {roster.get_volunteer(store, v).draft.name: v for v in ids["people"]}
        assert s.top_volunteers and all(round(h, 2) == round(want["per_person"][id_of[name]], 2)
                                        for name, h, _ in s.top_volunteers)
        assert math.fsum(h for _, _, h in s.by_month) == pytest.approx(want["hours"])
        for month in range(1, 13):  # a month is its own figure
            first = date(year, month, 1)
            m = stats.compute(store, stats.period_of(year, month))
            w = oracle(rows, first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1))
            assert {k: round(getattr(m, k), 2) for k in FIGURES} == {k: w[k] for k in FIGURES}, (year, month)
        # 台账: what it binds, and the figures it prints
        bound = ledger.gather(store, year)
        assert {k: round(getattr(bound.stats, k), 2) for k in FIGURES} == {k: want[k] for k in FIGURES}
        assert len(bound.activities) == want["activities"]
        # The station package: its figures and its own recount of its rows
        out = tmp_path / f"{year}.sdpkg"
        packages.export_package(store, out, year=year)
        package = packages.read_checked(out)
        assert {k: package.members["stats"][k] for k in FIGURES} == {k: want[k] for k in FIGURES}
        assert recount(package.members, year) == {k: want[k] for k in recount(package.members, year)}

    # Each person: the volunteer detail's total, the 个人档案, the tally 首页's star levels read.
    all_time = oracle(rows, date(2000, 1, 1), date(2100, 12, 31))["per_person"]
    this_year = oracle(rows, date(NOW.year, 1, 1), date(NOW.year, 12, 31))["per_person"]
    tally = dict(store.execute("SELECT volunteer_id, hours FROM volunteer_tally WHERE period = ''").fetchall())
    for v in ids["people"]:
        summary = attendance.hours_summary(store, v)
        assert round(summary.total, 2) == round(all_time.get(v, 0.0), 2), v
        assert round(summary.this_year, 2) == round(this_year.get(v, 0.0), 2), v
        assert round(tally.get(v, 0.0), 2) == round(all_time.get(v, 0.0), 2), v
    for v in (ids["forgot"], ids["people"][5], ids["people"][1]):
        pdf = tmp_path / f"profile-{v}.pdf"
        documents.profile(store, v, pdf)
        text = "".join(pdf_text(pdf).split())
        n = sum(1 for p in counted(rows) if p["volunteer"] == v)
        assert f"共{n}次，{figure(round(all_time.get(v, 0.0), 2))}小时" in text, text[:400]
    # 首页: the star levels it announces come from the same hours; nothing held waits for attendance.
    for m in certificates.milestones(store):
        assert m.hours == pytest.approx(all_time[m.volunteer_id])
    assert ids["kiosk"] not in {a.id for a in activities.not_recorded(store, today=NOW.date())}
    assert station.overview(store).volunteers == sum(1 for v in rows["people"].values() if v["status"] == "active")
    # The proofs certify exactly the hours counted everywhere else.
    for v, issued in ids["proofs"]:
        assert issued.content["hours"] == pytest.approx(this_year.get(v, 0.0)), v


def test_a_correction_beyond_the_days_cap_is_refused_in_chinese(store):
    v = roster.add_volunteer(store, VolunteerDraft(name="王五"))
    start = datetime.combine(NOW.date() - timedelta(days=3), time(9))
    one = activities.create_activity(store, ActivityDraft(title="上午", starts_at=start, ends_at=start + timedelta(hours=5)))
    two = activities.create_activity(store, ActivityDraft(title="下午", starts_at=start + timedelta(hours=6),
                                                          ends_at=start + timedelta(hours=11)))
    for aid in (one, two):
        attendance.record_attendance(store, aid, [Mark(v, True)])
    hours = dict(store.execute("SELECT activity_id, hours FROM participation").fetchall())
    assert hours == {one: 5.0, two: 3.0}  # two activities on one day share one cap of 8
    pid = attendance.record_of(store, one, v)
    with pytest.raises(UserError, match=r"服务时长应在 0 到 5 小时之间：每人每天最多计 8 小时（同日其他活动已计 3 小时）"):
        attendance.correct_hours(store, pid, 24.1, reason="多记")
    with pytest.raises(UserError, match="每人每天最多计 8 小时"):
        attendance.correct_hours(store, pid, 5.5, reason="多记")
    attendance.correct_hours(store, pid, 5, reason="核对")  # within the cap: kept
    camp = activities.create_activity(store, ActivityDraft(
        title="营", starts_at=start - timedelta(days=10), ends_at=start - timedelta(days=8) + timedelta(hours=8)))
    attendance.record_attendance(store, camp, [Mark(v, True)])
    assert store.scalar("SELECT hours FROM participation WHERE activity_id = ?", (camp,)) == 24.0  # 3 days × 8
    with pytest.raises(UserError, match=r"0 到 24 小时之间.*本活动共 3 天，最多 24 小时"):
        attendance.correct_hours(store, attendance.record_of(store, camp, v), 24.1, reason="多记")
    assert store.scalar("SELECT count(*) FROM hours_correction") == 1


def test_the_kiosk_marks_its_activity_held(store):
    v = roster.add_volunteer(store, VolunteerDraft(name="赵六"))
    start = datetime.combine(NOW.date() - timedelta(days=1), time(9))
    aid = activities.create_activity(store, ActivityDraft(title="扫码", starts_at=start, ends_at=start + timedelta(hours=3)))
    attendance.scan(store, aid, v, start)
    assert activities.get_activity(store, aid).status == "done"
    attendance.scan(store, aid, v, start + timedelta(hours=2))
    year = stats.compute(store, stats.period_of(start.year))
    assert (year.activities, year.hours) == (1, 2.0) == (1, attendance.hours_summary(store, v, today=start.date()).total)


def test_statistics_leave_voided_certificates_out(store):
    v = roster.add_volunteer(store, VolunteerDraft(name="钱七"))
    start = datetime.combine(NOW.date() - timedelta(days=2), time(9))
    aid = activities.create_activity(store, ActivityDraft(title="义务劳动", starts_at=start, ends_at=start + timedelta(hours=2)))
    attendance.record_attendance(store, aid, [Mark(v, True)])
    period = (date(NOW.year, 1, 1), date(NOW.year, 12, 31))
    kept = certificates.issue_service_record(store, v, *period, on=NOW.date())
    voided = certificates.issue_service_record(store, v, *period, on=NOW.date())
    certificates.void(store, voided.serial, reason="重复出具")
    assert kept.serial != voided.serial
    assert stats.compute(store, stats.period_of(NOW.year)).certificates == 1


def test_new_volunteers_without_a_joining_date_count_on_the_day_they_were_entered(store):
    roster.add_volunteer(store, VolunteerDraft(name="甲"))  # the form leaves 加入日期 empty
    roster.add_volunteer(store, VolunteerDraft(name="乙", joined_on=date(NOW.year - 3, 5, 1)))
    assert stats.compute(store, stats.period_of(NOW.year)).new_volunteers == 1
    assert stats.compute(store, stats.period_of(NOW.year - 3)).new_volunteers == 1
    assert stats.compute(store, stats.period_of(NOW.year, NOW.month)).new_volunteers == 1
