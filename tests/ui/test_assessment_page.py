"""测评自查 tab on a real station file: the score and each item's status and what is missing, a judgement
entered through the real form (a refused score keeps what was typed, then saves), the county's sheet
imported (a malformed one refused in Chinese, nothing changed) and exported, and the 自评表 printed."""

import subprocess
from datetime import date

from openpyxl import Workbook

from stationdesk.services import assessment, audit
from stationdesk.ui.assessment_page import AssessmentPage
from stationdesk.ui.rows_model import cell, select_key
from stationdesk.ui.station_records_page import StationRecordsPage


def _page(store, qtbot):
    page = AssessmentPage(store)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.year.setCurrentIndex(page.year.findData(2026))
    return page


def _row(page, code):
    return next(r for r in range(page.items.model().rowCount()) if cell(page.items, r, 0) == code)


def test_the_score_each_item_and_a_judgement_through_the_form(store, qtbot, forms):
    audit.set_operator("李会计")
    page = _page(store, qtbot)
    assert page.total.text().startswith("自评得分：0 分（满分 100 分，7 项待评定")
    r = _row(page, "1.1")
    assert [cell(page.items, r, c) for c in (1, 2, 3, 4, 5)] == ["有固定的文明实践活动场所", "5", "0", "未得分", "还差 1 处阵地"]
    assert cell(page.items, _row(page, "1.3"), 4) == "待评定"

    select_key(page.items, "1.3")
    seen = {}
    original = forms.run

    def run(dialog):
        result = original(dialog)
        if not result and dialog.message.text():  # refused: still open, with what was typed
            seen.update(score=dialog.fields["自评分"].text(), note=dialog.fields["佐证说明"].toPlainText())
            dialog.fields["自评分"].setText("4.5")
            dialog.ok()
            return dialog.result()
        return result

    forms.run = run
    forms.answer({"自评分": "7", "佐证说明": "制度已上墙，见照片", "台账页码": "台账第5页"})
    assert page.judge_selected()
    assert "超过了这一项的分值 5 分" in forms.messages[0]
    assert seen == {"score": "7", "note": "制度已上墙，见照片"}
    r = _row(page, "1.3")
    assert [cell(page.items, r, c) for c in (3, 4)] == ["4.5", "部分得分"]
    assert cell(page.items, r, 7) == "制度已上墙，见照片；见台账第5页"
    assert page.total.text().startswith("自评得分：4.5 分（满分 100 分，6 项待评定")
    assert assessment.judgements(store, 2026)["1.3"].judged_by == "李会计"

    select_key(page.items, "1.1")  # computed: no form opens
    assert not page.judge_selected()


def test_the_countys_sheet_imported_refused_exported_and_the_table_printed(store, qtbot, tmp_path, monkeypatch):
    from stationdesk.ui import errors

    shown = []
    monkeypatch.setattr(errors, "warn", lambda parent, title, text: shown.append(text))
    page = _page(store, qtbot)
    bad = tmp_path / "坏.xlsx"
    wb = Workbook()
    for row in (["部分", "评估内容", "分值"], ["阵地", "场所", 5], ["阵地", "标牌", -2]):
        wb.active.append(row)
    wb.save(bad)
    page.import_sheet(str(bad))
    assert shown == ["测评细则第 3 行的分值应大于 0（现在是“-2”）。"]
    assert page.source.text().startswith("测评细则：村级新时代文明实践站测评自查细则（默认）")

    good = tmp_path / "县.xlsx"
    wb = Workbook()
    for row in (["标题", "某县测评细则"], ["部分", "编号", "评估内容", "分值", "计分方式", "达标值"],
                ["阵地", "A", "场所", 40, "阵地（场所）数", 2], ["特色", "B", "品牌", 60, "人工评定", None]):
        wb.active.append(row)
    wb.save(good)
    page.import_sheet(str(good))
    assert page.source.text().startswith("测评细则：某县测评细则")
    assert page.items.model().rowCount() == 2 and cell(page.items, 0, 5) == "还差 2 处阵地"
    page.export_sheet(str(tmp_path / "导出.xlsx"))
    assert [i.code for i in assessment.sheet(store).items()] == ["A", "B"]

    pdf = page.print_sheet(str(tmp_path / "自评表.pdf"), open_after=False)
    text = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert "测评自评表" in "".join(text.split()) and "某县测评细则" in "".join(text.split())


def test_it_is_a_tab_of_the_station_records_page_and_scores_again_after_a_write_there(store, qtbot, forms):
    page = StationRecordsPage(store)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert tabs[-1] == "测评自查"
    page.tabs.setCurrentWidget(page.assessment)
    page.assessment.year.setCurrentIndex(page.assessment.year.findData(date.today().year))
    r = _row(page.assessment, "1.1")
    assert cell(page.assessment.items, r, 3) == "0"
    forms.answer({"名称": "文化活动室"})
    page.add_venue()
    assert cell(page.assessment.items, _row(page.assessment, "1.1"), 3) == "5"
