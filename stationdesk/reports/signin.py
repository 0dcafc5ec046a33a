"""签到表: the sheet people sign at the activity — numbered rows for the signed-up volunteers (phones
masked), then blank rows for walk-ins, tall enough to sign by hand; a QR that names the activity."""

from datetime import datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from stationdesk.domain.activity import ActivityRow
from stationdesk.domain.dates import chinese_date
from stationdesk.reports.layout import BODY, CELL, FONT, GRID_TABLE, MARGIN, TITLE, PageInfo, build_pdf, cell
from stationdesk.reports.linebreak import Paragraph
from stationdesk.reports.qr import QrFlowable
from stationdesk.reports.text import markup

ROW_HEIGHT = 11 * mm  # room to sign, not just tick (REFERENCE §2)
VOLUNTEER_COLUMNS = (("序号", 10), ("姓名", 24), ("联系电话", 25), ("所属队伍", 33), ("签到时间", 18),
                     ("签退时间", 18), ("本人签名", 35), ("备注", 17))
BENEFICIARY_COLUMNS = (("序号", 10), ("姓名", 24), ("村民小组", 22), ("联系电话", 28), ("本人签名", 50),
                       ("备注", 46))
QR_SIZE = 24 * mm
ROW_TEXT = ParagraphStyle("signin-cell", parent=CELL, fontSize=10, leading=12)


def qr_payload(activity_id: int) -> str:
    """ASCII only: scanners misread unmarked UTF-8 (REFERENCE §5)."""
    return f"STATIONDESK:ACTIVITY:{activity_id}"


def _header(activity: ActivityRow, width: float) -> Table:
    when = f"{chinese_date(activity.starts_at)} {activity.starts_at:%H:%M}–{activity.ends_at:%H:%M}"
    brand = f"　　<b>品牌活动：</b>{markup(activity.brand)}" if activity.brand else ""
    lines = [f"<b>活动主题：</b>{markup(activity.title)}",
             f"<b>活动时间：</b>{when}　　<b>活动地点：</b>{markup(activity.place or '—')}",
             f"<b>组织队伍：</b>{markup(activity.organiser or '—')}　　<b>结对单位：</b>{markup(activity.partner or '—')}",
             f"<b>活动类别：</b>{markup(activity.category or '—')}{brand}"]
    info = [Paragraph(line, BODY) for line in lines]
    table = Table([[info, QrFlowable(qr_payload(activity.id), QR_SIZE)]], colWidths=[width - QR_SIZE - 4 * mm, QR_SIZE + 4 * mm])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * mm)]))
    return table


def _more_rows(heights: list[float], first: float, page: float) -> int:
    """How many more blank rows fit under a table of row `heights` (the first its header, repeated on every
    page) that starts with `first` points of room and continues on pages of `page` points: a sheet of 34
    names and 10 blank rows ended with 6 rows on a page otherwise empty, 15 more could have been signed there."""
    header, room = heights[0], first - heights[0]
    for height in heights[1:]:
        if height > room + 0.01:
            room = page - header
        room -= height
    return max(0, int((room - 1) // ROW_HEIGHT))


def build_signin_sheet(activity: ActivityRow, rows: list, out: str | Path, *, station: str, printed_at: datetime,
                       blank_rows: int = 10, beneficiaries: bool = False, landscape_page: bool = False) -> int:
    """Write the sheet; `rows` are attendance.SheetRow (ignored for the beneficiaries' variant, whose
    people are not known in advance). Returns the page count."""
    columns = BENEFICIARY_COLUMNS if beneficiaries else VOLUNTEER_COLUMNS
    scale = (267 if landscape_page else 180) / sum(w for _, w in columns)
    widths = [w * scale * mm for _, w in columns]
    data = [[c for c, _ in columns]]
    heights = [8 * mm]
    if not beneficiaries:
        for r in rows:
            cells = [str(r.number), cell(r.name, widths[1], ROW_TEXT), r.phone_masked, cell(r.team, widths[3], ROW_TEXT)]
            data.append(cells + [""] * 4)
            heights.append(max([ROW_HEIGHT] + [c.wrap(w - 12, 10**6)[1] + 6 for c, w in zip(cells, widths[:4], strict=True)
                                               if isinstance(c, Paragraph)]))
    kind = "服务对象签到表" if beneficiaries else "志愿者签到表"
    title, header = Paragraph(f"{markup(station)}<br/>{kind}", TITLE), _header(activity, sum(widths))
    if blank_rows:  # the blank rows run to the foot of the last page: a page is printed anyway
        page = (landscape(A4) if landscape_page else A4)[1] - 2 * MARGIN - 22 * mm  # build_pdf's frame, signed
        first = page - title.wrap(sum(widths), page)[1] - TITLE.spaceAfter - header.wrap(sum(widths), page)[1]
        blank_rows += _more_rows(heights + [ROW_HEIGHT] * blank_rows, first, page)
    start = len(data)
    data += [[str(n)] + [""] * (len(columns) - 1) for n in range(start, start + blank_rows)]
    heights += [ROW_HEIGHT] * blank_rows
    table = Table(data, colWidths=widths, rowHeights=heights, repeatRows=1)
    table.setStyle(GRID_TABLE)
    table.setStyle(TableStyle([("FONT", (0, 1), (-1, -1), FONT, 10), ("ALIGN", (0, 1), (0, -1), "CENTER")]))
    story = [title, header, table]
    info = PageInfo(title=f"{kind} · {activity.title}", station=station, printed_at=printed_at,
                    signature="负责人签字")
    return build_pdf(out, info, story, landscape_page=landscape_page)
