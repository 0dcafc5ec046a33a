"""测评自查 on real station files: the computed items against a station whose records were counted by hand,
the figures agreeing with the services that show them elsewhere (统计's held activities, the 注册率), the
operator's judgements with evidence and who/when in the 操作日志, refusals in Chinese, and an old file
(frozen v17, before migration 18) upgraded and scored."""

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from stationdesk.domain.activity import ActivityDraft
from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.errors import UserError
from stationdesk.services import (
    activities,
    assessment,
    attendance,
    audit,
    funds,
    pairings,
    people,
    photos,
    roster,
    station_records,
    stats,
    teams,
)
from stationdesk.services.attendance import Mark
from stationdesk.services.changes import Tracker
from stationdesk.store import open_database

HISTORY = Path(__file__).parent.parent / "store" / "schema_history"
TODAY = date(2026, 3, 1)  # 2025 is a past year: all twelve months count


@pytest.fixture
def counted(store, tmp_path):
    """A station whose 2025 was counted by hand (the comments say what each rule should see)."""
    picture = tmp_path / "活动.jpg"
    Image.new("RGB", (64, 48), (10, 120, 10)).save(picture)
    a, b, c = (roster.add_volunteer(store, VolunteerDraft(name=n)) for n in ("甲", "乙", "丙"))  # 3 registered
    teams.create_team(store, "巾帼志愿服务队")  # 1 team of 3 wanted
    # Held: January 4, February 2, March 4 (+1 planned, not held); none the other nine months → 2 months of 12 met.
    days = [datetime(2025, 1, d, 9) for d in (5, 10, 15, 25)] + [datetime(2025, 2, d, 9) for d in (5, 15)] + [
        datetime(2025, 3, d, 9) for d in (5, 10, 15, 25)]
    ids = []
    for n, when in enumerate(days):
        aid = activities.create_activity(store, ActivityDraft(
            title=f"活动{n}", category="文化服务", brand="逢5出发" if n < 2 else "", starts_at=when,
            ends_at=when + timedelta(hours=2), summary="开展顺利。" if n < 5 else ""))  # 5 with a record
        attendance.record_attendance(store, aid, [Mark(a, True)])
        ids.append(aid)
    for aid in ids[:3]:  # 3 with a photo
        photos.add_photo(store, aid, picture)
    activities.create_activity(store, ActivityDraft(title="计划中", starts_at=datetime(2025, 3, 28, 9),
                                                    ends_at=datetime(2025, 3, 28, 11), summary="未开展"))
    # Trainings: one session for two people, another for one → 2 sessions, 2 people; 2024's is not counted.
    people.add_training(store, a, held_on=date(2025, 4, 1), subject="急救")
    people.add_training(store, b, held_on=date(2025, 4, 1), subject="急救")
    people.add_training(store, a, held_on=date(2025, 5, 1), subject="消防")
    people.add_training(store, c, held_on=date(2024, 5, 1), subject="消防")
    # Funds: 600 in (and 200 out) in 2025, 5,000 in 2024.
    funds.add_entry(store, entered_on=date(2025, 6, 1), direction="in", source="上级拨付", amount="600", purpose="经费")
    funds.add_entry(store, entered_on=date(2025, 7, 1), direction="out", source="上级拨付", amount="200", purpose="购书")
    funds.add_entry(store, entered_on=date(2024, 6, 1), direction="in", source="上级拨付", amount="5000", purpose="经费")
    station_records.add_venue(store, name="文化活动室")  # 1 venue
    for title, on in (("工作制度", date(2025, 1, 1)), ("招募制度", date(2025, 6, 1)), ("嘉许制度", date(2026, 1, 5))):
        station_records.add_rule(store, title=title, body="第一条", adopted_on=on)  # 2 adopted by 2025's end
    for month in (1, 4, 7):
        station_records.add_meeting(store, held_on=date(2025, month, 8), attendees="站长", topics="部署")  # 3
    station_records.add_meeting(store, held_on=date(2024, 10, 8), attendees="站长", topics="去年的")
    station_records.set_population(store, 100)  # 3 of 100 = 3 %
    unit = pairings.add_unit(store, pairings.UnitDraft(name="县税务局"))
    pairings.create_pairing(store, unit, signed_on=date(2025, 1, 1), starts_on=date(2025, 1, 1),
                            ends_on=date(2027, 12, 31), commitments=(("阵地共享", "开放场地", 1),))
    return store


