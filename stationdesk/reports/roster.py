"""志愿者花名册: the printed roster, IDs and phones masked (it goes in the binder others read)."""

from datetime import datetime
from pathlib import Path

from stationdesk.domain.volunteer import VolunteerRow
from stationdesk.reports.layout import SUBTITLE, TITLE, PageInfo, build_pdf, grid, sign_off
from stationdesk.reports.linebreak import Paragraph
from stationdesk.reports.text import markup

HEADER = ["序号", "姓名", "性别", "身份证号码", "联系电话", "村民小组", "政治面貌", "所属队伍"]
WIDTHS = [11, 22, 11, 36, 24, 17, 24, 35]


def roster_table(rows: list[VolunteerRow]):
    """The roster's table, also bound into the 台账."""
    return grid(HEADER, [[str(n), r.name, r.gender, r.id_masked, r.phone_masked, r.village_group, r.political_status,
                          r.teams] for n, r in enumerate(rows, start=1)], WIDTHS)


def build_roster(rows: list[VolunteerRow], out: str | Path, *, station: str, printed_at: datetime,
                 narrowed: str = "") -> int:
    """Write the roster PDF; returns its page count. `narrowed` says which filters chose the rows."""
    title = "志愿者花名册"
    which = f"筛选：{narrowed}　　" if narrowed else ""
    story = [Paragraph(markup(f"{station}{title}"), TITLE),
             Paragraph(markup(f"{which}共 {len(rows)} 人　　截至 {printed_at:%Y年%m月%d日}"), SUBTITLE), roster_table(rows),
             *sign_off("制表人", "审核人")]
    return build_pdf(out, PageInfo(title=title, station=station, printed_at=printed_at), story)
