"""志愿服务记录证明 (A4) and 荣誉证书 (A4 landscape), drawn only from the register's stored content, so a
reprint is the same document, marked 补打 with the original issue date. The QR carries the serial and its
check code for verification."""

from datetime import date, datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from stationdesk import APP_NAME
from stationdesk.domain.amounts import figure
from stationdesk.domain.dates import chinese_date
from stationdesk.errors import UserError
from stationdesk.files import written_atomically
from stationdesk.reports.layout import CELL, FONT, HEAD, MARGIN, PageInfo, build_pdf, cell, grid
from stationdesk.reports.linebreak import Paragraph
from stationdesk.reports.qr import draw_qr
from stationdesk.reports.text import draw_string, fitted_lines, fitted_size, markup, string_width, wrapped

BODY = ParagraphStyle("certificate", fontName=FONT, fontSize=12.5, leading=21, firstLineIndent=25, wordWrap="CJK")
TITLE = ParagraphStyle("certificate-title", fontName=FONT, fontSize=24, leading=34, alignment=TA_CENTER)
SERIAL = ParagraphStyle("serial", fontName=FONT, fontSize=10, leading=14, alignment=2)
FIELD = ParagraphStyle("certificate-field", parent=CELL, fontSize=11, leading=14)
RED = colors.HexColor("#c0392b")


WORDING_W = landscape(A4)[0] - 120 * mm  # the 荣誉证书's wording, from 60 mm in to 60 mm before the edge
ISSUER_W = 120 * mm  # … and its issuer, right-aligned 50 mm before the edge
KEEP_WITH_SEAL = 3  # the last activity rows that go to the seal block's page with it
SIGNING_ROOM = 40 * mm  # the blank line after 负责人/经办人 to sign on


def _void_note(issued) -> str:
    return f"本证书已于{chinese_date(issued.voided_on)}作废：{issued.void_reason}" if issued.voided else ""


def _reprint_note(issued) -> str:
    """A reprint says so, with the date the original was issued (the same on every reprint of it)."""
    return f"补打件：原件于{chinese_date(issued.content['issued_on'])}出具" if issued.reprint else ""


def _draw_void_mark(c, issued, width: float, height: float, *, note_y: float = 12 * mm) -> None:
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
    draw_string(c, width / 2, height - note_y, _void_note(issued), fitted_size(_void_note(issued), 11, width - 30 * mm),
                align="centre")
    c.restoreState()


def _proof_page_marks(issued):
    """What the 志愿服务记录证明 draws in its top margin, page by page: 补打件 and the original date on a
    reprint; the 作废 mark and note on a voided one; from page 2 on, 续表 and the serial, so a loose page
    is known for what it is (the page line 第 x 页 / 共 y 页 is the layout's)."""
    def stamp(canvas, width, height):
        canvas.saveState()
        canvas.setFillColor(RED)
        if issued.reprint:
            draw_string(canvas, width / 2, height - 9.5 * mm, _reprint_note(issued), 11, align="centre")
        canvas.restoreState()
        if issued.voided:
            _draw_void_mark(canvas, issued, width, height, note_y=14 * mm)
        if canvas.getPageNumber() > 1:
            draw_string(canvas, MARGIN, height - 19 * mm, "志愿服务记录证明（续表）", 10)
            draw_string(canvas, width - MARGIN, height - 19 * mm, f"证明编号：{issued.serial}", 10, align="right")
    return stamp


