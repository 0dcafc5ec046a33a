"""Reading .xlsx, .xls and .csv into a grid of cells, refusing hostile files quickly."""

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stationdesk.errors import UserError
from stationdesk.files import file_size

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_ZIP_RATIO = 150  # a real sheet compresses ~10–20×; zip bombs ~1000×
MAX_ROWS = 200_000
MAX_COLUMNS = 500


class UnreadableFile(UserError):
    pass


@dataclass(frozen=True)
class Grid:
    """A sheet's cells; `rows[i]` is spreadsheet row i + 1, as Excel/WPS number it."""

    sheet_name: str
    rows: list[list[Any]]


def _refuse_hostile_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except zipfile.BadZipFile:
        raise UnreadableFile("文件已损坏，或不是真正的 .xlsx 文件。请用 Excel/WPS 打开后另存为 .xlsx 再试。") from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNZIPPED_BYTES or (total / packed > MAX_ZIP_RATIO and total > 10 * 1024 * 1024):
        raise UnreadableFile("这个表格解压后异常巨大（可能是恶意文件），已拒绝读取。请确认文件来源。")


def _fill_merged(rows: list[list[Any]], ranges) -> None:
    """Give every cell of a merged range the range's value (Excel keeps it in the top-left cell only)."""
    for (r0, c0), (r1, c1) in ranges or ():
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, len(rows[r]) - 1) + 1):
                rows[r][c] = value


def _read_workbook(path: Path) -> Grid:
    from python_calamine import CalamineError, load_workbook

    try:
        workbook = load_workbook(str(path))
        sheet = next((workbook.get_sheet_by_name(m.name) for m in workbook.sheets_metadata
                      if str(m.visible).endswith("Visible") and str(m.typ).endswith("WorkSheet")), None)
        if sheet is None:
            raise UnreadableFile("表格里没有可以读取的工作表。")
        if sheet.total_height > MAX_ROWS or sheet.total_width > MAX_COLUMNS:
            raise UnreadableFile(f"表格太大（{sheet.total_height} 行 × {sheet.total_width} 列），"
                                 f"一次最多导入 {MAX_ROWS} 行。请拆分后分批导入。")
        rows = sheet.to_python(skip_empty_area=False)
        try:
            merged = sheet.merged_cell_ranges
        except CalamineError:
            merged = None
    except CalamineError as exc:
        raise UnreadableFile(f"无法读取这个表格文件（{type(exc).__name__}）。如果设置了密码，请先取消密码；"
                             "否则请用 Excel/WPS 打开后另存为 .xlsx 再试。") from exc
    _fill_merged(rows, merged)
    return Grid(sheet.name, rows)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # gb18030 is a superset of GBK/GB2312
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("无法识别 CSV 文件的文字编码。请用 Excel/WPS 打开后另存为 .xlsx 再导入。")


def _read_csv(path: Path) -> Grid:
    text = _decode(path.read_bytes())
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            rows.append(list(row))
            if len(rows) > MAX_ROWS:
                raise UnreadableFile(f"文件超过 {MAX_ROWS} 行，请拆分后分批导入。")
    except csv.Error as exc:  # a field past the csv module's limit (128 KiB), a stray NUL, a quote left open
        raise UnreadableFile(f"CSV 文件第 {len(rows) + 1} 行无法读取（{_csv_problem(exc)}）。请用 Excel/WPS "
                             "打开检查这一行，另存为 .xlsx 后再导入。") from None
    return Grid(path.stem, rows)


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"有一格超过 {csv.field_size_limit() // 1024} KB，不像是花名册的内容"
    if "NUL" in text or "null byte" in text:
        return "含有空字符，文件可能已损坏"
    return "引号没有配对或格式不对"


def read_grid(path: str | Path) -> Grid:
    """The first visible worksheet (or the CSV) as a grid. Raises UnreadableFile with a Chinese reason."""
    path = Path(path)
    size = file_size(path, error=UnreadableFile)
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(f"文件太大（{size // 1024 // 1024} MB），请拆分后分批导入。")
    if size == 0:
        raise UnreadableFile("文件是空的。")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        _refuse_hostile_zip(path)
        return _read_workbook(path)
    if suffix in (".xls", ".ods"):
        return _read_workbook(path)
    if suffix in (".csv", ".txt"):
        return _read_csv(path)
    raise UnreadableFile(f"不支持 {suffix or '无扩展名'} 文件，请使用 .xlsx、.xls 或 .csv 格式。")
