"""志愿服务记录证明 (A4) and 荣誉证书 (A4 landscape), drawn only from the register's stored content, so a
reprint is the same document. The QR carries the serial and its check code for verification."""

from datetime import date, datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from stationdesk import APP_NAME
from stationdesk.domain.amounts import figure
from stationdesk.domain.dates import chinese_date
from stationdesk.files import written_atomically
from stationdesk.reports.layout import CELL, FONT, PageInfo, build_pdf, grid
from stationdesk.reports.qr import QrFlowable, draw_qr
from stationdesk.reports.text import draw_string, fitted_size, markup, string_width

BODY = ParagraphStyle("certificate", fontName=FONT, fontSize=12.5, leading=24, firstLineIndent=25)
TITLE = ParagraphStyle("certificate-title", fontName=FONT, fontSize=24, leading=34, alignment=TA_CENTER)
SERIAL = ParagraphStyle("serial", fontName=FONT, fontSize=10, leading=14, alignment=2)
FIELD = ParagraphStyle("certificate-field", parent=CELL, fontSize=11, leading=14)
RED = colors.HexColor("#c0392b")


def _void_note(issued) -> str:
    return f"本证书已于{chinese_date(issued.voided_on)}作废：{issued.void_reason}" if issued.voided else ""


def _draw_void_mark(c, issued, width: float, height: float) -> None:
    """A voided certificate reprints with a mark no one can miss, and says when and why."""
    c.saveState()
    c.setFillColor(RED)
    c.setStrokeColor(RED)
    c.translate(width / 2, height / 2)
    c.rotate(30)
    c.setFont(FONT, 110)
    c.setFillAlpha(0.35)
    c.drawCentredString(0, -35, "作 废")
    c.restoreState()
    c.saveState()
    c.setFillColor(RED)
    draw_string(c, width / 2, height - 12 * mm, _void_note(issued), fitted_size(_void_note(issued), 11, width - 30 * mm),
                align="centre")
    c.restoreState()


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
        right = self.width - 4 * 12.5
        name = f"出具单位：{self.issuer['name']}"
        draw_string(c, right, 32 * mm, name, fitted_size(name, 12.5, right), align="right")
        draw_string(c, right, 24 * mm, chinese_date(self.issued_on), 12.5, align="right")
        c.setStrokeColor(RED)
        c.setDash(3, 2)
        c.circle(right - 22 * mm, 30 * mm, 20 * mm)  # 盖章处
        c.setDash()
        c.setFillColor(RED)
        c.setFont(FONT, 8)
        c.drawCentredString(right - 22 * mm, 12 * mm, "（盖章处）")
        c.setFillColor(colors.black)
        signatures = (f"负责人：{self.issuer['manager'] or '________'}（签字）　　"
                      f"经办人：{self.issuer['handler'] or '________'}（签字）　　联系电话：{self.issuer['contact']}")
        draw_string(c, 0, 4 * mm, signatures, fitted_size(signatures, 11, self.width))