class IssuerBlock(Flowable):
    """The foot of the proof, kept on one page with the table's last rows: 负责人 and 经办人 side by side,
    each printed name followed by a blank line to sign on, and the contact number; below them 出具单位 and
    the date about four characters from the right (GB/T 9704 habit) with the seal area pressed over both;
    the QR with how to verify at the lower left."""

    HEIGHT = 64 * mm

    def __init__(self, issuer: dict, issued_on: str, qr_text: str, width: float):
        super().__init__()
        self.issuer, self.issued_on, self.qr_text, self.width = issuer, issued_on, qr_text, width

    def wrap(self, available_width, available_height):
        return self.width, self.HEIGHT

    def draw(self):
        c = self.canv
        half = self.width / 2
        c.setLineWidth(0.6)
        people = ((0, "负责人", self.issuer["manager"]), (half, "经办人", self.issuer["handler"]))
        room = half - 6 * mm
        texts = [f"{label}：{who}　签字：" if who else f"{label}：" for _, label, who in people]  # no name: by hand
        # one line each when both fit at 9 pt or more with the room to sign; else both on two lines, facing
        one_line = all(string_width(t, 9) + 1 + SIGNING_ROOM <= room for t in texts)
        for (x, label, who), text in zip(people, texts, strict=True):
            size = fitted_size(text, 11, room - SIGNING_ROOM, smallest=9)
            if one_line:
                end = x + draw_string(c, x, 56 * mm, text, size)
                c.line(end + 1, 56 * mm - 1.5, end + 1 + SIGNING_ROOM, 56 * mm - 1.5)  # 10 mm of room above it
            else:  # a long name: the name on its own line, 签字 and its line under it
                named = f"{label}：{who}"
                draw_string(c, x, 60.5 * mm, named, fitted_size(named, 11, room))
                end = x + draw_string(c, x, 51 * mm, "签字：", 11)
                c.line(end + 1, 51 * mm - 1.5, end + 1 + SIGNING_ROOM, 51 * mm - 1.5)
        contact = f"联系电话：{self.issuer['contact']}"
        draw_string(c, 0, 45 * mm, contact, fitted_size(contact, 11, half))
        right = self.width - 4 * 12.5
        seal_x = right - 22 * mm
        name = f"出具单位：{self.issuer['name']}"
        draw_string(c, right, 30 * mm, name, fitted_size(name, 12.5, right), align="right")
        draw_string(c, right, 21 * mm, chinese_date(self.issued_on), 12.5, align="right")
        c.saveState()
        c.setStrokeColor(RED)
        c.setDash(3, 2)
        c.circle(seal_x, 27 * mm, 20 * mm)  # 盖章处
        c.setDash()
        c.setFillColor(RED)
        c.setFont(FONT, 8)
        c.drawCentredString(seal_x, 3 * mm, "（盖章处）")
        c.restoreState()
        draw_qr(c, self.qr_text, 0, 0, 22 * mm)
        hint = Paragraph("扫描二维码或在“站务台账 → 证书 → 核验”中输入证明编号和校验码，可核验本证明的真伪。", CELL)
        _, h = hint.wrap(seal_x - 20 * mm - 30 * mm, 22 * mm)
        hint.drawOn(c, 25 * mm, 11 * mm - h / 2)


def _identity(p: dict, width: float) -> Table:
    """姓名, 证件 and 志愿者编号 in cells of their own: an ID number never breaks across lines."""
    rows = [["姓　　名", Paragraph(markup(p["name"]), FIELD), "证件类型", p["id_type"]],
            ["证件号码", p["id_number"] or "—", "志愿者编号", p["national_code"] or "—"]]
    table = Table(rows, colWidths=[22 * mm, width / 2 - 22 * mm, 24 * mm, width / 2 - 24 * mm])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 11), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("BACKGROUND", (0, 0), (0, -1), "#f0f0f0"), ("BACKGROUND", (2, 0), (2, -1), "#f0f0f0"),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def _records(c: dict, closing: list, width: float) -> Table:
    """Every activity, a row each, then the total and — in a last, unruled row — the closing words and the
    issuer's block. One table: past a page it continues with its header repeated, and NOSPLIT keeps the
    last rows, the total and the block together, so the seal always follows the last activity on its page."""
    widths = [30 * mm, width - 60 * mm, 30 * mm]
    data = [[cell(h, w, HEAD) for h, w in zip(["日期", "服务内容", "时长（小时）"], widths, strict=True)]]
    data += [[cell(row[0], widths[0]), cell(row[1], widths[1]), f"{row[2]:g}"] for row in c["rows"]]
    data += [["合计", f"共 {c['activities']} 次活动", figure(c["hours"])], [closing, "", ""]]
    last, total = len(data) - 1, len(data) - 2
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 9),
        ("GRID", (0, 0), (-1, total), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("ALIGN", (2, 1), (2, total), "CENTER"),
        ("VALIGN", (0, 0), (-1, total), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, total), 3),
        ("BOTTOMPADDING", (0, 0), (-1, total), 3),
        ("SPAN", (0, last), (-1, last)),
        ("LEFTPADDING", (0, last), (-1, last), 0),
        ("RIGHTPADDING", (0, last), (-1, last), 0),
        ("TOPPADDING", (0, last), (-1, last), 3 * mm),
        ("BOTTOMPADDING", (0, last), (-1, last), 0),
        ("NOSPLIT", (0, max(1, total - KEEP_WITH_SEAL)), (-1, last)),
    ]))
    return table


