"""志愿者花名册: the printed roster, IDs and phones masked (it goes in the binder others read)."""

from datetime import datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table

from stationdesk.domain.volunteer import VolunteerRow
from stationdesk.reports.layout import GRID_TABLE, SUBTITLE, TITLE, PageInfo, build_pdf, fit_cell

COLUMNS = (("序号", 11), ("姓名", 20), ("性别", 10), ("身份证号码", 38), ("联系电话", 25),
           ("村民小组", 17), ("政治面貌", 24), ("所属队伍", 35))
TEAMS_FIT = 10  # characters of 9 pt text in the 所属队伍 column


def build_roster(rows: list[VolunteerRow], out: str | Path, *, station: str, printed_at: datetime) -> int:
    """Write the roster PDF; returns its page count."""
    title = "志愿者花名册"
    data = [[c for c, _ in COLUMNS]]
    for number, r in enumerate(rows, start=1):
        data.append([str(number), r.name, r.gender, r.id_masked, r.phone_masked, r.village_group,
                     r.political_status, fit_cell(r.teams, TEAMS_FIT)])
    table = Table(data, colWidths=[w * mm for _, w in COLUMNS], repeatRows=1)
    table.setStyle(GRID_TABLE)
    story = [Paragraph(f"{station}{title}", TITLE),
             Paragraph(f"共 {len(rows)} 人　　截至 {printed_at:%Y年%m月%d日}", SUBTITLE), table]
    return build_pdf(out, PageInfo(title=title, station=station, printed_at=printed_at), story)

