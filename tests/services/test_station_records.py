"""The station's own records on a real station file: 阵地 with a photo kept in the file, 制度, 会议, the
常住人口 behind the 注册率 (nonsense refused in Chinese), and the 年度工作总结 drafted from the statistics
service's own figures, then saved per year."""

import sqlite3
from datetime import date

import pytest
from PIL import Image

from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.errors import UserError
from stationdesk.services import audit, roster, stats
from stationdesk.services import station_records as records
from stationdesk.services.changes import Tracker


def test_a_venue_keeps_its_particulars_and_its_photo_in_the_file(store, tmp_path):
    Image.new("RGB", (3000, 2000), (200, 30, 30)).save(tmp_path / "室内.jpg")
    vid = records.add_venue(store, name=" 文化\u200b活动室 ", kind="活动室", area="１２０.5", opening_hours="周一至周五 8:30-17:30",
                            photo=tmp_path / "室内.jpg")
    venue = records.get_venue(store, vid)
    assert (venue.name, venue.kind, venue.area, venue.has_photo) == ("文化活动室", "活动室", 120.5, True)
    assert max(venue.photo_width, venue.photo_height) == 1600  # resized as activity photos are
    assert records.venue_photo(store, vid)[:2] == b"\xff\xd8"
    (tmp_path / "室内.jpg").unlink()  # the file is not needed any more: the picture is in the database
    assert records.venue_photo(store, vid)[:2] == b"\xff\xd8"
    records.update_venue(store, vid, name="文化活动室", kind="活动室", area="", drop_photo=True)
    venue = records.get_venue(store, vid)
    assert venue.area is None and not venue.has_photo and venue.area_text == "—"
    records.remove_venue(store, vid)
    assert records.list_venues(store) == []


@pytest.mark.parametrize(("area", "says"), [("0", "大于 0"), ("-5", "大于 0"), ("一百", "不是数字"),
                                            ("12x", "不是数字"), ("nan", "大于 0"), ("5000000", "太大")])
def test_a_nonsense_area_is_refused_in_chinese_and_nothing_is_written(store, area, says):
    with pytest.raises(UserError, match=says):
        records.add_venue(store, name="道德讲堂", kind="道德讲堂", area=area)
    assert records.list_venues(store) == []


def test_a_venue_needs_a_name_and_its_photo_must_be_a_picture(store, tmp_path):
    with pytest.raises(UserError, match="请填写阵地名称"):
        records.add_venue(store, name=" \u3000", area="30")
    (tmp_path / "假照片.jpg").write_text("不是图片")
    with pytest.raises(UserError, match="不是可以识别的图片"):
        records.add_venue(store, name="爱心驿站", photo=tmp_path / "假照片.jpg")
    assert records.list_venues(store) == []


def test_rules_and_meetings_keep_their_text_and_dates(store):
    body = "第一条　为规范志愿服务……\n\n\n第二条　<志愿者> & 服务对象；\r\n第三条　本制度自通过之日起施行。"
    rid = records.add_rule(store, title="志愿服务管理制度", body=body, adopted_on="2026-03-01")
    rule = records.get_rule(store, rid)
    assert rule.adopted_on == date(2026, 3, 1) and "<志愿者> & 服务对象；\n第三条" in rule.body
    assert "\n\n\n" not in rule.body
    assert records.list_rules(store, adopted_by=date(2026, 2, 28)) == []
    records.add_meeting(store, held_on=date(2026, 11, 2), attendees="张三、李四", topics="冬季送温暖", decisions="12月5日入户")
    records.add_meeting(store, held_on=date(2025, 12, 30), attendees="张三", topics="年终总结")
    assert [m.topics for m in records.list_meetings(store, year=2026)] == ["冬季送温暖"]
    assert [m.held_on.year for m in records.list_meetings(store)] == [2025, 2026]
    with pytest.raises(UserError, match="不是日期"):
        records.add_rule(store, title="值班制度", body="每日值班", adopted_on="2026年3月")
    with pytest.raises(UserError, match="请填写会议议题"):
        records.add_meeting(store, held_on=date(2026, 1, 5), attendees="张三", topics="  ")
    with pytest.raises(UserError, match="找不到"):
        records.remove_meeting(store, 999)


@pytest.mark.parametrize(("typed", "says"), [("0", "大于 0"), ("-300", "大于 0"), ("两千", "不是整数"),
                                             ("2300.5", "不是整数"), ("", "请填写"), ("abc", "不是整数"),
                                             ("99999999", "太多")])
