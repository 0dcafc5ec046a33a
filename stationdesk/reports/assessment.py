"""The 自评表: the station's self-assessment against the county's sheet for a year — each section with its
items, points, the score and what it rests on (the figures from the records, or the operator's evidence
citing the 台账), the 自评得分 total and lines to sign (A4 portrait)."""

from datetime import datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, TableStyle

from stationdesk.domain.assessment import Assessment, ItemScore, number
from stationdesk.reports.layout import BODY, CELL, SMALL, SUBTITLE, TITLE, PageInfo, build_pdf, grid
from stationdesk.reports.linebreak import Paragraph
from stationdesk.reports.text import markup

WIDTHS = [12, 49, 12, 17, 90]  # mm: 180, the A4 page less 15 mm margins
SECTION_GREY = colors.HexColor("#f2f2f2")


def _basis(row: ItemScore) -> str:
    """What the score rests on, for the last column."""
    if row.item.computed:
        text = f"按台账数据计分（{row.item.method}）：{row.measured}"
        return text + (f"。{row.missing}" if row.missing else "")
    if row.judgement is None:
        return "人工评定：尚未评定"
    j = row.judgement
    who = "，".join(p for p in (j.judged_by and f"评定人 {j.judged_by}", j.judged_at[:10]) if p)
    return f"人工评定：{j.evidence}" + (f"（{who}）" if who else "")


def _content(row: ItemScore) -> Paragraph:
    """The item's wording, and under it the county's 评分标准 in smaller grey type."""
    text = markup(row.item.title)
    if row.item.criterion:
        text += f'<br/><font size="8" color="#555555">{markup(row.item.criterion)}</font>'
    return Paragraph(text, CELL)


def build_assessment(result: Assessment, out: str | Path, *, station: str, printed_at: datetime) -> int:
    """The 自评表 of `result`; returns the page count."""
    title = f"{result.year}年度新时代文明实践站测评自评表"
    rows: list[list] = []
    section_rows: list[int] = []
    for section in result.sections:
        section_rows.append(len(rows) + 1)  # +1: the header row
        pending = f"，{section.pending} 项待评定" if section.pending else ""
        rows.append([f"{section.section.title}（{number(section.section.points)} 分，自评 {number(section.score)} 分"
                     f"{pending}）", "", "", "", ""])
        for item in section.items:
            rows.append([item.item.code, _content(item),
                         number(item.item.points), "待评定" if item.score is None else number(item.score), _basis(item)])
    rows.append(["", "自评得分合计", number(result.sheet.points), number(result.score),
                 f"{result.pending} 项尚未评定，按 0 分计" if result.pending else ""])
    table = grid(["编号", "评估内容及评分标准", "分值", "自评得分", "计分依据及佐证（台账页码）"], rows, WIDTHS)
    style: list[tuple] = [("ALIGN", (2, 1), (3, -1), "CENTER"), ("ALIGN", (0, 1), (0, -1), "CENTER"),
             ("BACKGROUND", (0, len(rows)), (-1, len(rows)), SECTION_GREY)]
    for r in section_rows:
        style += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), SECTION_GREY), ("ALIGN", (0, r), (-1, r), "LEFT")]
    table.setStyle(TableStyle(style))
    total = (f"自评得分：{number(result.score)} 分（满分 {number(result.sheet.points)} 分"
             + (f"，{result.pending} 项待评定" if result.pending else "") + "）")
    story = [Paragraph(markup(title), TITLE), Paragraph(markup(f"{station}　·　{result.sheet.title}"), SUBTITLE),
             Paragraph(total, BODY), Spacer(1, 3 * mm), table, Spacer(1, 3 * mm)]
    if result.sheet.basis:
        story.append(Paragraph(markup(f"测评细则依据：{result.sheet.basis}"), SMALL))
    story += [Spacer(1, 10 * mm),
              Paragraph("填表人：______________　　　站长（负责人）：______________　　　（实践站盖章）", BODY),
              Spacer(1, 6 * mm), Paragraph("填表日期：________年____月____日", BODY)]
    return build_pdf(out, PageInfo(title, station, printed_at), story)