def _by_code(result) -> dict:
    return {row.item.code: row for row in result.items()}


def test_computed_items_score_what_was_counted_by_hand_and_say_what_is_missing(counted):
    rows = _by_code(assessment.score(counted, 2025, today=TODAY))
    expected = {  # code: (score, missing)
        "1.1": (5, ""),
        "2.2": (1.5, "还差 2 支志愿服务队"),  # 1 of 3: 5 × 1/3 = 1.67, to the half point below
        "2.3": (1.0, "还差 10 名注册志愿者"),  # 3 % of 13 %: 5 × 3/13 = 1.15; 13 of 100 wanted
        "2.4": (5, ""),
        "3.1": (2.0, "2月（2次）、4月（0次）、5月（0次）、6月（0次）、7月（0次）、8月（0次）、9月（0次）、10月（0次）、"
                     "11月（0次）、12月（0次）不足 4 次，还差 38 次活动"),
        "3.2": (1.5, "还差 7 次有照片的活动"),  # 3 of 10: 6 × 0.3 = 1.8
        "3.3": (3.0, "还差 5 次有活动记录的活动"),
        "4.1": (2.5, "还差 2 项制度"),
        "4.2": (3.5, "还差 1 次会议"),
        "5.1": (3.0, "还差 400.00 元经费收入"),
        "5.2": (0, "还差 1 个进度正常的结对：县税务局（阵地共享落后）"),
        "6.1": (3, ""),
    }
    assert {code: (rows[code].score, rows[code].missing) for code in expected} == expected
    assert rows["3.2"].measured == "10 次活动中 3 次有照片（30%）"
    assert rows["2.4"].measured == "培训 2 次（2 人参加）"
    assert rows["6.1"].measured == "品牌活动 1 个（逢5出发）"
    assert [rows[c].status for c in ("1.1", "2.2", "5.2", "1.2")] == ["满分", "部分得分", "未得分", "待评定"]


def test_judged_items_keep_their_evidence_and_who_when_and_the_total_adds_up(counted, tmp_path):
    audit.set_operator("李会计")
    picture = tmp_path / "制度上墙.jpg"
    Image.new("RGB", (8, 8)).save(picture)
    assessment.judge(counted, 2025, "1.3", score="４.5", note="三项制度已上墙", photo=str(picture), ledger_page="台账第5页")
    result = assessment.score(counted, 2025, today=TODAY)
    row = _by_code(result)["1.3"]
    assert (row.score, row.missing, row.judgement.judged_by) == (4.5, "自评 4.5 分，差 0.5 分", "李会计")
    assert row.measured == "三项制度已上墙；见台账第5页；照片：制度上墙.jpg"
    assert result.score == sum(r.score or 0 for r in result.items())
    assert result.pending == 6  # the default sheet's seven judged items less the one judged
    assert assessment.score(counted, 2026, today=TODAY).item("1.3").score is None  # judged per year
    assessment.judge(counted, 2025, "1.3", score=5, note="志愿服务制度也已上墙")  # a second replaces the first
    assert assessment.judgements(counted, 2025)["1.3"].score == 5
    log = audit.recent(counted, 5)
    assert log[0][1:4] == ("李会计", "测评自查评分", "测评自查") and "项目编号：1.3" in log[0][5]
    assessment.clear_judgement(counted, 2025, "1.3")
    assert assessment.score(counted, 2025, today=TODAY).item("1.3").score is None
    assert audit.recent(counted, 1)[0][2] == "删除"


