"""活动记录表: one page per activity for the binder (台账) — the particulars, content and outcome, up to
four photos, and lines for the recorder and reviewer."""

import io
from datetime import datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from stationdesk.domain.activity import ActivityDraft, ActivityRow
from stationdesk.reports.layout import BODY, CELL, FONT, GRID_TABLE, TITLE, PageInfo, build_pdf

TEXT_LIMIT = 420  # characters of content or summary that fit the page; the rest is cut with a note
TEXT_CELL_W = 158 * mm - 12  # the spanned cell, less padding
MIN_TEXT_H = 30 * mm  # room to write by hand when the field was left empty
PHOTO_W, PHOTO_H = 86 * mm, 58 * mm


def _capped(text: str) -> Paragraph:
    text = (text or "（未填写）").replace("\n", "<br/>")
    if len(text) > TEXT_LIMIT:
        text = text[:TEXT_LIMIT] + "……（内容较长，完整内容见系统记录）"
    return Paragraph(text, CELL)


class _JpegReader(ImageReader):
    """A stored JPEG, embedded as it is. reportlab names each image by hashing its decoded pixels and keeps
    those pixels until the PDF is saved (about 6 MB a photo: 411 MB for 48 photos, measured); naming it by
    the JPEG's own bytes keeps only the JPEG. Only the name comes from here: JPEGs go in through jpeg_fh()."""

    _dataA = None  # no alpha channel in a JPEG

    def getRGBData(self):
        return self.fp.getvalue()


class LazyPhoto(Flowable):
    """A photo sized from its stored width and height, read from the database only when drawn — a year's
    binder with hundreds of photos never holds them all in memory at once."""

    def __init__(self, width: int, height: int, load):
        super().__init__()
        scale = min(PHOTO_W / width, PHOTO_H / height)
        self.w, self.h, self.load = width * scale, height * scale, load

    def wrap(self, available_width, available_height):
        return self.w, self.h

    def draw(self):
        if getattr(self.canv, "layout_only", False):  # a pass that only counts pages (layout.build_pdf)
            return
        self.canv.drawImage(_JpegReader(io.BytesIO(self.load())), 0, 0, self.w, self.h)


def record_story(activity: ActivityRow, draft: ActivityDraft, photos: list, *, heading) -> list:
    """The record's flowables under `heading` (a Paragraph): shared by the single record and the 台账.
    `photos`: LazyPhoto or anything with width, height and jpeg."""
    fields = [
        ["活动主题", Paragraph(activity.title, CELL), "活动类别", activity.category or "—"],
        ["活动时间", f"{activity.starts_at:%Y年%m月%d日 %H:%M}–{activity.ends_at:%H:%M}", "品牌活动", activity.brand or "—"],
        ["活动地点", Paragraph(activity.place or "—", CELL), "组织队伍", Paragraph(activity.organiser or "—", CELL)],
        ["结对单位", Paragraph(activity.partner or "—", CELL), "参与人数", f"志愿者 {activity.attended} 人，受益群众 {draft.beneficiaries} 人"],
        ["活动内容", _capped(draft.content), "", ""],
        ["活动成效", _capped(draft.summary), "", ""],
    ]
    text_heights = [max(fields[r][1].wrap(TEXT_CELL_W, 1000)[1] + 8, MIN_TEXT_H) for r in (4, 5)]
    table = Table(fields, colWidths=[22 * mm, 68 * mm, 22 * mm, 68 * mm], rowHeights=[None] * 4 + text_heights)
    table.setStyle(GRID_TABLE)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), None), ("FONT", (0, 0), (-1, -1), FONT, 10),
        ("ALIGN", (1, 0), (1, 0), "LEFT"), ("ALIGN", (3, 0), (3, 0), "LEFT"),
        ("SPAN", (1, 4), (3, 4)), ("SPAN", (1, 5), (3, 5)), ("VALIGN", (0, 4), (-1, 5), "TOP"),
    ]))
    for row in range(len(fields)):
        table.setStyle(TableStyle([("ALIGN", (0, row), (0, row), "CENTER"), ("ALIGN", (2, row), (2, row), "CENTER")]))
    story = [heading, table, Spacer(1, 4 * mm)]
    shown = [p if isinstance(p, LazyPhoto) else LazyPhoto(p.width, p.height, lambda p=p: p.jpeg) for p in photos[:4]]
    if shown:
        cells = [*shown] + [""] * (4 - len(shown))
        grid = Table([cells[:2], cells[2:]] if len(shown) > 2 else [cells[:2]], colWidths=[90 * mm, 90 * mm],
                     rowHeights=PHOTO_H + 4 * mm)
        grid.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                  ("FONT", (0, 0), (-1, -1), FONT)]))
        story += [Paragraph("活动照片", BODY), grid]
    else:
        story.append(Paragraph("活动照片：（未上传）", BODY))
    story += [Spacer(1, 6 * mm), Paragraph("记录人：__________　　审核人：__________　　日期：______年____月____日", BODY)]
    return story


def build_activity_record(activity: ActivityRow, draft: ActivityDraft, photos: list, out: str | Path, *,
                          station: str, printed_at: datetime) -> int:
    heading = Paragraph(f"{station}<br/>新时代文明实践活动记录表", TITLE)
    info = PageInfo(title=f"活动记录表 · {activity.title}", station=station, printed_at=printed_at)
    return build_pdf(out, info, record_story(activity, draft, photos, heading=heading))
