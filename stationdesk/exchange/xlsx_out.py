"""Writing .xlsx files that open cleanly in Excel and WPS and cannot carry formulas in."""

import contextlib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from stationdesk.files import check_output, written_atomically

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # openpyxl refuses these


def safe_cell(value: object) -> object:
    """Text a spreadsheet would run as a formula (= + - @ tab CR) gets a leading apostrophe; control
    characters that corrupt the file are dropped."""
    if not isinstance(value, str):
        return value
    value = _ILLEGAL.sub("", value)
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_table(out: str | Path, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence[object]],
                *, text_columns: Sequence[int] = (), widths: Sequence[int] = ()) -> int:
    """Write one sheet; returns the number of data rows. Columns in `text_columns` are formatted as text
    so that Excel keeps all 18 characters of an ID number. The file appears whole or not at all."""
    return write_sheets(out, [(sheet_title, header, rows, text_columns, widths)])[0]


def write_sheets(out: str | Path, sheets) -> list[int]:
    """Several sheets: (title, header, rows, text_columns, widths) each; returns the row counts."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    out = check_output(out)  # before openpyxl starts: a refused target must not leave its generators half-run
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    counts = []
    try:
        for sheet_title, header, rows, text_columns, widths in sheets:
            sheet = workbook.create_sheet(sheet_title)
            for index, width in enumerate(widths, start=1):
                sheet.column_dimensions[get_column_letter(index)].width = width
            sheet.freeze_panes = "A2"

            def cell(value, *, header=False, text=False, sheet=sheet):
                c = WriteOnlyCell(sheet, value=safe_cell(value))
                if header:
                    c.font = bold
                if text:
                    c.number_format = "@"
                if isinstance(c.value, str) and c.data_type == "f":  # belt and braces: never a formula
                    c.data_type = "s"
                return c

            sheet.append([cell(h, header=True) for h in header])
            count = 0
            for row in rows:
                sheet.append([cell(v, text=i in text_columns) for i, v in enumerate(row)])
                count += 1
            counts.append(count)
        with written_atomically(out, "文件", hint="如文件正在Excel/WPS中打开，请先关闭") as partial:
            workbook.save(partial)
    except BaseException:
        _discard(workbook)
        raise
    return counts


def _discard(workbook) -> None:
    """A write-only workbook that will not be saved (the file could not be written, a row failed): its
    sheets' row writers are finished and their temporary files removed now, not by the garbage collector
    later, which would print openpyxl's traceback on stderr after a refusal already said in Chinese."""
    for sheet in workbook.worksheets:
        try:
            if not sheet.closed:
                sheet.close()
        except Exception:  # half-written: only its temporary file matters now
            pass
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()
