"""简报 on paper and in Word: a `domain.brief.Brief` set as a one-page 图文简报 (headline, facts, sections,
up to four photos with captions) — a PDF through layout.build_pdf, and an editable .docx (python-docx)
with the same parts, for the 融媒体中心 or for reworking before it goes to a 公众号."""

import io
from datetime import datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Spacer, Table, TableStyle

from stationdesk.domain.brief import Brief
from stationdesk.domain.dates import chinese_date
from stationdesk.files import written_atomically
from stationdesk.reports.layout import BODY, CELL, FONT, SUBTITLE, TITLE, PageInfo, build_pdf
from stationdesk.reports.linebreak import Paragraph
from stationdesk.reports.record import _JpegReader
from stationdesk.reports.text import clean, markup

PHOTO_W, PHOTO_H = 82 * mm, 55 * mm
TEXT = ParagraphStyle("brief_text", parent=BODY, fontSize=11, leading=17, firstLineIndent=22, spaceAfter=1.5 * mm)
FACT = ParagraphStyle("brief_fact", parent=BODY, fontSize=10.5, leading=15)
HEADING = ParagraphStyle("brief_heading", parent=BODY, fontSize=12.5, leading=18, spaceBefore=3 * mm,
                         spaceAfter=1.5 * mm)
CAPTION = ParagraphStyle("brief_caption", parent=CELL, alignment=TA_CENTER, textColor=colors.HexColor("#333333"))
BYLINE = ParagraphStyle("brief_byline", parent=BODY, alignment=TA_RIGHT)
EMPTY = "（未填写）"


class _Photo(Flowable):
    """A photo in a PHOTO_W × PHOTO_H slot, centred; every slot alike so the captions of a row line up."""

    def __init__(self, width: int, height: int, load):
        super().__init__()
        scale = min(PHOTO_W / width, PHOTO_H / height)
        self.w, self.h, self.load = width * scale, height * scale, load

    def wrap(self, available_width, available_height):
        return PHOTO_W, PHOTO_H

    def draw(self):
        self.canv.drawImage(_JpegReader(io.BytesIO(self.load())), (PHOTO_W - self.w) / 2, (PHOTO_H - self.h) / 2,
                            self.w, self.h)


def _photo_grid(brief: Brief) -> Table:
    cells: list[list | str] = []
    for n, photo in enumerate(brief.photos, start=1):
        caption = clean(photo.caption).replace("\n", " ").strip()
        cells.append([_Photo(photo.width, photo.height, photo.load), Spacer(1, 1.2 * mm),
                      Paragraph(markup(f"图{n}　{caption}".rstrip()), CAPTION)])
    cells += [""] * (-len(cells) % 2)
    grid = Table([cells[i:i + 2] for i in range(0, len(cells), 2)], colWidths=[90 * mm, 90 * mm])
    grid.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT), ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
                              ("TOPPADDING", (0, 0), (-1, -1), 1 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 * mm)]))
    return grid


def brief_story(brief: Brief) -> list:
    story = [Paragraph(markup(brief.headline), TITLE),
             Paragraph(markup(f"{brief.station}　{brief.kind}　{chinese_date(brief.dated)}"), SUBTITLE),
             HRFlowable(width="100%", thickness=1.2, color=colors.HexColor("#c0392b"), spaceBefore=0, spaceAfter=3 * mm)]
    if brief.lead:
        story.append(Paragraph(markup(brief.lead), TEXT))
    if brief.facts:
        label_w = 26 * mm
        rows = [[Paragraph(markup(f"{label}："), FACT), Paragraph(markup(value), FACT)] for label, value in brief.facts]
        facts = Table(rows, colWidths=[label_w, 180 * mm - label_w])
        facts.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0.6 * mm),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6 * mm),
                                   ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f4f4f4"))]))
        story += [Spacer(1, 1 * mm), facts, Spacer(1, 1 * mm)]
    for heading, paragraphs in brief.sections:
        body = [Paragraph(markup(p), TEXT) for p in paragraphs if clean(p).strip()] or [Paragraph(EMPTY, TEXT)]
        story += [KeepTogether([Paragraph(markup(heading), HEADING), body[0]]), *body[1:]]
    if brief.photos:
        story += [Spacer(1, 2 * mm), _photo_grid(brief)]
    story += [Spacer(1, 3 * mm), Paragraph(markup(f"供稿：{brief.station}") + "　　撰稿：__________　　审核：__________",
                                           BYLINE)]
    return story


def build_brief_pdf(brief: Brief, out: str | Path, *, printed_at: datetime) -> int:
    info = PageInfo(title=f"{brief.kind} · {brief.headline}", station=brief.station, printed_at=printed_at)
    return build_pdf(out, info, brief_story(brief))


# -- Word -------------------------------------------------------------------------------------------------------
BODY_FONT, HEADING_FONT = "宋体", "黑体"  # what Chinese offices have; LibreOffice substitutes its own CJK faces


def _docx_text(text) -> str:
    """Text python-docx can store: no control characters (lxml refuses them), one line."""
    return clean(text).replace("\n", " ")


def _font(run, name: str, size: float, *, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(doc_or_cell, text: str, *, size: float = 12, font: str = BODY_FONT, bold: bool = False,
               align=None, indent: bool = False, after: float = 4):
    from docx.shared import Pt

    p = doc_or_cell.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(2 * size)
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.line_spacing = 1.35
    _font(p.add_run(_docx_text(text)), font, size, bold=bold)
    return p


def build_brief_docx(brief: Brief, out: str | Path) -> None:
    """The brief as an editable Word document: the same headline, facts, sections and photos with captions."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(22))
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)
    core = doc.core_properties
    core.title, core.author, core.subject = _docx_text(brief.headline), _docx_text(brief.station), brief.kind
    _paragraph(doc, brief.headline, size=20, font=HEADING_FONT, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _paragraph(doc, f"{brief.station}　{brief.kind}　{chinese_date(brief.dated)}", size=11,
               align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    if brief.lead:
        _paragraph(doc, brief.lead, indent=True)
    for label, value in brief.facts:
        p = _paragraph(doc, f"{label}：", size=11, font=HEADING_FONT, after=2)
        _font(p.add_run(_docx_text(value)), BODY_FONT, 11)
    for heading, paragraphs in brief.sections:
        _paragraph(doc, heading, size=14, font=HEADING_FONT, after=4).paragraph_format.space_before = Pt(10)
        for text in [p for p in paragraphs if clean(p).strip()] or [EMPTY]:
            _paragraph(doc, text, indent=True)
    if brief.photos:
        rows = (len(brief.photos) + 1) // 2
        table = doc.add_table(rows=rows, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for n, photo in enumerate(brief.photos):
            cell = table.cell(n // 2, n % 2)
            picture = cell.paragraphs[0]
            picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
            scale = min(PHOTO_W / photo.width, PHOTO_H / photo.height) / mm  # mm per pixel, as on paper
            picture.add_run().add_picture(io.BytesIO(photo.load()), width=Mm(photo.width * scale),
                                          height=Mm(photo.height * scale))
            caption = _docx_text(photo.caption).strip()
            _paragraph(cell, f"图{n + 1}　{caption}".rstrip(), size=10, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _paragraph(doc, f"供稿：{brief.station}　　撰稿：__________　　审核：__________", size=11,
               align=WD_ALIGN_PARAGRAPH.RIGHT).paragraph_format.space_before = Pt(12)
    with written_atomically(out, "简报 Word 文件") as partial:
        doc.save(str(partial))
