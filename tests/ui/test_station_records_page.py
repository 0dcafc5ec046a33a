"""站务 page on a real station file: the real forms filled and submitted (a refusal keeps what was typed),
the 常住人口 refused in Chinese when it is nonsense, the 注册率 shown here and on 统计, and the 总结 drafted
from the year's figures, edited and saved."""

from datetime import date

from stationdesk.services import roster, stats
from stationdesk.services import station_records as records
from stationdesk.ui.rows_model import cell
from stationdesk.ui.station_records_page import StationRecordsPage


def _page(store, qtbot):
    page = StationRecordsPage(store)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page


def test_a_refused_venue_keeps_what_was_typed_then_saves(store, qtbot, forms, tmp_path):
    from PIL import Image

    Image.new("RGB", (800, 600), (10, 150, 60)).save(tmp_path / "讲堂.png")
    page = _page(store, qtbot)
    typed = {"名称": "道德讲堂", "类型": "道德讲堂", "面积（平方米）": "零", "开放时间": "周六 9:00-11:00",
             "照片文件": str(tmp_path / "讲堂.png")}
    seen = {}

    def look(dialog):  # the refused form, still open: what was typed is still there
        seen.update({label: dialog.fields[label].text() for label in ("名称", "面积（平方米）")})
        dialog.fields["面积（平方米）"].setText("96")
        dialog.ok()
        return dialog.result()

    forms.answer(typed)
    original = forms.run

    def run(dialog):
        result = original(dialog)
        return look(dialog) if not result and dialog.message.text() else result

    forms.run = run
    page.add_venue()
    assert forms.messages and "不是数字" in forms.messages[0]
    assert seen == {"名称": "道德讲堂", "面积（平方米）": "零"}
    venue = records.list_venues(store)[0]
    assert (venue.name, venue.area, venue.has_photo) == ("道德讲堂", 96.0, True)
    assert cell(page.venues, 0, 0) == "道德讲堂" and cell(page.venues, 0, 2) == "96 平方米"


def test_rules_and_meetings_from_their_tabs(store, qtbot, forms):
    page = _page(store, qtbot)
    forms.answer({"制度名称": "志愿服务管理制度", "通过日期": date(2026, 3, 1), "制度全文": "第一条　……\n第二条　……"})
    page.add_rule()
    assert cell(page.rules, 0, 1) == "志愿服务管理制度"
    page.meeting_year.setCurrentIndex(page.meeting_year.findData(2026))
    forms.answer({"会议日期": date(2026, 5, 6), "参会人员": "站长、副站长", "会议议题": "", "研究部署": "入户"})
    page.add_meeting()
    assert forms.messages[-1] == "请填写会议议题。" and records.list_meetings(store) == []
    forms.answer({"会议日期": date(2026, 5, 6), "参会人员": "站长、副站长", "会议议题": "端午活动", "研究部署": "入户"})
    page.add_meeting()
    assert page.meetings.model().rowCount() == 1 and cell(page.meetings, 0, 2) == "端午活动"


def test_population_is_refused_in_chinese_and_the_rate_is_shown(demo_store, qtbot, monkeypatch):
    from stationdesk.ui import errors

    warned = []
    monkeypatch.setattr(errors, "warn", lambda parent, title, text: warned.append(text))
    page = _page(demo_store, qtbot)
    page.tabs.setCurrentIndex(3)
    demo = records.population(demo_store)  # the demo station has its own
    page.population.setText("-20")
    page.save_population()
    assert warned == ["常住人口应大于 0。"] and records.population(demo_store) == demo
    page.population.setText("两千")
    page.save_population()
    assert "不是整数" in warned[-1]
    page.population.setText("2000")
    page.save_population()
    volunteers = roster.count(demo_store)
    assert records.population(demo_store) == 2000
    assert f"{100 * volunteers / 2000:.2f}%" in page.rate.text()


def test_the_summary_is_drafted_from_the_figures_edited_and_saved(demo_store, qtbot):
    page = _page(demo_store, qtbot)
    page.tabs.setCurrentIndex(3)
    page.summary_year.setCurrentIndex(page.summary_year.findData(2026))
    assert page.summary.toPlainText() == "" and "尚未保存" in page.summary_state.text()
    page.redraft()
    figures = stats.compute(demo_store, stats.period_of(2026))
    assert f"全年开展文明实践活动{figures.activities}次" in page.summary.toPlainText()
    page.summary.setPlainText(page.summary.toPlainText().replace("（请结合实际填写）", "明年建好新时代文明实践广场。"))
    page.summary.document().setModified(True)
    page.population.setText("3000")
    page.save_population()  # a save elsewhere on the page keeps the 总结 being edited
    assert "明年建好新时代文明实践广场。" in page.summary.toPlainText()
    page.save_summary()
    assert "已保存" in page.summary_state.text()
    assert "明年建好新时代文明实践广场。" in records.saved_summary(demo_store, 2026)


def test_the_stats_page_shows_the_registration_rate(demo_store, qtbot):
    from stationdesk.ui.stats_page import StatsPage

    records.set_population(demo_store, 1234)
    page = StatsPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.counting())
    assert f"志愿者注册率 {100 * roster.count(demo_store) / 1234:.2f}%" in page.figures.text()
