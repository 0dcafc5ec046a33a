"""个人志愿服务档案: one volunteer's record for the binder or for the person — who they are (ID and phone
masked), every activity with its hours, honours, certificates and points. Not a numbered certificate:
it says so, and what to ask for when proof is needed."""

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from stationdesk.domain.amounts import figure
from stationdesk.domain.dates import chinese_date
from stationdesk.reports.layout import BODY, SUBTITLE, TITLE, PageInfo, build_pdf, grid, sign_off
from stationdesk.reports.linebreak import Paragraph
from stationdesk.reports.text import markup

SECTION = BODY
NUMBERS = "〇一二三四五六七八九十"


def build_profile(details: list[tuple[str, str]], services: list[tuple[str, str, str, float]],
                  honours: list[tuple[str, str, str, str]], certificates: list[tuple[str, str, str, str]],
                  points: tuple[str, str, str], out: str | Path, *, station: str, printed_at: datetime,
                  kept: Sequence[tuple[str, list[str], list[list[str]], list[float]]] = (),
                  corrections: Sequence[list[str]] = ()) -> int:
    """Write the profile PDF; returns its page count. `services` rows: (date, activity, category, hours);
    `kept`: the 条例's records, a (title, header, rows, widths in mm) table each (training, qualifications…);
    `corrections`: the hours corrections as (更正时间, 经办人, 活动, 原时长, 更正为, 原因), under the record."""
    name = dict(details).get("姓名", "")
    total = sum(hours for *_, hours in services)
    title = "个人志愿服务档案"
    pairs = [details[i:i + 2] for i in range(0, len(details), 2)]
    story = [
        Paragraph(markup(f"{station}{title}"), TITLE),
        Paragraph(markup(f"{name}　　截至 {chinese_date(printed_at)}"), SUBTITLE),
        grid(["项目", "内容", "项目", "内容"],  # two fields a row
             [[*pair[0], *(pair[1] if len(pair) > 1 else ("", ""))] for pair in pairs], [24, 61, 24, 61]),
        Spacer(1, 4 * mm),
        Paragraph(markup(f"一、志愿服务记录（共 {len(services)} 次，{figure(total)} 小时）"), SECTION),
        grid(["序号", "日期", "活动", "服务类别", "时长（小时）"],
             [[str(n), day, activity, category, f"{hours:g}"] for n, (day, activity, category, hours)
              in enumerate(services, start=1)], [12, 24, 74, 38, 22]),
        *([Paragraph(markup(f"服务时长更正记录（{len(corrections)} 条）"), BODY),
           grid(["更正时间", "经办人", "活动", "原时长", "更正为", "原因"], [list(r) for r in corrections],
                [26, 18, 52, 16, 16, 42])] if corrections else []),
        Spacer(1, 4 * mm),
        Paragraph("二、荣誉", SECTION),
        grid(["年度", "荣誉称号", "级别", "授予单位"], [list(h) for h in honours], [18, 70, 22, 60]),
        Spacer(1, 4 * mm),
        Paragraph("三、证书", SECTION),
        grid(["编号", "类型", "出具日期", "状态"], [list(c) for c in certificates], [48, 52, 30, 40]),
        Spacer(1, 4 * mm),
        Paragraph(markup(f"四、积分：累计获得 {points[0]} 分，已兑换 {points[1]} 分，当前 {points[2]} 分"), SECTION),
        Spacer(1, 4 * mm),
        *(part for n, (heading, header, rows, widths) in enumerate(kept, start=5)  # a heading stays with its table
          for part in (KeepTogether([Paragraph(markup(f"{NUMBERS[n]}、{heading}"), SECTION), grid(header, rows, widths)]),
                       Spacer(1, 4 * mm))),
        Paragraph("说明：本档案供留存查阅，不作证明使用；需要证明时请出具带编号和二维码的《志愿服务记录证明》。",
                  BODY),
        *sign_off("制表人", "审核人"),
    ]
    return build_pdf(out, PageInfo(title=title, station=station, printed_at=printed_at), story)
