"""简报: an activity's news item and the month's 工作简报, drafted from the records, written as a PDF or an
editable Word document, or given as plain text for a 公众号 editor. The CLI and the UI both call these.

Who took part is told by counts and team names; no phone or ID number goes into a brief.
"""

from datetime import date, datetime
from pathlib import Path

from stationdesk.domain.activity import CANCELLED, DONE
from stationdesk.domain.amounts import figure
from stationdesk.domain.brief import MAX_PHOTOS, Brief, BriefPhoto, named_activity, paragraphs
from stationdesk.domain.dates import chinese_date
from stationdesk.errors import UserError
from stationdesk.services import activities, photos, station, stats
from stationdesk.store.database import per_store

FORMATS = {".pdf": "PDF", ".docx": "Word 文档"}
NO_TEAM = "未加入队伍的志愿者"


def _when(a) -> str:
    """2026年5月5日 9:00–11:30, or the first and last day of an activity over several days."""
    start, end = a.starts_at, a.ends_at
    if start.date() == end.date():
        return f"{chinese_date(start)} {start:%H:%M}–{end:%H:%M}"
    return f"{chinese_date(start)} {start:%H:%M} 至 {chinese_date(end)} {end:%H:%M}"


def _shot(p: photos.Photo, caption: str) -> BriefPhoto:
    return BriefPhoto(p.width, p.height, caption, lambda: p.jpeg)  # the JPEG read only when it is set


def _teams(store, activity_id: int, organiser_team_id: int | None, held: bool) -> list[tuple[str, int]]:
    """(team, people) of those who took part (signed up, before it is held): each person counted once,
    under the organising team when they belong to it, else their first team; people in no team last."""
    rows = store.execute(
        "SELECT (SELECT t.name FROM team_member m JOIN team t ON t.id = m.team_id WHERE m.volunteer_id = p.volunteer_id"
        "        ORDER BY m.team_id = ? DESC, m.team_id LIMIT 1), count(*)"
        " FROM participation p WHERE p.activity_id = ? AND (p.attended = 1 OR ?) GROUP BY 1 ORDER BY 2 DESC, 1",
        (organiser_team_id or 0, activity_id, 0 if held else 1)).fetchall()
    named = [(team, n) for team, n in rows if team]
    return named + [(NO_TEAM, n) for team, n in rows if not team]


def activity_brief(store, activity_id: int, *, today: date | None = None) -> Brief:
    """The activity's 简报: when, where, who took part (counts and teams), what was done, 成效, photos."""
    a = activities.get_activity(store, activity_id)
    if a.status == CANCELLED:
        raise UserError(f"“{a.title}”已取消，不能生成简报。")
    d = activities.get_draft(store, activity_id)
    held = a.status == DONE
    name = station.get_station(store).name
    teams = _teams(store, activity_id, d.organiser_team_id, held)
    people = sum(n for _, n in teams)
    hours = store.scalar("SELECT coalesce(sum(hours), 0) FROM participation WHERE activity_id = ? AND attended = 1",
                         (activity_id,)) if held else 0
    who = "、".join(f"{team} {n} 人" for team, n in teams)
    took_part = (f"志愿者 {people} 人" + (f"（{who}）" if who else "") if held else
                 f"已报名志愿者 {people} 人" + (f"（{who}）" if who else "") + "，活动尚未登记出勤")
    if held:
        took_part += f"，服务时长 {figure(float(hours))} 小时"
    if d.beneficiaries:
        took_part += f"，{'受益群众' if held else '预计服务群众'} {d.beneficiaries} 人次"
    facts = [("活动时间", _when(a)), ("活动地点", a.place or "—")]
    if a.organiser:
        facts.append(("组织队伍", a.organiser))
    if a.partner:
        facts.append(("结对共建单位", a.partner))
    facts.append(("参与情况", took_part))
    where = f"在{a.place}" if a.place else ""
    by = f"，由{a.organiser}组织" + (f"，{a.partner}共同参与" if a.partner else "") if a.organiser else (
        f"，{a.partner}共同参与" if a.partner else "")
    lead = f"{chinese_date(a.starts_at)}，{name}{'' if held else '将'}{where}开展{'了' if held else ''}{named_activity(a.title)}{by}。"
    if people:
        lead += f"{'共有' if held else '已有'} {people} 名志愿者{'参与' if held else '报名'}"
        lead += (f"，{'服务' if held else '预计服务'}群众 {d.beneficiaries} 人次。" if d.beneficiaries else "。")
    effect = paragraphs(d.summary)
    if not effect and held:
        effect = (f"本次活动共有 {people} 名志愿者参与，累计服务 {figure(float(hours))} 小时"
                  + (f"，服务群众 {d.beneficiaries} 人次" if d.beneficiaries else "") + "。",)
    shots = tuple(_shot(p, p.caption) for p in photos.photos(store, activity_id)[:MAX_PHOTOS])
    return Brief(kind="活动简报", headline=a.title, station=name, dated=today or date.today(), lead=lead,
                 facts=tuple(facts), sections=(("活动内容", paragraphs(d.content)), ("活动成效", effect)), photos=shots)


