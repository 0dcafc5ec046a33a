"""活动安全核查表: for an inspector, one activity's people on its day — age, training, insurance that day,
a minor's guardian consent, the qualification the activity needs — and what is missing, in plain words."""

from datetime import datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from stationdesk.reports.layout import BODY, SUBTITLE, TITLE, PageInfo, build_pdf, grid, sign_off
from stationdesk.reports.linebreak import Paragraph
from stationdesk.reports.text import markup


def build_safety_check(title: str, day: str, requirements: str, rows: list[list[str]], missing: list[str],
                       out: str | Path, *, station: str, printed_at: datetime) -> int:
    """`rows`: (序号, 姓名, 年龄, 培训, 当天保险, 监护人同意, 资质) as text; `missing`: the warnings, one line
    each (none: all in order). Returns the page count."""
    story = [Paragraph(markup(f"{station}活动安全核查表"), TITLE),
             Paragraph(markup(f"{title}　{day}"), SUBTITLE),
             Paragraph(markup(f"安全要求：{requirements}"), BODY), Spacer(1, 3 * mm),
             grid(["序号", "姓名", "年龄", "培训", "当天意外保险", "监护人同意", "所需资质"], rows,
                  [12, 34, 14, 30, 34, 30, 26], empty="（还没有人报名）"),
             Spacer(1, 4 * mm)]
    story += [Paragraph(markup("需要补齐：" if missing else "核查结果：报名人员均符合本次活动的安全要求。"), BODY)]
    story += [Paragraph(markup(f"{n}. {line}"), BODY) for n, line in enumerate(missing, start=1)]
    story += sign_off("核查人", "负责人")
    return build_pdf(out, PageInfo(title=f"安全核查 · {title}", station=station, printed_at=printed_at), story)
