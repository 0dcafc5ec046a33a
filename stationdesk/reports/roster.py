"""志愿者花名册: the printed roster, IDs and phones masked (it goes in the binder others read)."""

from datetime import datetime
from pathlib import Path

from reportlab.platypus import Flowable

from stationdesk.domain.dates import chinese_date
from stationdesk.domain.volunteer import VolunteerRow
from stationdesk.reports.layout import SUBTITLE, TITLE, PageInfo, build_pdf, grid, sign_off
from stationdesk.reports.linebreak import Paragraph
from stationdesk.reports.text import markup

HEADER = ["序号", "姓名", "性别", "身份证号码", "联系电话", "村民小组", "政治面貌", "所属队伍"]
WIDTHS = [11, 22, 11, 36, 24, 17, 24, 35]


CHUNK = 500  # rows per Table: reportlab copies a table's remaining rows at every page break it splits


class _Chunk(Flowable):
    """CHUNK rows of the roster whose Table is made only when the layout reaches them and dropped once laid
    out, so a 100,000-person roster holds one chunk's cells at a time (and the garbage collector, which
    stops every thread, never walks millions of them). `progress(done, total)` is told on arrival."""

    def __init__(self, rows, first: int, progress, done: int):
        super().__init__()
        self.rows, self.first, self.progress, self.done = rows, first, progress, done
        self._table = None

    def _made(self):
        if self._table is None:
            self._table = grid(HEADER, [[str(n), r.name, r.gender, r.id_masked, r.phone_masked, r.village_group,
                                         r.political_status, r.teams]
                                        for n, r in enumerate(self.rows, start=self.first)], WIDTHS)
        return self._table

    def wrap(self, available_width, available_height):
        if self.progress:
            self.progress(self.done, 100)
        return self._made().wrap(available_width, available_height)

    def split(self, available_width, available_height):
        parts, self._table = self._made().split(available_width, available_height), None  # ordinary Tables on
        return parts

    def drawOn(self, canvas, x, y, _sW=0):
        self._made().drawOn(canvas, x, y, _sW)
        self._table = None


def roster_tables(rows: list[VolunteerRow], progress=None) -> list:
    """The roster's table, also bound into the 台账: one Table per CHUNK rows, each with the header, so
    the layout time grows with the rows (one Table of every row grew as n^1.46: 26 s CPU at 12,000
    people, 14 s in chunks). `progress(done, total)`, out of 100, as the layout reaches each chunk."""
    if not rows:
        return [grid(HEADER, [], WIDTHS)]
    return [_Chunk(rows[start:start + CHUNK], start + 1, progress, 100 * start // len(rows))
            for start in range(0, len(rows), CHUNK)]


def build_roster(rows: list[VolunteerRow], out: str | Path, *, station: str, printed_at: datetime,
                 narrowed: str = "", progress=None) -> int:
    """Write the roster PDF; returns its page count. `narrowed` says which filters chose the rows.
    `progress(done, total)` as it goes; whatever it raises (取消) stops it and no file is left."""
    title = "志愿者花名册"
    which = f"筛选：{narrowed}　　" if narrowed else ""
    story = [Paragraph(markup(f"{station}{title}"), TITLE),
             Paragraph(markup(f"{which}共 {len(rows)} 人　　截至 {chinese_date(printed_at)}"), SUBTITLE),
             *roster_tables(rows, progress), *sign_off("制表人", "审核人")]
    return build_pdf(out, PageInfo(title=title, station=station, printed_at=printed_at), story)
