"""The 测评细则 as a workbook a county hands out and a station hands back: 标题 and 依据 above a table of
部分 · 编号 · 评估内容 · 评分标准 · 分值 · 计分方式 · 达标值 (DESIGN §14). Read through tables.read_grid (calamine,
hostile files refused), written with openpyxl; a malformed sheet is refused naming its row, in Chinese."""

from pathlib import Path
from typing import Any

from stationdesk.domain.assessment import (
    JUDGED,
    JUDGED_NAME,
    RULES,
    Item,
    Section,
    Sheet,
    SheetProblem,
    checked,
    number,
    parse_points,
    parse_rule,
    parse_target,
)
from stationdesk.errors import UserError
from stationdesk.exchange.tables import read_grid
from stationdesk.exchange.xlsx_out import safe_cell
from stationdesk.files import check_output, written_atomically

COLUMNS = ("部分", "编号", "评估内容", "评分标准", "分值", "计分方式", "达标值")
# What a county's own sheet may call a column (spaces and full-width brackets dropped before comparing).
SYNONYMS = {
    "部分": ("部分", "类别", "项目类别", "一级指标", "评估项目", "测评项目", "板块"),
    "编号": ("编号", "序号", "指标编号"),
    "评估内容": ("评估内容", "测评内容", "内容", "二级指标", "评估要点", "指标内容", "考核内容"),
    "评分标准": ("评分标准", "评分细则", "计分标准", "考核标准"),
    "分值": ("分值", "分数", "满分", "标准分"),
    "计分方式": ("计分方式", "评分方式", "评定方式"),
    "达标值": ("达标值", "目标值", "要求"),
}
REQUIRED = ("部分", "评估内容", "分值")
TOTAL_WORDS = ("合计", "总分", "总计")
WIDTHS = (16, 7, 34, 44, 7, 26, 8)


class SheetRefused(UserError):
    """A workbook that is not a usable 测评细则."""


def _key(value: Any) -> str:
    return "".join(str(value if value is not None else "").split()).replace("（", "(").split("(")[0]


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value if value is not None else "").split())
    # The apostrophe xlsx_out.safe_cell puts before text a spreadsheet would run as a formula.
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@") else text


def _find_header(rows: list[list[Any]]) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(rows[:30]):
        found: dict[str, int] = {}
        for column, cell in enumerate(row):
            name = _key(cell)
            for field, names in SYNONYMS.items():
                if name in names and field not in found:
                    found[field] = column
                    break
        if all(f in found for f in REQUIRED):
            return index, found
    raise SheetRefused("没有找到测评细则的表头：表格前 30 行中应有一行写着“部分”“评估内容”“分值”"
                       "（可用导出的测评细则作样表）。")


def _above(rows: list[list[Any]], header: int) -> tuple[str, str]:
    """标题 and 依据 from the rows above the header: a 标题/依据 label with its value beside it, else the
    first text there is the title."""
    title = basis = ""
    loose = []
    for row in rows[:header]:
        cells = [_text(c) for c in row if _text(c)]
        if not cells:
            continue
        label = cells[0].rstrip(":：")
        if label in ("标题", "名称") and len(cells) > 1:
            title = cells[1]
        elif label in ("依据", "来源") and len(cells) > 1:
            basis = cells[1]
        elif label not in ("满分", "说明"):
            loose.append(cells[0])
    return title or (loose[0] if loose else "导入的测评细则"), basis


