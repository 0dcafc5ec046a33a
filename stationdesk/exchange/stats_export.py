"""The period's statistics as an .xlsx for the town and county: one sheet per table."""

from pathlib import Path

from stationdesk.exchange.xlsx_out import write_sheets


def write_stats(stats, out: str | Path, *, station: str) -> None:
    overview = [("站点", station), ("统计期间", stats.period.label), ("开展活动（次）", stats.activities),
                ("志愿者参与（人次）", stats.participations), ("参与志愿者（人）", stats.volunteers_active),
                ("服务时长（小时）", round(stats.hours, 2)), ("受益群众（人次）", stats.beneficiaries),
                ("新注册志愿者（人）", stats.new_volunteers), ("出具证书（份）", stats.certificates),
                *((label, "" if value is None else value) for label, value in stats.practice_numbers())]
    write_sheets(out, [
        ("概况", ("项目", "数值"), overview, (), (22, 30)),
        ("按服务类别", ("服务类别", "活动（次）", "服务时长（小时）"), stats.by_category, (), (22, 12, 16)),
        ("按月份", ("月份", "活动（次）", "服务时长（小时）"), stats.by_month, (), (12, 12, 16)),
        ("品牌活动", ("品牌", "活动（次）"), stats.by_brand, (), (16, 12)),
        ("志愿者排行", ("姓名", "服务时长（小时）", "参加活动（次）"), stats.top_volunteers, (), (12, 16, 14)),
        ("队伍排行", ("队伍", "服务时长（小时）", "参与志愿者（人）"), stats.top_teams, (), (22, 16, 16)),
        ("年龄结构", ("年龄段", "人数"), stats.by_age, (), (14, 10)),
        ("政治面貌", ("政治面貌", "人数"), stats.by_political, (), (14, 10)),
    ])


def write_rollup(figures: dict, labels: list[tuple[str, str]], duplicates: list, out: str | Path) -> None:
    """A rollup's year: the total, a row per station, and the people registered at several stations —
    every figure a number, so the county's own sheets can add them up."""
    keys = [key for key, _ in labels]
    write_sheets(out, [
        ("合计", ("项目", "数值"), [("统计年度", figures["year"]), ("站点（个）", len(figures["stations"])),
                                   *((title, figures[key]) for key, title in labels)], (), (22, 16)),
        ("各站点", ("站点", "所属实践所", *(title for _, title in labels)),
         [(s["name"], s["parent"], *(s[k] for k in keys)) for s in figures["stations"]], (), (24, 22, *([14] * len(keys)))),
        ("跨站点重复登记", ("序号", "姓名", "站点", "证件号码", "服务时长（小时）", "依据"),
         [(n, r.name, r.station, r.id_number, r.hours, d.by) for n, d in enumerate(duplicates, start=1)
          for r in d.registrations], (3,), (6, 12, 24, 22, 16, 26)),
    ])
