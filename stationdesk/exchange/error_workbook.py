"""The rejected rows of an import, with a reason column, for the user to fix and import again."""

from pathlib import Path

from stationdesk.exchange.xlsx_out import write_table

REASON_HEADER = "错误原因（改正后可直接重新导入）"


def write_error_workbook(out: str | Path, header: list[str], rejected: list[tuple[int, tuple, str]]) -> int:
    """`rejected`: (original row number, original cells, reason). Cells keep the header's columns."""
    width = len(header)
    rows = [(*(list(cells) + [""] * width)[:width], reason, row) for row, cells, reason in rejected]
    id_like = [i for i, h in enumerate(header) if any(k in h for k in ("身份证", "证件", "电话", "手机"))]
    return write_table(out, "导入错误", [*header, REASON_HEADER, "原行号"], rows, text_columns=id_like)