def test_nonsense_population_is_refused_in_chinese_and_the_old_value_stays(store, typed, says):
    records.set_population(store, "2,300")
    with pytest.raises(UserError, match=says):
        records.set_population(store, typed)
    assert records.population(store) == 2300


def test_the_registration_rate_is_registered_volunteers_over_the_population(store):
    for name in ("王一", "王二", "王三"):
        roster.add_volunteer(store, VolunteerDraft(name=name))
    archived = roster.add_volunteer(store, VolunteerDraft(name="王四"))
    roster.archive_volunteer(store, archived, reason="迁出")
    reg = records.registration(store)
    assert reg.rate is None and "未填写常住人口" in reg.text
    records.set_population(store, "１２００人")  # full-width digits from a Chinese input method
    reg = records.registration(store)
    assert (reg.volunteers, reg.population) == (3, 1200)
    assert reg.rate == pytest.approx(0.25) and reg.text.startswith("0.25%")


def test_the_draft_summary_uses_the_statistics_service_figures(demo_store):
    year = 2026
    figures = stats.compute(demo_store, stats.period_of(year))
    assert figures.activities > 0
    records.set_population(demo_store, 3000)
    records.add_meeting(demo_store, held_on=date(year, 4, 1), attendees="站长、副站长", topics="部署清明祭扫文明引导")
    text = records.draft_summary(demo_store, year)
    assert f"全年开展文明实践活动{figures.activities}次" in text
    assert f"志愿者参与{figures.participations}人次（{figures.volunteers_active}人）" in text
    assert f"服务群众{figures.beneficiaries}人次" in text and "部署清明祭扫文明引导" in text
    assert f"志愿者注册率{100 * roster.count(demo_store) / 3000:.2f}%" in text
    draft, saved = records.summary(demo_store, year)
    assert not saved and draft == text


def test_a_summary_is_saved_per_year_and_empty_text_is_refused(store):
    audit.set_operator("李会计")
    try:
        records.save_summary(store, 2026, "一、基本情况\r\n本站……")
    finally:
        audit.set_operator("")
    assert records.summary(store, 2026) == ("一、基本情况\n本站……", True)
    assert records.summary(store, 2025)[1] is False
    with pytest.raises(UserError, match="请填写工作总结"):
        records.save_summary(store, 2026, " \n ")
    with pytest.raises(UserError, match="年度"):
        records.save_summary(store, 26, "总结")
    assert records.saved_summary(store, 2026) == "一、基本情况\n本站……"
    assert store.scalar("SELECT saved_by FROM work_summary WHERE year = 2026") == "李会计"
    records.discard_summary(store, 2026)
    assert records.saved_summary(store, 2026) is None


def test_every_write_says_what_it_changed_and_is_labelled(store):
    tracker = Tracker(store)
    records.add_venue(store, name="爱心驿站")
    assert tracker.take() == {"venue"}
    records.add_rule(store, title="学习制度", body="每月学习一次", adopted_on=date(2026, 1, 2))
    assert tracker.take() == {"station_rule"}
    records.add_meeting(store, held_on=date(2026, 1, 3), attendees="全体", topics="学习")
    assert tracker.take() == {"meeting"}
    records.set_population(store, 800)
    assert tracker.take() == {"setting"}
    records.save_summary(store, 2026, "总结")
    assert tracker.take() == {"work_summary"}
    shown = audit.recent(store)
    assert all("其他" not in row[2] and "其他" not in row[3] for row in shown)


def test_the_records_survive_a_reopen_of_the_file(db_path, store):
    records.add_venue(store, name="道德讲堂", kind="道德讲堂", area=80)
    records.set_population(store, 1500)
    store.close()
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT name, area FROM venue").fetchall() == [("道德讲堂", 80.0)]
    assert con.execute("SELECT value FROM setting WHERE key = 'resident_population'").fetchone() == ("1500",)
    con.close()


def test_the_demo_records_fill_every_kind_up_to_today(store):
    records.add_demo_records(store, today=date(2026, 8, 1))
    assert len(records.list_venues(store)) == 3 and len(records.list_rules(store)) == 2
    assert [m.held_on.month for m in records.list_meetings(store, year=2026)] == [1, 4, 7]  # not October's yet
    assert records.registration(store).population == 2600