def _identity(p: dict, width: float) -> Table:
    """姓名, 证件 and 志愿者编号 in cells of their own: an ID number never breaks across lines."""
    rows = [["姓　　名", Paragraph(markup(p["name"]), FIELD), "证件类型", p["id_type"]],
            ["证件号码", p["id_number"] or "—", "志愿者编号", p["national_code"] or "—"]]
    table = Table(rows, colWidths=[22 * mm, width / 2 - 22 * mm, 24 * mm, width / 2 - 24 * mm])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 11), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("BACKGROUND", (0, 0), (0, -1), "#f0f0f0"), ("BACKGROUND", (2, 0), (2, -1), "#f0f0f0"),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def build_service_record(issued, out: str | Path) -> int:
    """One 志愿服务记录证明 from the register's content: one page (the issue summarises long periods), no
    software header or footer, the issuer, date and seal area kept together with the closing words."""
    c = issued.content
    p = c["person"]
    start, end = c["period"]
    width = 180 * mm
    rows = [[row[0], row[1], f"{row[2]:g}"] for row in c["rows"]]
    rows.append(["合计", f"共 {c['activities']} 次活动", figure(c['hours'])])
    categories = "、".join(c["categories"]) or "志愿服务"
    story = [Paragraph(f"证明编号：{issued.serial}　校验码：{issued.check_code}", SERIAL), Spacer(1, 2 * mm), Paragraph("志愿服务记录证明", TITLE),
             Spacer(1, 4 * mm), _identity(p, width), Spacer(1, 4 * mm),
             Paragraph(f"兹证明 <b>{markup(p['name'])}</b> 于{chinese_date(start)}至{chinese_date(end)}期间在"
                       f"{markup(c['issuer']['name'])}参加志愿服务，累计志愿服务时长 <b>{figure(c['hours'])}</b> 小时"
                       f"（不含往返交通时间），服务内容涉及{markup(categories)}。具体记录如下：", BODY),
             Spacer(1, 2 * mm), grid(["日期", "服务内容", "时长（小时）"], rows, [30, 120, 30]), Spacer(1, 3 * mm),
             KeepTogether([
                 Paragraph("以上时长依据本站志愿服务记录如实出具。特此证明。", BODY), Spacer(1, 2 * mm),
                 IssuerBlock(c["issuer"], c["issued_on"], width), Spacer(1, 2 * mm),
                 Table([[QrFlowable(issued.qr_text, 20 * mm),
                         Paragraph("扫描二维码或在“站务台账 → 证书 → 核验”中输入证明编号和校验码，可核验本证明的真伪。", CELL)]],
                       colWidths=[24 * mm, 156 * mm], style=TableStyle([("FONT", (0, 0), (-1, -1), FONT),
                                                                         ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))])]
    info = PageInfo(title="志愿服务记录证明", station=c["issuer"]["name"], printed_at=_printed(c), official=True,
                    stamp=(lambda canvas, w, h: _draw_void_mark(canvas, issued, w, h)) if issued.voided else None)
    return build_pdf(out, info, story)


def _printed(content) -> datetime:
    return datetime.fromisoformat(content["issued_on"])


def build_honors(batch: list, out: str | Path) -> int:
    """A batch of 荣誉证书, one landscape page each, drawn as issued: with the border, or text only for
    pre-printed certificate paper (content["border"], chosen at issue)."""
    with written_atomically(out, " PDF 文件") as partial:
        c = Canvas(str(partial), pagesize=landscape(A4), invariant=1, initialFontName=FONT)
        c.setTitle("荣誉证书")
        c.setCreator(APP_NAME)
        for issued in batch:
            _honor_page(c, issued)
            c.showPage()
        c.save()
    return len(batch)


def _wrapped(text: str, size: float, width: float) -> list[str]:
    """`text` broken into lines no wider than `width` (Chinese breaks between any two characters)."""
    lines, line = [], ""
    for char in text:
        if line and string_width(line + char, size) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines


def _honor_page(c: Canvas, issued) -> None:
    width, height = landscape(A4)
    content = issued.content
    c.saveState()
    c.translate(*(v * mm for v in content["offset_mm"]))  # calibrated to pre-printed certificate paper
    if content.get("border", True):
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
    draw_string(c, 45 * mm, height - 85 * mm, name, fitted_size(name, 22, width - 90 * mm, smallest=10))
    # The wording wraps and tightens to fit between the name and the issuer; no line is dropped.
    text_w, size = width - 120 * mm, 18
    lines = [part for line in content["lines"] for part in _wrapped(line, size, text_w)]
    step = min(17 * mm, 75 * mm / max(len(lines), 1))
    if step < size * 1.2:
        size = step / 1.2
        lines = [part for line in content["lines"] for part in _wrapped(line, size, text_w)]
        step = min(step, 75 * mm / max(len(lines), 1))
    for i, line in enumerate(lines):
        draw_string(c, 60 * mm, height - 105 * mm - step * i, line, size)
    issuer = content["issuer"]["name"]
    draw_string(c, width - 50 * mm, 55 * mm, issuer, fitted_size(issuer, 16, width - 150 * mm), align="right")
    draw_string(c, width - 50 * mm, 45 * mm, chinese_date(content["issued_on"]), 16, align="right")
    c.setFont(FONT, 9)
    c.drawString(30 * mm, 27 * mm, f"证书编号：{issued.serial}　校验码：{issued.check_code}")
    draw_qr(c, issued.qr_text, width - 52 * mm, 24 * mm, 20 * mm)
    c.restoreState()
    if issued.voided:
        _draw_void_mark(c, issued, width, height)


def build_public_list(rows: list[tuple], out: str | Path, *, station: str, start: date, end: date,
                      printed_at: datetime) -> int:
    """公示: certificates issued in a period, IDs masked, for the notice board (at least 7 days)."""
    from stationdesk.reports.layout import SUBTITLE, sign_off
    from stationdesk.reports.layout import TITLE as LIST_TITLE

    table = grid(["序号", "证书编号", "姓名", "证件号码", "证书类别", "出具日期"],
                 [[str(i), *row] for i, row in enumerate(rows, start=1)], [12, 32, 24, 42, 44, 26])
    story = [Paragraph(f"{markup(station)}志愿服务证书出具情况公示", LIST_TITLE),
             Paragraph(f"{chinese_date(start.isoformat())}至{chinese_date(end.isoformat())}，共 {len(rows)} 份", SUBTITLE),
             table, Spacer(1, 6 * mm),
             Paragraph("公示期为 7 天。如有异议，请在公示期内向本站反映。联系人及电话见站务公开栏。", CELL),
             *sign_off("负责人", "经办人")]
    return build_pdf(out, PageInfo(title="证书公示", station=station, printed_at=printed_at), story)