def read_sheet(path: str | Path) -> Sheet:
    """The workbook's 测评细则; SheetRefused (in Chinese, naming the row as Excel/WPS numbers it) when a row
    cannot be read, a code repeats, or there is nothing to score."""
    grid = read_grid(path)
    header, columns = _find_header(grid.rows)
    title, basis = _above(grid.rows, header)
    sections: list[tuple[str, list[Item]]] = []
    seen: dict[str, int] = {}

    def cell(row: list[Any], field: str) -> Any:
        column = columns.get(field)
        return row[column] if column is not None and column < len(row) else None

    for index in range(header + 1, len(grid.rows)):
        row, number_shown = grid.rows[index], index + 1
        if not any(_text(c) for c in row):
            continue
        where = f"第 {number_shown} 行"
        part, content = _text(cell(row, "部分")), _text(cell(row, "评估内容"))
        if any(w in (part, content, _text(cell(row, "编号"))) or part.startswith(w) for w in TOTAL_WORDS):
            continue  # a 合计 row: the total is the items' sum
        try:
            if not content:
                raise SheetProblem(f"{where}没有填写评估内容。")
            if not part and not sections:
                raise SheetProblem(f"{where}没有填写部分（第一项必须写明属于哪一部分，如“一、阵地建设”）。")
            rule = parse_rule(cell(row, "计分方式"), where)
            code = _text(cell(row, "编号"))
            if part and (not sections or sections[-1][0] != part):
                sections.append((part, []))
            code = code or f"{len(sections)}.{len(sections[-1][1]) + 1}"
            if code in seen:
                raise SheetProblem(f"{where}的编号“{code}”与第 {seen[code]} 行重复：每个评估项目的编号要不同。")
            seen[code] = number_shown
            item = Item(code=code, title=content, points=parse_points(cell(row, "分值"), where), rule=rule,
                        target=parse_target(cell(row, "达标值"), rule, where), criterion=_text(cell(row, "评分标准")))
            if len(item.title) > 500 or len(item.criterion) > 500:
                raise SheetProblem(f"{where}的文字太长了（每格不超过 500 个字）。")
        except SheetProblem as exc:
            raise SheetRefused(f"测评细则{exc}") from None
        sections[-1][1].append(item)
    try:
        return checked(Sheet(title[:200], basis[:500], tuple(Section(t, tuple(items)) for t, items in sections)))
    except SheetProblem as exc:
        raise SheetRefused(f"测评细则不能使用：{exc}") from None


def rows_of(sheet: Sheet) -> list[list[Any]]:
    """The table's rows as written (the 部分 on each row, so a filter or a sort in Excel keeps it)."""
    return [[section.title, item.code, item.title, item.criterion, item.points,
             JUDGED_NAME if item.rule == JUDGED else RULES[item.rule][0],
             None if item.target is None else item.target]
            for section in sheet.sections for item in section.items]


def write_sheet(sheet: Sheet, out: str | Path) -> int:
    """The sheet as a workbook read_sheet reads back the same; returns the number of items."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    out = check_output(out)
    workbook = Workbook()
    ws = workbook.active
    ws.title = "测评细则"
    bold = Font(bold=True)
    ws.append(["标题", safe_cell(sheet.title)])
    ws.append(["依据", safe_cell(sheet.basis)])
    ws.append(["满分", number(sheet.points)])
    ws.append(["说明", f"计分方式填“{JUDGED_NAME}”（由站里评定并写明佐证），或以下规则之一（由本站台账数据自动计算，"
               f"得分按达到达标值的比例，取到半分）：" + "、".join(f"{name}（{unit}）" for name, unit, _ in RULES.values())])
    ws.append([])
    ws.append(list(COLUMNS))
    for cell in ws[6]:
        cell.font = bold
    for row in rows_of(sheet):
        ws.append([safe_cell(v) for v in row])
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for row in ws.iter_rows(min_row=7):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    choices = DataValidation(type="list", formula1='"' + ",".join([JUDGED_NAME, *(n for n, _, _ in RULES.values())]) + '"',
                             allow_blank=True)
    ws.add_data_validation(choices)
    choices.add(f"F7:F{max(7, ws.max_row + 50)}")
    ws.freeze_panes = "A7"
    with written_atomically(out, "文件", hint="如文件正在Excel/WPS中打开，请先关闭") as partial:
        workbook.save(partial)
    return len(sheet.items())