def monthly_brief(store, year: int, month: int, *, today: date | None = None) -> Brief:
    """The month's 工作简报: the figures of the month (statistics as the 统计 page counts them), each held
    activity in a line with its 成效, and up to four photos from the month's activities."""
    if not 1 <= month <= 12:
        raise UserError(f"月份应在 1 到 12 之间（收到 {month}）。")
    period = stats.period_of(year, month)
    s = stats.compute(store, period)
    name = station.get_station(store).name
    start, end = period.dates
    held = store.execute(
        "SELECT a.id, a.title, a.starts_at, a.place, coalesce(t.name, ''), a.beneficiaries, a.summary,"
        " (SELECT count(*) FROM participation p WHERE p.activity_id = a.id AND p.attended = 1)"
        " FROM activity a LEFT JOIN team t ON t.id = a.organiser_team_id"
        " WHERE a.status = 'done' AND a.starts_at >= ? AND a.starts_at < ? ORDER BY a.starts_at, a.id",
        (start.isoformat(), end.isoformat())).fetchall()
    lead = (f"{period.label}，{name}共开展新时代文明实践活动 {s.activities} 次，志愿者参与 {s.participations} 人次"
            f"（{s.volunteers_active} 人），累计服务时长 {figure(s.hours)} 小时，受益群众 {s.beneficiaries} 人次。")
    figures = [f"新注册志愿者 {s.new_volunteers} 人，出具志愿服务证明和荣誉证书 {s.certificates} 份。"]
    if s.by_category:
        figures.append("按服务类别：" + "；".join(f"{c} {n} 次、{figure(h)} 小时" for c, n, h in s.by_category) + "。")
    if s.by_brand:
        figures.append("品牌活动：" + "；".join(f"{b} {n} 次" for b, n in s.by_brand) + "。")
    practice = [_with_unit(label, value) for label, value in s.practice_lines() if value not in ("0", "—", "0.00")]
    if practice:
        figures.append("群众点单、积分与资金：" + "，".join(practice) + "。")
    done = []
    for n, (_, title, starts_at, place, team, beneficiaries, summary, people) in enumerate(held, start=1):
        line = f"{n}. {chinese_date(starts_at)}，" + (f"{team}" if team else "") + (f"在{place}" if place else "")
        line += f"开展{named_activity(title)}，志愿者 {people} 人参与" + (f"，服务群众 {beneficiaries} 人次" if beneficiaries else "")
        line += "。" + next(iter(paragraphs(summary)), "")  # the 成效's first paragraph: the whole is in its 简报
        done.append(line)
    served = [f"{n}（{figure(h)} 小时）" for n, h, _ in s.top_volunteers[:5]]
    sections = [("总体情况", tuple(figures)), ("主要活动", tuple(done) or ("本月没有已开展的活动。",))]
    if served:
        sections.append(("志愿服务之星", (f"本月服务时长居前的志愿者：{'、'.join(served)}。",)))
    shots = []
    for aid, title, *_ in held:
        for p in photos.photos(store, aid)[:1]:
            shots.append(_shot(p, p.caption or title))
        if len(shots) == MAX_PHOTOS:
            break
    return Brief(kind="工作简报", headline=f"{name}{period.label}工作简报", station=name, dated=today or date.today(),
                 lead=lead, sections=tuple(sections), photos=tuple(shots))


def _with_unit(label: str, value: str) -> str:
    """“群众点单（单）”, “3” → “群众点单 3 单”: a table's header read as a sentence."""
    if label.endswith("）") and "（" in label:
        name, unit = label[:-1].split("（", 1)
        return f"{name} {value} {unit}"
    return f"{label} {value}"


def check_format(out: str | Path) -> str:
    """`out`'s suffix when a brief can be written there (.pdf or .docx), else a refusal in Chinese."""
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise UserError(f"简报只能保存为 .pdf 或 .docx 文件（收到“{Path(out).name}”）。")
    return suffix


def write(brief: Brief, out: str | Path) -> int:
    """Set `brief` as a PDF or a Word document, by `out`'s suffix; returns the PDF's pages (1 for a .docx)."""
    suffix = check_format(out)
    if suffix == ".pdf":
        from stationdesk.reports.brief import build_brief_pdf

        return build_brief_pdf(brief, out, printed_at=datetime.now())
    from stationdesk.reports.brief import build_brief_docx

    build_brief_docx(brief, out)
    return 1


per_store(globals())  # model queries run on the store each function is given