def build_service_record(issued, out: str | Path) -> int:
    """One 志愿服务记录证明 from the register's content, every activity listed: up to 15 fit on one page
    with the issuer, seal area, signatures and QR; more continue on numbered pages (续表, the header
    repeated) and the seal block follows the last activity on the last page. No software header or footer.
    A reprint (issued.reprint) is marked 补打 with the original date; nothing else differs."""
    c = issued.content
    p = c["person"]
    start, end = c["period"]
    width = 180 * mm
    categories = "、".join(c["categories"]) or "志愿服务"
    closing = [Paragraph("以上时长依据本站志愿服务记录如实出具。特此证明。", BODY), Spacer(1, 1 * mm),
               IssuerBlock(c["issuer"], c["issued_on"], issued.qr_text, width)]
    story = [Paragraph(f"证明编号：{issued.serial}　校验码：{issued.check_code}", SERIAL), Spacer(1, 1 * mm),
             Paragraph("志愿服务记录证明", TITLE), Spacer(1, 3 * mm), _identity(p, width), Spacer(1, 3 * mm),
             Paragraph(f"兹证明 <b>{markup(p['name'])}</b> 于{chinese_date(start)}至{chinese_date(end)}期间在"
                       f"{markup(c['issuer']['name'])}参加志愿服务，累计志愿服务时长 <b>{figure(c['hours'])}</b> 小时"
                       f"（不含往返交通时间），服务内容涉及{markup(categories)}。具体记录如下：", BODY),
             Spacer(1, 2 * mm), _records(c, closing, width)]
    info = PageInfo(title="志愿服务记录证明", station=c["issuer"]["name"], printed_at=_printed(c), official=True,
                    stamp=_proof_page_marks(issued))
    return build_pdf(out, info, story)


def _printed(content) -> datetime:
    return datetime.fromisoformat(content["issued_on"])


def build_honors(batch: list, out: str | Path) -> int:
    """A batch of 荣誉证书, one landscape page each, drawn as issued: with the border, or text only for
    pre-printed certificate paper (content["border"], chosen at issue); a reprint marked 补打 with the
    original date beside the serial."""
    with written_atomically(out, " PDF 文件") as partial:
        c = Canvas(str(partial), pagesize=landscape(A4), invariant=1, initialFontName=FONT)
        c.setTitle("荣誉证书")
        c.setCreator(APP_NAME)
        for issued in batch:
            _honor_page(c, issued)
            c.showPage()
        c.save()
    return len(batch)


def _wording(paragraphs, first: float, bottom: float, highest: float) -> tuple[float, float, list[str], float]:
    """(first baseline, size, lines, line step) of the 荣誉证书's wording between the name and the issuer:
    wrapped where Chinese allows at the largest size from 18 pt down to 9 whose lines fit from `first`
    down to `bottom` (starting higher, up to `highest`, when that keeps a larger size). No line is dropped:
    a wording that fits at no size is refused before anything is printed."""
    for size in (18 - k / 2 for k in range(19)):
        lines = [part for text in paragraphs for part in wrapped(text, size, WORDING_W)]
        gaps = max(len(lines) - 1, 1)
        step = min(17 * mm, (first - bottom) / gaps)
        if step >= size * 1.45:
            return first, size, lines, step
        if bottom + size * 1.4 * gaps <= highest:
            return bottom + size * 1.4 * gaps, size, lines, size * 1.4
    raise UserError(f"荣誉证书的正文太长（{sum(map(len, paragraphs))} 个字），一页放不下。"
                    "请在“证书 → 证书模板…”中缩短正文后再出具。")


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
    # The issuer at the lower right, up to two lines of 16–11 pt above the date, clear of the QR below it.
    issuer_lines, issuer_size = fitted_lines(content["issuer"]["name"], ISSUER_W, one_line=(16, 12),
                                             wrapped_sizes=(16, 11))
    right = width - 50 * mm
    draw_string(c, right, 45 * mm, chinese_date(content["issued_on"]), 16, align="right")
    y = 55 * mm
    for k, line in enumerate(reversed(issuer_lines)):
        y += issuer_size * 1.35 if k else 0
        draw_string(c, right, y, line, issuer_size, align="right")
    bottom = y + issuer_size + 6 * mm  # the wording's last baseline stays this far above the issuer
    first, size, lines, step = _wording(content["lines"], height - 105 * mm, bottom, height - 95 * mm)
    for i, line in enumerate(lines):
        draw_string(c, 60 * mm, first - step * i, line, size)
    c.setFont(FONT, 9)
    c.drawString(30 * mm, 27 * mm, f"证书编号：{issued.serial}　校验码：{issued.check_code}")
    if issued.reprint:
        c.setFillColor(RED)
        draw_string(c, 30 * mm, 32 * mm, _reprint_note(issued), 10.5)
        c.setFillColor(colors.black)
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
