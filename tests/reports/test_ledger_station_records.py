"""The 台账 binds the station's own records: the 注册率 among the station facts, 阵地 (with its photo),
制度 in full, the year's 会议记录 and the 年度工作总结 — the saved one, or a draft marked as such."""

import subprocess
from datetime import date, datetime

from PIL import Image

from stationdesk.reports.ledger import build_ledger
from stationdesk.services import roster
from stationdesk.services import station_records as records
from stationdesk.services.ledger import gather
from tests.reports.test_ledger_pdf import pages_text

LONG_RULE = "\n".join(f"第{n}条　志愿者应当遵守<服务规范>&守时守信，第{n}条到此为止。" for n in range(1, 120))


def _fill(store, tmp_path):
    Image.new("RGB", (1200, 800), (30, 120, 200)).save(tmp_path / "驿站.jpg")
    records.add_venue(store, name="𠮷祥爱心驿站", kind="爱心驿站", area="45.5", opening_hours="每天 7:00-19:00",
                      photo=tmp_path / "驿站.jpg")
    records.add_venue(store, name="道德讲堂", kind="道德讲堂", area=120)
    records.add_rule(store, title="志愿服务积分管理制度", body=LONG_RULE, adopted_on=date(2026, 2, 1))
    records.add_rule(store, title="明年才施行的制度", body="第一条", adopted_on=date(2027, 1, 1))
    records.add_meeting(store, held_on=date(2026, 5, 6), attendees="站长王䶮、副站长李四",
                        topics="研究部署“我们的节日·端午”活动", decisions="6月19日在文化广场举办包粽子活动")
    records.add_meeting(store, held_on=date(2025, 12, 1), attendees="站长", topics="上一年的会")
    records.set_population(store, 2400)


def test_the_ledger_prints_the_station_records_and_the_registration_rate(demo_store, tmp_path):
    _fill(demo_store, tmp_path)
    out = tmp_path / "ledger.pdf"
    build_ledger(gather(demo_store, 2026, today=date(2026, 12, 7)), out, printed_at=datetime(2026, 12, 31))
    texts = pages_text(out)
    joined = "".join(texts)
    volunteers = roster.count(demo_store)
    assert "常住人口2400人" in joined
    assert f"{100 * volunteers / 2400:.2f}%（注册志愿者{volunteers}人/常住人口2400人）" in joined
    assert "八、阵地、制度与会议记录" in joined and "九、年度工作总结" in joined
    assert "𠮷祥爱心驿站" in joined and "45.5平方米" in joined and "每天7:00-19:00" in joined
    assert "《志愿服务积分管理制度》" in joined and "明年才施行的制度" not in joined
    assert "志愿者应当遵守<服务规范>&守时守信" in joined  # escaped, not read as markup
    for n in (1, 60, 119):  # a rule longer than a page runs over pages, every article on paper
        assert f"守时守信，第{n}条到此为止。" in joined
    assert "研究部署“我们的节日·端午”活动" in joined and "6月19日在文化广场举办包粽子活动" in joined
    assert "上一年的会" not in joined
    summary_part = joined.split("九、年度工作总结")[-1]
    assert "草稿" in summary_part and "全年开展文明实践活动" in summary_part
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert len(images) == 1  # the venue's photo (the demo's activities have none)


def test_a_saved_summary_is_printed_as_saved_and_sections_can_be_chosen(store, tmp_path):
    records.save_summary(store, 2026, "我站今年的总结：\n一是抓阵地建设；\n二是抓队伍。")
    out = tmp_path / "summary.pdf"
    build_ledger(gather(store, 2026), out, sections=("summary", "records"), printed_at=datetime(2026, 12, 31))
    joined = "".join(pages_text(out))
    assert "一、阵地、制度与会议记录" in joined and "二、年度工作总结" in joined
    assert "我站今年的总结：一是抓阵地建设；二是抓队伍。" in joined and "草稿" not in joined
    assert "（未登记阵地）" in joined and "（未登记制度）" in joined and "2026年未登记会议" in joined
