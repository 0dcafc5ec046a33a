"""志愿服务时长和积分公示: the month's hours and points of each volunteer under their 村民小组, A4 portrait
or landscape, with the 公示期, a 监督电话 line and the station's signature and date. Names in full; no phone
or ID number is printed."""

from datetime import datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from stationdesk.domain.amounts import figure, points_text
from stationdesk.domain.dates import chinese_date
from stationdesk.domain.notice import Notice
from stationdesk.reports.layout import (
    BODY,
    CELL,
    FONT,
    GRID_TABLE,
    HEAD,
    SUBTITLE,
    TITLE,
    PageInfo,
    build_pdf,
    cell,
)
from stationdesk.reports.linebreak import Paragraph
from stationdesk.reports.text import markup

HEADER = ("序号", "姓名", "本月服务\n（次）", "本月时长\n（小时）", "本年累计时长\n（小时）", "本月积分", "本月兑换\n积分",
          "积分结余")
WIDTHS = (12, 40, 20, 22, 26, 20, 20, 20)  # mm, portrait: 180
TEXT = ParagraphStyle("notice_text", parent=BODY, fontSize=11, leading=17, firstLineIndent=22)
SIGNED = ParagraphStyle("notice_signed", parent=TEXT, alignment=TA_RIGHT, firstLineIndent=0)
GROUP = ParagraphStyle("notice_group", parent=CELL, fontSize=10, leading=13)
FIGURE = ParagraphStyle("notice_figure", parent=CELL, alignment=TA_RIGHT)


def _table(notice: Notice, scale: float) -> Table:
    widths = [w * scale * mm for w in WIDTHS]
    data = [[cell(h, w, HEAD) for h, w in zip(HEADER, widths, strict=True)]]
    commands: list[tuple] = [("ALIGN", (2, 1), (-1, -1), "RIGHT")]
    number = 0
    for group, lines in notice.groups:
        row = len(data)
        data.append([Paragraph(markup(f"{group}（{len(lines)} 人）"), GROUP)] + [""] * (len(HEADER) - 1))
        commands += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), colors.HexColor("#f2f2f2"))]
        for line in lines:
            number += 1
            data.append([str(number), cell(line.name, widths[1]), str(line.activities), figure(line.hours),
                         figure(line.year_hours), points_text(line.earned), points_text(line.redeemed),
                         points_text(line.balance)])
    if not notice.groups:
        row = len(data)
        data.append(["本月没有志愿者参加服务或积分变动。"] + [""] * (len(HEADER) - 1))
        commands.append(("SPAN", (0, row), (-1, row)))
    else:
        everyone = [line for _, lines in notice.groups for line in lines]
        data.append(["合计", f"{len(everyone)} 人", str(sum(x.activities for x in everyone)),
                     figure(sum(x.hours for x in everyone)), figure(sum(x.year_hours for x in everyone)),
                     points_text(sum(x.earned for x in everyone)), points_text(sum(x.redeemed for x in everyone)),
                     points_text(sum(x.balance for x in everyone))])
        commands.append(("SPAN", (0, -1), (0, -1)))
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(GRID_TABLE)
    table.setStyle(TableStyle([("FONT", (0, 1), (-1, -1), FONT, 9.5), ("ALIGN", (0, 1), (0, -1), "CENTER"), *commands]))
    return table


def build_notice(notice: Notice, out: str | Path, *, printed_at: datetime, landscape_page: bool = False) -> int:
    """The 公示 on A4 (landscape: the same table, wider); returns the page count."""
    title = f"{notice.year}年{notice.month}月志愿服务时长和积分公示"
    period = f"{chinese_date(notice.starts_on)}至{chinese_date(notice.ends_on)}"
    phone = markup(notice.phone) if notice.phone else "____________________"
    story = [
        Paragraph(f"{markup(notice.station)}<br/>{title}", TITLE),
        Paragraph(f"公示期：{period}", SUBTITLE),
        Paragraph(f"现将本站志愿者{notice.year}年{notice.month}月参加志愿服务的时长和获得、兑换积分情况按村民小组公示如下"
                  "（只列本月有服务时长或积分变动的志愿者；服务时长以活动签到记录为准，积分以积分台账为准）：", TEXT),
        Spacer(1, 3 * mm),
        _table(notice, (267 if landscape_page else 180) / sum(WIDTHS)),
        Spacer(1, 4 * mm),
        KeepTogether([
            Paragraph(f"公示期内，如对公示内容有异议，请向本站反映，或拨打监督电话。监督电话：{phone}", TEXT),
            Spacer(1, 8 * mm),
            Paragraph(markup(notice.station), SIGNED),
            Paragraph(chinese_date(notice.starts_on), SIGNED)]),
    ]
    info = PageInfo(title=f"公示 · {title}", station=notice.station, printed_at=printed_at)
    return build_pdf(out, info, story, landscape_page=landscape_page)
