"""志愿服务记录证明 (A4) and 荣誉证书 (A4 landscape), drawn only from the register's stored content, so a
reprint is the same document. The QR carries the serial and its check code for verification."""

from datetime import date, datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from stationdesk import APP_NAME
from stationdesk.domain.dates import chinese_date
from stationdesk.files import written_atomically
from stationdesk.reports.layout import CELL, FONT, GRID_TABLE, PageInfo, build_pdf
from stationdesk.reports.qr import QrFlowable, draw_qr

BODY = ParagraphStyle("certificate", fontName=FONT, fontSize=12.5, leading=24, firstLineIndent=25)
TITLE = ParagraphStyle("certificate-title", fontName=FONT, fontSize=24, leading=34, alignment=TA_CENTER)
SERIAL = ParagraphStyle("serial", fontName=FONT, fontSize=10, leading=14, alignment=2)
RED = colors.HexColor("#c0392b")


class IssuerBlock(Flowable):
    """出具单位 and date about four characters from the right, with the seal area pressed over both
    (GB/T 9704 habit), and the signature lines."""

    def __init__(self, issuer: dict, issued_on: str, width: float):
        super().__init__()
        self.issuer, self.issued_on, self.width = issuer, issued_on, width

    def wrap(self, available_width, available_height):
        return self.width, 52 * mm

    def draw(self):
        c = self.canv
        c.setFont(FONT, 12.5)
        right = self.width - 4 * 12.5 * 1.0
        name = f"出具单位：{self.issuer['name']}"
        c.drawRightString(right, 32 * mm, name)
        c.drawRightString(right, 24 * mm, chinese_date(self.issued_on))
        c.setStrokeColor(RED)
        c.setDash(3, 2)
        c.circle(right - 22 * mm, 30 * mm, 20 * mm)  # 盖章处
        c.setDash()
        c.setFillColor(RED)
        c.setFont(FONT, 8)
        c.drawCentredString(right - 22 * mm, 12 * mm, "（盖章处）")
        c.setFillColor(colors.black)
        c.setFont(FONT, 11)
        c.drawString(0, 4 * mm, f"负责人：{self.issuer['manager'] or '________'}（签字）　　"
                                f"经办人：{self.issuer['handler'] or '________'}（签字）　　联系电话：{self.issuer['contact']}")


