"""What every printout shares: styles, the page template (title, page x/y, print date), metadata."""

from collections.abc import Callable, Sequence
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
from reportlab.platypus import BaseDocTemplate, Frame, LayoutError, PageTemplate, Table, TableStyle
from reportlab.platypus import Paragraph as AnyParagraph

from stationdesk import APP_NAME
from stationdesk.errors import UserError
from stationdesk.files import written_atomically
from stationdesk.reports.fonts import covered, register_fonts
from stationdesk.reports.linebreak import Paragraph
from stationdesk.reports.text import clean, draw_string, markup, string_width

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
    ("ALIGN", (0, 0), (-1, 0), "CENTER"),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
])


HEAD = ParagraphStyle("head", parent=CELL, fontSize=9, leading=11.5, alignment=TA_CENTER)
CELL_PADDING = 12  # reportlab's cell padding, left and right


def cell(text, width: float, style: ParagraphStyle = CELL):
    """A table cell for `text` in a column `width` points wide: plain text when it surely fits on one line
    in the main font (a Paragraph costs about five times a plain string in a long table), else a Paragraph
    that wraps inside the cell — escaped, with rare characters in the fallback font. Never overprints."""
    text = clean(text)
    room = width - CELL_PADDING
    if "\n" not in text and covered(text) and (len(text) * style.fontSize <= room  # no glyph is wider than 1 em
                                                 or string_width(text, style.fontSize) <= room):
        return text
    return Paragraph(markup(text), style)


def grid(header: list[str], rows: list[list], widths_mm: Sequence[float], *, style: ParagraphStyle = CELL,
         empty: str = "（无）") -> Table:
    """A ruled table with a repeated header row; every string cell goes through `cell`, so long or
    rare-character text wraps in its own cell."""
    widths = [w * mm for w in widths_mm]
    body = rows or [[empty] + [""] * (len(header) - 1)]
    data = [[cell(h, w, HEAD) for h, w in zip(header, widths, strict=True)]]
    data += [[cell(v, w, style) if isinstance(v, str) else v for v, w in zip(row, widths, strict=True)] for row in body]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(GRID_TABLE)
    return table


def sign_off(*labels: str) -> list:
    """Lines an office signs a table with, e.g. sign_off("制表人", "审核人")."""
    from reportlab.platypus import Spacer

    line = "　　".join(f"{label}：__________" for label in labels) + "　　日期：______年____月____日"
    return [Spacer(1, 8 * mm), Paragraph(line, BODY)]


def elide(text: str, size: float, width: float) -> str:
    """One line of at most `width` points: cut with … (for running headers; the body has the full text)."""
    text = clean(text).replace("\n", " ")
    if string_width(text, size) <= width:
        return text
    while text and string_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


