"""活动记录表: one page per activity for the binder (台账) — the particulars, content and outcome, up to
four photos with their captions, and lines for the recorder and reviewer."""

import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from stationdesk.domain.activity import ActivityDraft, ActivityRow
from stationdesk.domain.dates import chinese_date
from stationdesk.reports.layout import BODY, CELL, FONT, TITLE, PageInfo, build_pdf, cell
from stationdesk.reports.layout import grid as ruled_table
from stationdesk.reports.linebreak import Paragraph, line_by_line
from stationdesk.reports.text import clean, markup

TEXT_CELL_W = 158 * mm - 12  # the spanned cell, less padding
MIN_TEXT_H = 30 * mm  # room to write by hand when the field was left empty
PAD = 3  # reportlab's cell padding above and below, kept around the block and between its paragraphs
PHOTO_W, PHOTO_H = 86 * mm, 58 * mm
CAPTION = ParagraphStyle("caption", parent=CELL, alignment=TA_CENTER)


def _text_rows(label: str, text: str, first_row: int) -> tuple[list, list, list]:
    """(rows, heights, style commands) for a labelled text block spanning the three right columns: its
    paragraphs (split only at the user's line breaks) wrapped whole, one table row per printed line, so
    the block continues on the next page after any line; boxed as one cell however many rows it takes."""
    lines: list = []  # Paragraphs
    gaps: list[int] = []
    for paragraph in (text or "（未填写）").split("\n"):
        gaps.append(len(lines))  # a paragraph's first line gets the padding above it
        lines += line_by_line(Paragraph(markup(paragraph), CELL), TEXT_CELL_W)
    lines = lines or [Paragraph("", CELL)]
    rows = [[label if i == 0 else "", line, "", ""] for i, line in enumerate(lines)]
    heights = [CELL.leading + (PAD if i in gaps else 0) for i in range(len(rows))]
    heights[-1] += PAD
    if sum(heights) < MIN_TEXT_H:
        heights[-1] += MIN_TEXT_H - sum(heights)
    last = first_row + len(rows) - 1
    style: list[tuple] = [("SPAN", (1, r), (3, r)) for r in range(first_row, last + 1)]
    style += [("BOX", (0, first_row), (0, last), 0.5, colors.black), ("BOX", (1, first_row), (3, last), 0.5, colors.black),
              ("VALIGN", (0, first_row), (-1, last), "TOP"), ("ALIGN", (0, first_row), (0, last), "CENTER"),
              ("TOPPADDING", (1, first_row), (-1, last), 0), ("BOTTOMPADDING", (0, first_row), (-1, last), 0)]
    style += [("TOPPADDING", (1, first_row + i), (-1, first_row + i), PAD) for i in gaps if i < len(rows)]
    return rows, heights, style


class _JpegReader(ImageReader):
    """A stored JPEG, embedded as it is. reportlab names each image by hashing its decoded pixels and keeps
    those pixels until the PDF is saved (about 6 MB a photo: 411 MB for 48 photos, measured); naming it by
    the JPEG's own bytes keeps only the JPEG. Only the name comes from here: JPEGs go in through jpeg_fh()."""

    _dataA = None  # no alpha channel in a JPEG

    def getRGBData(self):
        return self.fp.getvalue()


class LazyPhoto(Flowable):
    """A photo in a PHOTO_W × PHOTO_H slot (centred, sized from its stored width and height), read from the
    database only when drawn — a year's binder with hundreds of photos never holds them all in memory at
    once. `caption` is printed under it by record_story."""

    def __init__(self, width: int, height: int, load, caption: str = ""):
        super().__init__()
        scale = min(PHOTO_W / width, PHOTO_H / height)
        self.w, self.h, self.load, self.caption = width * scale, height * scale, load, caption

    def wrap(self, available_width, available_height):
        return PHOTO_W, PHOTO_H  # every slot alike, so the captions of a row line up

    def draw(self):
        if getattr(self.canv, "layout_only", False):  # a pass that only counts pages (layout.build_pdf)
            return
        self.canv.drawImage(_JpegReader(io.BytesIO(self.load())), (PHOTO_W - self.w) / 2, (PHOTO_H - self.h) / 2,
                            self.w, self.h)