def build_service_record(issued, out: str | Path) -> int:
    """One 志愿服务记录证明 from the register's content."""
    c = issued.content
    p = c["person"]
    start, end = c["period"]
    identity = (f"证件类型：{p['id_type']}" + (f"，证件号码：{p['id_number']}" if p["id_number"] else "")
                + (f"，志愿者编号：{p['national_code']}" if p["national_code"] else ""))
    table = [["日期", "服务内容", "时长（小时）"]]
    table += [[row[0], Paragraph(str(row[1]), CELL), f"{row[2]:g}"] for row in c["rows"]]
    table.append(["合计", f"共 {c['activities']} 次活动", f"{c['hours']:g}"])
    grid = Table(table, colWidths=[30 * mm, 110 * mm, 30 * mm], repeatRows=1)
    grid.setStyle(GRID_TABLE)
    story = [Paragraph(f"证明编号：{issued.serial}", SERIAL), Spacer(1, 4 * mm), Paragraph("志愿服务记录证明", TITLE),
             Spacer(1, 6 * mm),
             Paragraph(f"兹证明 <b>{p['name']}</b>（{identity}）于{chinese_date(start)}至{chinese_date(end)}期间在"
                       f"{c['issuer']['name']}参加志愿服务，累计志愿服务时长 <b>{c['hours']:g}</b> 小时"
                       "（不含往返交通时间），服务内容涉及" + ("、".join(c["categories"]) or "志愿服务") + "。具体记录如下：", BODY),
             Spacer(1, 3 * mm), grid, Spacer(1, 4 * mm),
             Paragraph("以上时长依据本站志愿服务记录如实出具。特此证明。", BODY), Spacer(1, 4 * mm),
             IssuerBlock(c["issuer"], c["issued_on"], 180 * mm), Spacer(1, 3 * mm),
             Table([[QrFlowable(issued.qr_text, 20 * mm),
                     Paragraph("扫描二维码或在“站务台账 → 证书 → 核验”中输入证明编号，可核验本证明的真伪。", CELL)]],
                   colWidths=[24 * mm, 156 * mm], style=TableStyle([("FONT", (0, 0), (-1, -1), FONT),
                                                                     ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))]
    info = PageInfo(title="志愿服务记录证明", station=c["issuer"]["name"], printed_at=_printed(c))
    return build_pdf(out, info, story)


def _printed(content) -> datetime:
    return datetime.fromisoformat(content["issued_on"])


def _fitted(canvas, text: str, size: float, max_width: float) -> float:
    """The font size at which `text` fits `max_width` (long names shrink, never overflow)."""
    while size > 8 and stringWidth(text, FONT, size) > max_width:
        size -= 1
    canvas.setFont(FONT, size)
    return size


def build_honors(batch: list, out: str | Path, *, border: bool = True) -> int:
    """A batch of 荣誉证书, one landscape page each; `border=False` for pre-printed certificate paper."""
    with written_atomically(out, " PDF 文件") as partial:
        c = Canvas(str(partial), pagesize=landscape(A4), invariant=1, initialFontName=FONT)
        c.setTitle("荣誉证书")
        c.setCreator(APP_NAME)
        for issued in batch:
            _honor_page(c, issued, border)
            c.showPage()
        c.save()
    return len(batch)


def _honor_page(c: Canvas, issued, border: bool) -> None:
    width, height = landscape(A4)
    content = issued.content
    c.saveState()
    c.translate(*(v * mm for v in content["offset_mm"]))  # calibrated to pre-printed certificate paper
    if border:
        c.setStrokeColor(RED)
        c.setLineWidth(6)
        c.rect(14 * mm, 14 * mm, width - 28 * mm, height - 28 * mm)
        c.setLineWidth(1.2)
        c.rect(19 * mm, 19 * mm, width - 38 * mm, height - 38 * mm)
    c.setFillColor(RED)
    c.setFont(FONT, 40)
    c.drawCentredString(width / 2, height - 55 * mm, "荣 誉 证 书")
    c.setFillColor(colors.black)
    name = f"{content['person']['name']} 同志："
    _fitted(c, name, 22, width - 90 * mm)
    c.drawString(45 * mm, height - 85 * mm, name)
    for i, line in enumerate(content["lines"][:5]):
        _fitted(c, line, 18, width - 120 * mm)
        c.drawString(60 * mm, height - (105 + 17 * i) * mm, line)
    c.setFont(FONT, 16)
    c.drawRightString(width - 50 * mm, 55 * mm, content["issuer"]["name"])
    c.drawRightString(width - 50 * mm, 45 * mm, chinese_date(content["issued_on"]))
    c.setFont(FONT, 9)
    c.drawString(30 * mm, 27 * mm, f"证书编号：{issued.serial}")
    draw_qr(c, issued.qr_text, width - 52 * mm, 24 * mm, 20 * mm)
    c.restoreState()


def build_public_list(rows: list[tuple], out: str | Path, *, station: str, start: date, end: date,
                      printed_at: datetime) -> int:
    """公示: certificates issued in a period, IDs masked, for the notice board (at least 7 days)."""
    from stationdesk.reports.layout import SUBTITLE
    from stationdesk.reports.layout import TITLE as LIST_TITLE

    table = [["序号", "证书编号", "姓名", "证件号码", "证书类别", "出具日期"]]
    table += [[str(i), *row] for i, row in enumerate(rows, start=1)]
    grid = Table(table, colWidths=[12 * mm, 32 * mm, 24 * mm, 42 * mm, 44 * mm, 26 * mm], repeatRows=1)
    grid.setStyle(GRID_TABLE)
    story = [Paragraph(f"{station}志愿服务证书出具情况公示", LIST_TITLE),
             Paragraph(f"{chinese_date(start.isoformat())}至{chinese_date(end.isoformat())}，共 {len(rows)} 份", SUBTITLE), grid,
             Spacer(1, 6 * mm),
             Paragraph("公示期为 7 天。如有异议，请在公示期内向本站反映。联系人及电话见站务公开栏。", CELL)]
    return build_pdf(out, PageInfo(title="证书公示", station=station, printed_at=printed_at), story)
