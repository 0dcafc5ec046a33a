"""A roster spreadsheet → volunteer drafts with per-cell problems. Knows columns, not the database."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from stationdesk.domain.text import clean, compact
from stationdesk.domain.volunteer import Problem, VolunteerDraft, validate
from stationdesk.exchange.tables import Grid, UnreadableFile

# Column headers people use → draft field (plus "teams"). Compared after `header_key`.
SYNONYMS = {
    "name": ("姓名", "志愿者姓名", "名字", "真实姓名"),
    "gender": ("性别",),
    "id_number": ("身份证号码", "身份证号", "证件号码", "证件号", "身份证", "公民身份号码", "身份证件号码"),
    "phone": ("联系电话", "手机号码", "手机", "手机号", "电话", "联系方式", "电话号码", "移动电话"),
    "birth_date": ("出生日期", "出生年月", "生日", "出生年月日"),
    "political_status": ("政治面貌",),
    "education": ("文化程度", "学历", "最高学历"),
    "teams": ("所属队伍", "所属服务队", "服务队", "队伍", "所在队伍", "志愿服务队"),
    "village_group": ("村民小组", "所在村组", "村组", "所在小组", "组别", "小组"),
    "national_code": ("志愿者编号", "注册编号", "志愿者证号"),
    "skills": ("技能特长", "特长", "专业特长", "服务技能", "技能"),
    "joined_on": ("加入日期", "注册日期", "入队时间", "注册时间", "加入时间"),
    "note": ("备注", "说明"),
}
_BRACKETED = re.compile(r"[（(\[【].*?[)）\]】]")
_HEADER_LOOKUP = {compact(s): f for f, names in SYNONYMS.items() for s in names}
HEADER_SEARCH_ROWS = 30
TEXT_ONLY_FIELDS = ("id_number",)


def header_key(text: object) -> str:
    """'  身份证号码（必填）* ' → '身份证号码'."""
    return compact(_BRACKETED.sub("", clean(text))).strip("*：:")


@dataclass(frozen=True)
class SheetRow:
    row: int  # as the spreadsheet numbers it
    draft: VolunteerDraft
    teams: tuple[str, ...]
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    cells: tuple[object, ...]  # the original cells, for the error workbook


@dataclass
class ParsedSheet:
    sheet_name: str
    header_row: int
    header: list[str]
    columns: dict[str, int]  # field → column index
    ignored_columns: list[str]
    rows: list[SheetRow] = field(default_factory=list)


def find_header(grid: Grid) -> tuple[int, dict[str, int]]:
    """The first row (0-based) naming 姓名 and at least one other known column, and its mapping."""
    for index, row in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        mapping: dict[str, int] = {}
        for col, cell in enumerate(row):
            known = _HEADER_LOOKUP.get(header_key(cell))
            if known and known not in mapping:
                mapping[known] = col
        if "name" in mapping and len(mapping) >= 2:
            return index, mapping
    raise UnreadableFile("没有找到表头。表格前几行中应有一行列名，至少包括“姓名”和“身份证号码”或“联系电话”等。")


def _parse_date(value: object) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = compact(str(value))
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?", text) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", text)
    if not m:
        raise ValueError(text)
    return date(int(m[1]), int(m[2]), int(m[3] or 1))


def _text(value: object) -> str:
    """A cell as text; integral floats lose their '.0' (a number typed into a text-like column)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(value)


def _numeric_cell_problem(field_name: str, value: object) -> Problem | None:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    if field_name == "id_number":
        return Problem("id_number", "身份证号码被存成了数字，Excel 只保留15位有效数字，后几位已经丢失。"
                                    "请把这一列设置为“文本”格式，重新输入号码后再导入。")
    if field_name == "phone" and not (float(value).is_integer() and len(str(int(value))) == 11):
        return Problem("phone", "电话号码被存成了数字，开头的0或部分数字可能已丢失。请把这一列设置为“文本”格式后重新输入。")
    return None


def parse_row(row_number: int, cells: list[object], columns: dict[str, int]) -> SheetRow:
    values: dict[str, object] = {}
    errors: list[Problem] = []
    for name, col in columns.items():
        values[name] = cells[col] if col < len(cells) else ""
    for name in ("id_number", "phone"):
        problem = _numeric_cell_problem(name, values.get(name))
        if problem:
            errors.append(problem)
            values[name] = ""
    dates: dict[str, date | None] = {}
    for name in ("birth_date", "joined_on"):
        try:
            dates[name] = _parse_date(values.get(name))
        except ValueError:
            errors.append(Problem(name, f"日期“{_text(values[name])}”看不懂，请写成 1990-01-31 这样的格式"))
            dates[name] = None
    teams = tuple(t for t in re.split(r"[、,，;；/]", _text(values.get("teams", ""))) if t.strip())
    fields: dict[str, Any] = {k: _text(v) for k, v in values.items() if k not in ("teams", "birth_date", "joined_on")}
    draft = VolunteerDraft(**fields | dates)
    result = validate(draft)
    return SheetRow(row=row_number, draft=result.draft, teams=tuple(t.strip() for t in teams),
                    errors=tuple(errors) + result.errors, warnings=result.warnings, cells=tuple(cells))


def parse_grid(grid: Grid) -> ParsedSheet:
    header_index, columns = find_header(grid)
    header = [_text(c) for c in grid.rows[header_index]]
    mapped = set(columns.values())
    parsed = ParsedSheet(sheet_name=grid.sheet_name, header_row=header_index + 1, header=header,
                         columns=columns, ignored_columns=[h for i, h in enumerate(header) if h and i not in mapped])
    for index in range(header_index + 1, len(grid.rows)):
        cells = grid.rows[index]
        if not any(_text(cells[columns[f]]) for f in ("name", "id_number", "phone")
                   if f in columns and columns[f] < len(cells)):
            continue  # blank lines, notes and footers such as 制表人：…
        if header_key(cells[columns["name"]] if columns["name"] < len(cells) else "") == "姓名":
            continue  # the header repeated (sheets pasted together)
        parsed.rows.append(parse_row(index + 1, cells, columns))
    return parsed