def _photo_cell(photo: LazyPhoto) -> list:
    """A photo with its caption under it (none when the caption is empty)."""
    caption = clean(photo.caption).strip()
    return [photo, Spacer(1, 1.5 * mm), Paragraph(markup(caption), CAPTION)] if caption else [photo]


CORRECTION_HEADER = ("更正时间", "经办人", "志愿者", "原时长", "更正为", "原因")
CORRECTION_WIDTHS = (28, 20, 22, 18, 18, 74)  # mm


def record_story(activity: ActivityRow, draft: ActivityDraft, photos: list, *, heading,
                 corrections: Sequence[list[str]] = ()) -> list:
    """The record's flowables under `heading` (a Paragraph): shared by the single record and the 台账.
    `photos`: LazyPhoto or anything with width, height, jpeg and caption (printed under it). `corrections`:
    the hours corrections' rows (when, who, volunteer, old, new, why), printed when there are any."""
    wide, narrow = 68 * mm, 22 * mm
    fields = [
        ["活动主题", cell(activity.title, wide), "活动类别", cell(activity.category or "—", wide)],
        ["活动时间", f"{chinese_date(activity.starts_at)} {activity.starts_at:%H:%M}–{activity.ends_at:%H:%M}", "品牌活动", cell(activity.brand or "—", wide)],
        ["活动地点", cell(activity.place or "—", wide), "组织队伍", cell(activity.organiser or "—", wide)],
        ["结对单位", cell(activity.partner or "—", wide), "参与人数", f"志愿者 {activity.attended} 人，受益群众 {draft.beneficiaries} 人"],
    ]
    heights: list = [None] * 4
    commands = [("GRID", (0, 0), (-1, 3), 0.5, colors.black), ("VALIGN", (0, 0), (-1, 3), "MIDDLE"),
                ("ALIGN", (0, 0), (0, 3), "CENTER"), ("ALIGN", (2, 0), (2, 3), "CENTER")]
    for label, text in (("活动内容", draft.content), ("活动成效", draft.summary)):
        rows, row_heights, style = _text_rows(label, text, len(fields))
        fields += rows
        heights += row_heights
        commands += style
    table = Table(fields, colWidths=[narrow, wide, narrow, wide], rowHeights=heights)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 10), *commands]))
    story = [heading, table, Spacer(1, 4 * mm)]
    shown = [p if isinstance(p, LazyPhoto) else LazyPhoto(p.width, p.height, lambda p=p: p.jpeg, p.caption)
             for p in photos[:4]]
    if shown:
        cells = [_photo_cell(p) for p in shown] + [""] * (4 - len(shown))
        grid = Table([cells[:2], cells[2:]] if len(shown) > 2 else [cells[:2]], colWidths=[90 * mm, 90 * mm])
        grid.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("FONT", (0, 0), (-1, -1), FONT), ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm)]))
        story += [Paragraph("活动照片", BODY), grid]
    else:
        story.append(Paragraph("活动照片：（未上传）", BODY))
    if corrections:
        story += [Spacer(1, 4 * mm), Paragraph(f"服务时长更正记录（{len(corrections)} 条）", BODY),
                  ruled_table(list(CORRECTION_HEADER), [list(r) for r in corrections], list(CORRECTION_WIDTHS))]
    story += [Spacer(1, 6 * mm), Paragraph("记录人：__________　　审核人：__________　　日期：______年____月____日", BODY)]
    return story


def build_activity_record(activity: ActivityRow, draft: ActivityDraft, photos: list, out: str | Path, *,
                          station: str, printed_at: datetime, corrections: Sequence[list[str]] = ()) -> int:
    heading = Paragraph(f"{markup(station)}<br/>新时代文明实践活动记录表", TITLE)
    info = PageInfo(title=f"活动记录表 · {activity.title}", station=station, printed_at=printed_at)
    return build_pdf(out, info, record_story(activity, draft, photos, heading=heading, corrections=corrections))
