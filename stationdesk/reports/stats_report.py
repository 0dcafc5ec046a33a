"""统计报表: the period's numbers in the tables towns use, one section each."""

from datetime import datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from stationdesk.domain.amounts import figure
from stationdesk.reports.layout import BODY, SUBTITLE, TITLE, PageInfo, build_pdf, grid, sign_off
from stationdesk.reports.linebreak import Paragraph
from stationdesk.reports.text import markup


def _section(title: str, header: list[str], rows, widths) -> KeepTogether:
    body = [[figure(v) if isinstance(v, int | float) else str(v) for v in row] for row in rows]
    return KeepTogether([Paragraph(title, BODY), Spacer(1, 1.5 * mm), grid(header, body, widths), Spacer(1, 5 * mm)])


def build_stats_report(stats, out: str | Path, *, station: str, printed_at: datetime) -> int:
    story = [Paragraph(f"{markup(station)}<br/>新时代文明实践工作统计表", TITLE),
             Paragraph(f"统计期间：{stats.period.label}", SUBTITLE), *stats_story(stats), *sign_off("填报人", "审核人")]
    info = PageInfo(title=f"统计表 · {stats.period.label}", station=station, printed_at=printed_at)
    return build_pdf(out, info, story)


def stats_story(s) -> list:
    """The report's tables, also bound into the 台账."""
    return [_section("一、总体情况", ["开展活动", "志愿者参与", "参与志愿者", "服务时长", "受益群众", "新注册志愿者", "出具证书"],
                      [[f"{s.activities} 次", f"{s.participations} 人次", f"{s.volunteers_active} 人", f"{figure(s.hours)} 小时",
                        f"{s.beneficiaries} 人次", f"{s.new_volunteers} 人", f"{s.certificates} 份"]],
                      [24, 26, 26, 26, 26, 26, 26]),
             _section("二、按服务类别", ["服务类别", "活动（次）", "服务时长（小时）"], s.by_category, [70, 50, 60]),
             _section("三、按月份", ["月份", "活动（次）", "服务时长（小时）"], s.by_month, [60, 60, 60]),
             _section("四、品牌活动", ["品牌", "活动（次）"], s.by_brand, [90, 90]),
             _section("五、志愿者服务时长前十名", ["姓名", "服务时长（小时）", "参加活动（次）"], s.top_volunteers, [60, 60, 60]),
             _section("六、队伍服务时长", ["队伍", "服务时长（小时）", "参与志愿者（人）"], s.top_teams, [80, 50, 50]),
             _section("七、参与志愿者结构", ["年龄段", "人数"], s.by_age, [90, 90]),
             _section("　", ["政治面貌", "人数"], s.by_political, [90, 90]),
             _section("八、群众点单、积分与资金", [label for label, _ in s.practice_lines()],
                      [[value for _, value in s.practice_lines()]], [26] * 7)]
