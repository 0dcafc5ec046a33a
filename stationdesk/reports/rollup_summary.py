"""汇总表: a town's or county's figures for a year, a row per station and the total, with sign-off lines."""

from datetime import datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, TableStyle

from stationdesk.domain.amounts import figure
from stationdesk.reports.layout import BODY, MARGIN, SUBTITLE, TITLE, PageInfo, build_pdf, grid, sign_off
from stationdesk.reports.linebreak import Paragraph
from stationdesk.reports.text import markup

FRAME_WIDTH_MM = (landscape(A4)[0] - 2 * MARGIN) / mm  # 267 mm: the table is exactly as wide as the frame


def build_summary(figures: dict, labels: list[tuple[str, str]], out: str | Path, *, office: str,
                  printed_at: datetime, not_reported: list[str], duplicates: int) -> int:
    """`figures`: the rollup's totals (a dict per station under "stations"); `labels`: (key, column title)
    of the figures to show, in order. Returns the page count."""
    year = figures["year"]
    rows = [[str(n), s["name"], s["parent"], *(figure(s[k]) for k, _ in labels)]
            for n, s in enumerate(figures["stations"], start=1)]
    rows.append(["", "合计", f"{len(figures['stations'])} 个站点", *(figure(figures[k]) for k, _ in labels)])
    fixed = [12, 45, 45]  # 序号, 站点, 所属实践所 (mm); the figures share the rest of the landscape frame
    figure_width = (FRAME_WIDTH_MM - sum(fixed)) / len(labels)
    notes = []
    if not_reported:
        notes.append(f"未报送 {year} 年数据的站点（{len(not_reported)} 个）：{'、'.join(not_reported)}。")
    notes.append(f"在两个以上站点登记、可能是同一人的志愿者：{duplicates} 人。合计中的参与志愿者每人只计一次"
                 + (f"（{figures['counted_twice']} 人次在多个站点参加活动，各站数字中各计一次）。"
                    if figures.get("counted_twice") else "。"))
    table = grid(["序号", "站点", "所属实践所", *(title for _, title in labels)], rows,
                 [*fixed, *([figure_width] * len(labels))])
    table.setStyle(TableStyle([("ALIGN", (3, 1), (-1, -1), "RIGHT")]))  # figures line up by their last digit
    story = [Paragraph(markup(f"{office}各站点工作汇总表"), TITLE),
             Paragraph(f"统计年度：{year}年　　数据来源：各站点签名数据包", SUBTITLE),
             table,
             Spacer(1, 4 * mm), *(Paragraph(markup(n), BODY) for n in notes),
             *sign_off("制表人", "审核人", "负责人")]
    info = PageInfo(title=f"汇总表 · {year}年", station=office, printed_at=printed_at)
    return build_pdf(out, info, story, landscape_page=True)