@dataclass(frozen=True)
class PageInfo:
    title: str
    station: str
    printed_at: datetime
    signature: str = ""  # e.g. "负责人签字": a line to sign at the foot of every page
    official: bool = False  # certificates, letters, agreements: no software header or footer, page line only
    bare_first_page: bool = False  # a cover: nothing but the page line
    stamp: Callable[[Canvas, float, float], None] | None = None  # drawn over every page (e.g. a 作废 mark)


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

    def beforeDocument(self):
        self.part = self.item = ""  # the last headings laid out, to name what could not be

    def afterFlowable(self, flowable):
        """Headings report their page to the contents (TableOfContents reads the notifications)."""
        if isinstance(flowable, AnyParagraph) and flowable.style.name in ("h1", "h2"):
            # The entry is drawn as a Paragraph again: the heading's plain text must be escaped once more.
            level, text = (0 if flowable.style.name == "h1" else 1), flowable.getPlainText()
            self.notify("TOCEntry", (level, markup(text), self.page))
            if level == 0:
                self.part, self.item = text, ""
            else:
                self.item = text

    def unplaceable(self) -> str:
        """What to tell the user when reportlab cannot place something (taller than a page)."""
        where = f"「{self.info.title}」"
        if self.part:
            where += (f"的「{self.part}」部分中" + (f"「{self.item}」一项" if self.item else "有一项")
                      + f"排不下（第 {self.page} 页）")
        else:
            where += f"第 {self.page} 页上有一项排不下"
        return f"{where}：它比一整页还长，无法生成 PDF。请把其中过长的文字缩短或分成几项后再打印。"

    def _decorate(self, canvas, doc):
        info = self.info
        width, height = self.pagesize
        if info.stamp:
            info.stamp(canvas, width, height)
        if info.official or (info.bare_first_page and doc.page == 1):
            return
        half = (width - 2 * MARGIN) / 2 - 3 * mm
        canvas.saveState()
        canvas.setFillColor(FOOTER_GREY)
        draw_string(canvas, MARGIN, height - MARGIN, elide(info.station, 8.5, half), 8.5)
        draw_string(canvas, width - MARGIN, height - MARGIN, elide(info.title, 8.5, half), 8.5, align="right")
        canvas.setFont(FONT, 8.5)
        canvas.drawString(MARGIN, FOOTER_Y, f"打印日期：{info.printed_at:%Y-%m-%d}")
        if info.signature:
            canvas.setFont(FONT, 10.5)
            canvas.setFillColor(colors.black)
            canvas.drawRightString(width - MARGIN, FOOTER_Y + 7 * mm, f"{info.signature}：" + "_" * 18)
        canvas.setFont(FONT, 8.5)
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

    drawString = drawRightString = drawCentredString = drawText = save = _skip


def _settle_contents(doc: _Doc, story: list) -> None:
    """Layout passes until the contents' page numbers settle: reportlab's multiBuild, except that every pass's
    marks on the story's flowables are undone after it, the last pass's too. multiBuild leaves the last
    pass's marks in place, and one of them, `_postponed` (it did not fit at a page's foot and moved on),
    makes reportlab raise LayoutError when the flowable does not fit again: the printing pass, laying the
    same story out the same way, failed wherever a heading or a table had moved to the next page (issue 28)."""
    undo: list[tuple] = []  # (undo_mark, *args)
    doc._multiBuildEdits = undo.append  # where reportlab's layout records how to undo its marks
    indexing = doc._indexingFlowables = [flowable for flowable in story if flowable.isIndexing()]  # doc.notify's
    for _ in range(10):
        for flowable in indexing:
            flowable.beforeBuild()
        doc.build(story[:], canvasmaker=_LayoutCanvas)
        for flowable in indexing:
            flowable.afterBuild()
        for undo_mark, *args in undo:
            undo_mark(*args)
        undo.clear()
        if all(flowable.isSatisfied() for flowable in indexing):
            return


def build_pdf(out: str | Path, info: PageInfo, story: list, *, landscape_page: bool = False,
              contents: bool = False) -> int:
    """Lay out `story` and write the PDF; returns the page count. With `contents`, the story's
    TableOfContents is filled in.

    The file appears whole or not at all. The canvas starts in the CJK font, so `pdffonts` lists only
    embedded fonts. Something reportlab cannot place (taller than a page) is a UserError naming it.
    """
    with written_atomically(out, " PDF 文件") as partial:
        doc = _Doc(str(partial), info, pagesize=landscape(A4) if landscape_page else A4)
        try:
            if contents:
                # Layout passes (no text drawn, no photos read) until the page numbers settle, then one real
                # pass that prints them: each photo is read and embedded once (reportlab would do it every pass).
                _settle_contents(doc, story)
                settled = doc.page
                doc.build(story[:], canvasmaker=_NumberedCanvas)  # the contents print the entries that settled
                assert doc.page == settled, "the real pass must lay out as the settled one"
            else:
                doc.build(story, canvasmaker=_NumberedCanvas)
        except LayoutError as exc:
            raise UserError(doc.unplaceable()) from exc
    return doc.page

