"""The 测评细则 workbook: written and read back the same (the default sheet and one with every rule, odd
text and half points), a county's own layout read by its column names, and malformed sheets refused in
Chinese naming the row as Excel/WPS numbers it."""

import json

import pytest
from openpyxl import Workbook, load_workbook

from stationdesk.domain.assessment import JUDGED, RULES, Item, Section, Sheet
from stationdesk.exchange.assessment_sheet import SheetRefused, read_sheet, write_sheet
from stationdesk.paths import resource
from stationdesk.services.assessment import default_sheet


def test_the_default_sheet_round_trips(tmp_path):
    sheet = default_sheet()
    assert sheet.points == 100
    assert write_sheet(sheet, tmp_path / "细则.xlsx") == len(sheet.items())
    assert read_sheet(tmp_path / "细则.xlsx") == sheet
    assert json.loads(resource("assessment/default.json").read_text(encoding="utf-8"))["title"] == sheet.title


def test_every_rule_odd_text_and_half_points_round_trip(tmp_path):
    items = tuple(Item(code=f"{n}.1", title=f"<项目> & “{name}”", points=2.5 + n, rule=code,
                       target=(50 if unit == "%" else 3), criterion="=SUM(A1)\n第二行")
                  for n, (code, (name, unit, _)) in enumerate(RULES.items()))
    sheet = Sheet("某县细则 2026", "县文明办〔2026〕3号", (
        Section("一、阵地", items[:5]), Section("二、其他", (*items[5:], Item("9", "人工项", 1.5, JUDGED)))))
    write_sheet(sheet, tmp_path / "细则.xlsx")
    back = read_sheet(tmp_path / "细则.xlsx")
    assert back.title == sheet.title and back.basis == sheet.basis
    # Cells keep one line: a criterion's line break comes back as a space; a formula is text, not run.
    assert back.sections[0].items[0].criterion == "=SUM(A1) 第二行"
    assert [(i.code, i.title, i.points, i.rule, i.target) for i in back.items()] == [
        (i.code, i.title, i.points, i.rule, i.target) for i in sheet.items()]
    cells = [c.value for row in load_workbook(tmp_path / "细则.xlsx").active.iter_rows() for c in row]
    assert "'=SUM(A1)\n第二行" in cells  # escaped: a spreadsheet would run "=…" as a formula


def _workbook(path, rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_a_countys_own_layout_is_read_by_its_column_names(tmp_path):
    path = _workbook(tmp_path / "县.xlsx", [
        ["XX县村级新时代文明实践站评估细则"],
        ["序号", "一级指标", "评估要点", "评分细则", "分值（分）"],
        [1, "阵地建设", "有固定场所", "有得分", 10],
        [2, None, "标识统一", "", "5分"],
        [3, "队伍建设", "站长到位", "", 5],
        ["合计", None, None, None, 20],
    ])
    sheet = read_sheet(path)
    assert sheet.title == "XX县村级新时代文明实践站评估细则"
    assert [(s.title, [(i.code, i.title, i.points, i.rule) for i in s.items]) for s in sheet.sections] == [
        ("阵地建设", [("1", "有固定场所", 10, JUDGED), ("2", "标识统一", 5, JUDGED)]),
        ("队伍建设", [("3", "站长到位", 5, JUDGED)])]


HEADER = ["部分", "编号", "评估内容", "评分标准", "分值", "计分方式", "达标值"]


@pytest.mark.parametrize(("rows", "says"), [
    ([HEADER, ["阵地", "1", "场所", "", "五", "", ""]], "第 2 行的分值“五”不是数字"),
    ([["标题", "x"], HEADER, ["阵地", "1", "场所", "", 5, "", ""], ["阵地", "2", "标牌", "", 0, "", ""]],
     "第 4 行的分值应大于 0"),
    ([HEADER, ["阵地", "1", "", "", 5, "", ""]], "第 2 行没有填写评估内容"),
    ([HEADER, ["", "1", "场所", "", 5, "", ""]], "第 2 行没有填写部分"),
    ([HEADER, ["阵地", "1", "场所", "", 5, "", ""], ["阵地", "1", "标牌", "", 5, "", ""]],
     "第 3 行的编号“1”与第 2 行重复"),
    ([HEADER, ["活动", "1", "活动", "", 5, "每周活动次数", ""]], "第 2 行的计分方式“每周活动次数”不认识"),
    ([HEADER, ["活动", "1", "照片", "", 5, "有照片的活动占比", 120]], "第 2 行的达标值是百分比，不能超过 100"),
    ([HEADER, ["活动", "1", "照片", "", 5, "人工评定", 3]], "第 2 行是人工评定，不需要达标值"),
    ([HEADER], "没有任何评估项目"),
    ([["姓名", "身份证号码"], ["张三", "x"]], "没有找到测评细则的表头"),
])
def test_a_malformed_sheet_is_refused_in_chinese_naming_the_row(tmp_path, rows, says):
    with pytest.raises(SheetRefused, match=says):
        read_sheet(_workbook(tmp_path / "坏.xlsx", rows))


def test_a_file_that_is_no_workbook_is_refused(tmp_path):
    (tmp_path / "假.xlsx").write_bytes(b"not a zip")
    with pytest.raises(Exception, match=r"不是真正的 \.xlsx"):
        read_sheet(tmp_path / "假.xlsx")
