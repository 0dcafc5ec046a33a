"""What every printout shares: styles, the page template (title, page x/y, print date), metadata."""

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, TableStyle

from stationdesk import APP_NAME
from stationdesk.errors import UserError
from stationdesk.reports.fonts import register_fonts

MARGIN = 15 * mm
FONT = register_fonts()

TITLE = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=24, alignment=TA_CENTER, spaceAfter=2 * mm)
SUBTITLE = ParagraphStyle("subtitle", fontName=FONT, fontSize=10.5, leading=15, alignment=TA_CENTER,
                          spaceAfter=4 * mm)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=15)
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=11.5, wordWrap="CJK")
SMALL = ParagraphStyle("small", fontName=FONT, fontSize=8, leading=10)

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


@dataclass(frozen=True)
class PageInfo:
    title: str
    station: str
    printed_at: datetime


class _NumberedDoc(BaseDocTemplate):
    """Two passes so every page can say 第 x 页 / 共 y 页."""

    def __init__(self, target, info: PageInfo, *, pagesize, **kwargs):
        super().__init__(target, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN + 6 * mm, bottomMargin=MARGIN + 6 * mm, title=info.title,
                         author=info.station, creator=APP_NAME, subject=info.title, initialFontName=FONT,
                         invariant=1, **kwargs)  # invariant: identical data → identical bytes
        self.info = info
        self.page_total = 0
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._decorate)])

    def _decorate(self, canvas, doc):
        width, height = self.pagesize
        canvas.saveState()
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(colors.HexColor("#444444"))
        canvas.drawString(MARGIN, height - MARGIN, self.info.station)
        canvas.drawRightString(width - MARGIN, height - MARGIN, self.info.title)
        footer_y = MARGIN - 2 * mm
        canvas.drawString(MARGIN, footer_y, f"打印日期：{self.info.printed_at:%Y-%m-%d}")
        total = self.page_total or "?"
        canvas.drawCentredString(width / 2, footer_y, f"第 {doc.page} 页 / 共 {total} 页")
        canvas.drawRightString(width - MARGIN, footer_y, APP_NAME)
        canvas.restoreState()


def build_pdf(out: str | Path, info: PageInfo, make_story: Callable[[], list], *,
              landscape_page: bool = False) -> int:
    """Lay out `make_story()` twice (to learn the page count) and write the PDF; returns the page count.

    The file appears whole or not at all. The canvas starts in the CJK font, so `pdffonts` lists only
    embedded fonts.
    """
    pagesize = landscape(A4) if landscape_page else A4
    out = Path(out)
    counting = _NumberedDoc(_NullFile(), info, pagesize=pagesize)
    counting.build(make_story())
    doc = _NumberedDoc(str(out) + ".partial", info, pagesize=pagesize)
    doc.page_total = counting.page
    try:
        doc.build(make_story())
        os.replace(str(out) + ".partial", out)
    except OSError as exc:
        Path(str(out) + ".partial").unlink(missing_ok=True)
        raise UserError(f"无法保存 PDF 文件 {out}：{exc.strerror or exc}。请检查文件是否正被打开、磁盘是否已满。") from exc
    return doc.page_total


class _NullFile:
    """A write-only sink for the counting pass."""

    def write(self, data):
        return len(data)

    def flush(self):
        pass