@pytest.mark.parametrize(("code", "score", "note", "photo", "says"), [
    ("1.3", "6", "有", None, "超过了这一项的分值 5 分"),
    ("1.3", "-1", "有", None, "不能小于 0"),
    ("1.3", "五分", "有", None, "不是数字"),
    ("1.3", "3", "  ", None, "请写明佐证说明"),
    ("1.3", "3", "有", "/nowhere/照片.jpg", "找不到佐证照片"),
    ("1.3", "3", "有", "/etc/hostname", "不是图片文件"),
    ("1.1", "3", "有", None, "自动计分"),
    ("9.9", "3", "有", None, "没有编号为“9.9”的项目"),
])
def test_a_bad_judgement_is_refused_in_chinese_and_nothing_is_written(store, code, score, note, photo, says):
    with pytest.raises(UserError, match=says):
        assessment.judge(store, 2025, code, score=score, note=note, photo=photo)
    assert assessment.judgements(store, 2025) == {}


def test_the_figures_are_the_ones_the_other_pages_show(demo_store):
    """Held activities are 统计's count; photos and records recounted activity by activity as the 台账
    gathers them; the 注册率 is 站务's."""
    year = date.today().year
    facts = assessment.figures(demo_store, year)
    assert facts.held == stats.compute(demo_store, stats.period_of(year)).activities
    held = [a for a in activities.list_activities(demo_store, year=year) if a.status == "done"]
    assert facts.with_photos == sum(1 for a in held if photos.photo_sizes(demo_store, a.id))
    assert facts.with_record == sum(1 for a in held if activities.get_draft(demo_store, a.id).summary.strip())
    assert facts.registration == station_records.registration(demo_store)


def test_every_write_says_what_it_changed_and_is_labelled(store, tmp_path):
    tracker = Tracker(store)
    assessment.judge(store, 2025, "1.2", score=5, note="标牌统一")
    assert tracker.take() == {"assessment"}
    assessment.export_sheet(store, tmp_path / "细则.xlsx")
    assessment.import_sheet(store, tmp_path / "细则.xlsx")
    assert tracker.take() == {"assessment"}
    assessment.reset_sheet(store)
    assert tracker.take() == {"assessment"}
    assert [row[2] for row in audit.recent(store, 3)] == ["恢复默认测评细则", "导入测评细则", "测评自查评分"]


def test_an_imported_sheet_replaces_the_default_and_judgements_stay_by_code(store, tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "县细则.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["标题", "某县村级新时代文明实践站测评细则"])
    ws.append([])
    ws.append(["部分", "编号", "评估内容", "分值", "计分方式", "达标值"])
    ws.append(["阵地", "1.2", "标识统一", 10, "人工评定", None])
    ws.append(["活动", "A1", "每月活动", 20, "每月开展活动次数", 2])
    wb.save(path)
    assessment.judge(store, 2025, "1.2", score=5, note="标牌统一")
    assessment.import_sheet(store, path)
    result = assessment.score(store, 2025, today=TODAY)
    assert (result.sheet.title, result.sheet.points) == ("某县村级新时代文明实践站测评细则", 30)
    assert result.item("1.2").score == 5 and result.item("A1").item.method == "每月开展活动次数 ≥ 2 次/月"
    assert "导入" in assessment.sheet_source(store)


def test_a_station_file_from_before_migration_18_upgrades_and_scores(tmp_path):
    db = tmp_path / "station.sqlite3"
    shutil.copy(HISTORY / "v17.sqlite3", db)
    with open_database(db) as store:
        assert store.scalar("SELECT count(*) FROM assessment_judgement") == 0
        before = assessment.score(store, 2026, today=date(2026, 11, 30))
        assessment.judge(store, 2026, "1.2", score=5, note="标牌统一")
        after = assessment.score(store, 2026, today=date(2026, 11, 30))
        assert after.score == before.score + 5
        assert before.item("3.1").measured.startswith("10 个月中")  # 2026 as of November: its ten past months
