"""What every printout shares: styles, the page template (title, page x/y, print date), metadata."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, TableStyle

from stationdesk import APP_NAME
from stationdesk.files import written_atomically
from stationdesk.reports.fonts import register_fonts

MARGIN = 15 * mm
FOOTER_Y = MARGIN - 2 * mm
FOOTER_GREY = colors.HexColor("#444444")
FONT = register_fonts()
# Streams stay binary: ASCII85 would make the PDF a quarter larger, and reportlab encodes it in pure
# Python — 11 of 17 s of a 48-photo 台账 went there (profiled).
rl_config.useA85 = 0

TITLE = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=24, alignment=TA_CENTER, spaceAfter=2 * mm)
SUBTITLE = ParagraphStyle("subtitle", fontName=FONT, fontSize=10.5, leading=15, alignment=TA_CENTER,
                          spaceAfter=4 * mm)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=15)
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=11.5, wordWrap="CJK")
SMALL = ParagraphStyle("small", fontName=FONT, fontSize=8, leading=10)
# Headings that a contents page lists (build_pdf(..., contents=True)).
H1 = ParagraphStyle("h1", fontName=FONT, fontSize=16, leading=24, spaceBefore=4 * mm, spaceAfter=3 * mm)
H2 = ParagraphStyle("h2", fontName=FONT, fontSize=12.5, leading=18, spaceBefore=2 * mm, spaceAfter=2 * mm)

GRID_TABLE = TableStyle([
    ("FONT", (0, 0), (-1, -1), FONT, 9),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
    ("FONTSIZE", (0, 0), (-1, 0), 9.5),
    ("ALIGN", (0, 0), (-1, 0), "CENTER"),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
])


def fit_cell(text: str, fits: int):
    """Plain text when it fits its cell on one line (`fits` characters); a wrapping Paragraph only when
    it does not — a Paragraph costs about five times a plain string in a long table."""
    return Paragraph(text, CELL) if len(text) > fits else text


@dataclass(frozen=True)
class PageInfo:
    title: str
    station: str
    printed_at: datetime
    signature: str = ""  # e.g. "负责人签字": a line to sign at the foot of every page


class _Doc(BaseDocTemplate):
    def __init__(self, target, info: PageInfo, *, pagesize):
        super().__init__(target, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN + 6 * mm, bottomMargin=MARGIN + (16 if info.signature else 6) * mm,
                         title=info.title,
                         author=info.station, creator=APP_NAME, subject=info.title, initialFontName=FONT,
                         invariant=1)  # invariant: identical data → identical bytes
        self.info = info
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._decorate)])

    def afterFlowable(self, flowable):
        """Headings report their page to the contents (TableOfContents reads the notifications)."""
        if isinstance(flowable, Paragraph) and flowable.style.name in ("h1", "h2"):
            self.notify("TOCEntry", (0 if flowable.style.name == "h1" else 1, flowable.getPlainText(), self.page))

    def _decorate(self, canvas, doc):
        width, height = self.pagesize
        canvas.saveState()
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(FOOTER_GREY)
        canvas.drawString(MARGIN, height - MARGIN, self.info.station)
        canvas.drawRightString(width - MARGIN, height - MARGIN, self.info.title)
        canvas.drawString(MARGIN, FOOTER_Y, f"打印日期：{self.info.printed_at:%Y-%m-%d}")
        if self.info.signature:
            canvas.setFont(FONT, 10.5)
            canvas.setFillColor(colors.black)
            canvas.drawRightString(width - MARGIN, FOOTER_Y + 7 * mm, f"{self.info.signature}：" + "_" * 18)
        canvas.drawRightString(width - MARGIN, FOOTER_Y, APP_NAME)
        canvas.restoreState()


class _NumberedCanvas(Canvas):
    """Holds every page until the end, so each can say 第 x 页 / 共 y 页 after one layout pass."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.saveState()
            self.setFont(FONT, 8.5)
            self.setFillColor(FOOTER_GREY)
            self.drawCentredString(self._pagesize[0] / 2, FOOTER_Y, f"第 {self._pageNumber} 页 / 共 {total} 页")
            self.restoreState()
            super().showPage()
        super().save()


class _LayoutCanvas(_NumberedCanvas):
    """For the passes that only settle the contents' page numbers: nothing they draw is kept, so text is
    not formatted (most of a pass's time, profiled) and flowables that would read and embed photos see
    `layout_only` and leave them out. Sizes and page breaks come from layout, not from drawing."""

    layout_only = True

    def _skip(self, *args, **kwargs):
        return None

    drawString = drawRightString = drawCentredString = drawText = _skip


def build_pdf(out: str | Path, info: PageInfo, story: list, *, landscape_page: bool = False,
              contents: bool = False) -> int:
    """Lay out `story` and write the PDF; returns the page count. With `contents`, the story's
    TableOfContents is filled in.

    The file appears whole or not at all. The canvas starts in the CJK font, so `pdffonts` lists only
    embedded fonts.
    """
    with written_atomically(out, " PDF 文件") as partial:
        doc = _Doc(str(partial), info, pagesize=landscape(A4) if landscape_page else A4)
        if contents:
            # Layout passes (no text drawn, no photos read) until the page numbers settle, then one real pass
            # that prints them: each photo is read and embedded once (reportlab would do it every pass).
            doc.multiBuild(story[:], canvasmaker=_LayoutCanvas)
            settled = doc.page
            doc._doSave = 1  # multiBuild turns saving off for the passes it runs
            doc.build(story[:], canvasmaker=_NumberedCanvas)  # the contents print the entries that settled
            assert doc.page == settled, "the real pass must lay out as the settled one"
        else:
            doc.build(story, canvasmaker=_NumberedCanvas)
    return doc.page

