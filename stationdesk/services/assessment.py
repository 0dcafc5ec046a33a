"""测评自查 (DESIGN §14): the county's scoring sheet the station keeps (imported/exported as xlsx; the default
one until then), and the station's score for a year — items with a rule scored from the station's own
records through the services that show those figures elsewhere (统计, 站务, 结对共建, 资金), the rest judged by
the operator with evidence, each judgement logged with who and when."""

import json
import math
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from stationdesk.domain.assessment import (
    JUDGED,
    RULES,
    Assessment,
    Item,
    ItemScore,
    Judgement,
    SectionScore,
    Sheet,
    number,
    share_of,
    sheet_from_dict,
)
from stationdesk.domain.pairing import MET, ON_TRACK
from stationdesk.domain.station_records import Registration
from stationdesk.domain.text import clean, strip_invisible
from stationdesk.errors import UserError
from stationdesk.paths import resource
from stationdesk.services import audit, funds, pairings, station, station_records, stats
from stationdesk.store.database import per_store

DEFAULT_SHEET = "assessment/default.json"
MAX_NOTE = 1000
MAX_PAGE_REF = 60
PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".bmp", ".webp", ".gif", ".tif", ".tiff", ".heic")


def default_sheet() -> Sheet:
    """The sheet shipped with the app (resources/assessment/default.json)."""
    return sheet_from_dict(json.loads(resource(DEFAULT_SHEET).read_text(encoding="utf-8")))


def sheet(store) -> Sheet:
    """The sheet the station keeps: the county's, once imported; else the default."""
    body = store.scalar("SELECT body FROM assessment_sheet WHERE id = 1")
    return sheet_from_dict(json.loads(body)) if body else default_sheet()


def sheet_source(store) -> str:
    """Where the sheet in use came from, in a line for the page."""
    row = store.execute("SELECT imported_at, imported_by FROM assessment_sheet WHERE id = 1").fetchone()
    if row is None:
        return "默认细则（未导入县里的测评细则）"
    return f"{str(row[0])[:16]} 导入" + (f"（{row[1]}）" if row[1] else "")


def import_sheet(store, path: str | Path) -> Sheet:
    """Keep the county's sheet from a workbook (the one before is replaced; judgements stay, by item code)."""
    from stationdesk.exchange.assessment_sheet import read_sheet

    new = read_sheet(path)
    with store.write():
        store.execute("INSERT OR REPLACE INTO assessment_sheet (id, title, body, imported_at, imported_by)"
                      " VALUES (1, ?, ?, ?, ?)", (new.title, json.dumps(new.as_dict(), ensure_ascii=False),
                                                   datetime.now().isoformat(" ", "seconds"), audit.operator()))
        audit.record("import_sheet", "assessment", None, title=new.title, count=len(new.items()),
                     file=Path(path).name)
    return new


def reset_sheet(store) -> Sheet:
    """Back to the default sheet."""
    new = default_sheet()
    with store.write():
        store.execute("DELETE FROM assessment_sheet")
        audit.record("reset_sheet", "assessment", None, title=new.title)
    return new


def export_sheet(store, out: str | Path) -> int:
    """The sheet in use as a workbook (to hand out, or to fill in and import back); returns its items."""
    from stationdesk.exchange.assessment_sheet import write_sheet

    return write_sheet(sheet(store), out)


# Judgements -------------------------------------------------------------------------------------

def _check_year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise UserError(f"年度“{year}”不对，请写四位年份，如 2026。")
    return year


def _judged_item(store, code: str) -> Item:
    item = sheet(store).item(clean(code))
    if item is None:
        raise UserError(f"测评细则里没有编号为“{clean(code)}”的项目。")
    if item.computed:
        raise UserError(f"“{item.title}”按本站数据自动计分（{item.method}），不需要人工评定。")
    return item


def parse_score(value, points: float) -> float:
    """A score as typed ('4', '4.5', '４分'): 0 to the item's points."""
    text = clean(str(value) if value is not None else "").replace("分", "").strip()
    text = text.translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    if not text:
        raise UserError("请填写自评分。")
    try:
        score = float(text)
    except ValueError:
        raise UserError(f"自评分“{clean(str(value))}”不是数字，请填写如 4 或 4.5。") from None
    if not math.isfinite(score) or score < 0:
        raise UserError("自评分不能小于 0。")
    if score > points:
        raise UserError(f"自评分 {number(score)} 超过了这一项的分值 {number(points)} 分。")
    return round(score, 2)


def _photo(value) -> str:
    text = clean(str(value or "")).strip().strip('"')
    if not text:
        return ""
    path = Path(text)
    if path.suffix.lower() not in PHOTO_TYPES:
        raise UserError(f"佐证照片“{path.name}”不是图片文件（.jpg、.png 等）。")
    if not path.is_file():
        raise UserError(f"找不到佐证照片 {text}，请检查路径。")
    return str(path)


def judge(store, year: int, code: str, *, score, note: str, photo: str | Path | None = None,
          ledger_page: str = "") -> Judgement:
    """Save the operator's score of a judged item for `year`, with its evidence: a note (required), a photo's
    path and the 台账 page it is on (either optional). A second judgement of the item replaces the first;
    the audit log keeps both."""
    year = _check_year(year)
    item = _judged_item(store, code)
    value = parse_score(score, item.points)
    text = "\n".join(line.strip() for line in strip_invisible(str(note or "")).splitlines()).strip()
    if not text:
        raise UserError("请写明佐证说明：依据什么给这个分（如“制度已上墙，见照片”）。")
    if len(text) > MAX_NOTE:
        raise UserError(f"佐证说明太长了（{len(text)} 个字），请不超过 {MAX_NOTE} 个字。")
    page = " ".join(clean(ledger_page or "").split())
    if len(page) > MAX_PAGE_REF:
        raise UserError(f"台账页码太长了，请不超过 {MAX_PAGE_REF} 个字，如“台账第12页”。")
    picture = _photo(photo)
    now = datetime.now().isoformat(" ", "minutes")
    with store.write():
        store.execute("INSERT OR REPLACE INTO assessment_judgement (year, item_code, item_title, score, note,"
                      " photo_path, ledger_page, judged_by, judged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      (year, item.code, item.title, value, text, picture, page, audit.operator(), now))
        audit.record("judge", "assessment", year, year=year, code=item.code, title=item.title, score=value,
                     what=text[:60])
    return Judgement(year, item.code, value, text, picture, page, audit.operator(), now)


def clear_judgement(store, year: int, code: str) -> None:
    """Forget a judgement: the item is 待评定 again."""
    found = store.scalar("SELECT score FROM assessment_judgement WHERE year = ? AND item_code = ?", (year, code))
    if found is None:
        raise UserError(f"{year}年编号“{code}”的项目还没有评定。")
    with store.write():
        store.execute("DELETE FROM assessment_judgement WHERE year = ? AND item_code = ?", (year, code))
        audit.record("delete", "assessment", year, year=year, code=code, removed=found)


def judgements(store, year: int) -> dict[str, Judgement]:
    return {row[1]: Judgement(*row) for row in store.execute(
        "SELECT year, item_code, score, note, photo_path, ledger_page, judged_by, substr(judged_at, 1, 16)"
        " FROM assessment_judgement WHERE year = ? ORDER BY item_code", (year,))}


# The station's figures --------------------------------------------------------------------------

@dataclass(frozen=True)
class Figures:
    """What the computed items read, each from the service that shows it elsewhere."""

    year: int
    months: list[tuple[int, int]]  # (month, activities held) of the months that count so far
    current: tuple[int, int] | None  # this month (not over yet) when it has not reached the target: (month, held)
    held: int  # activities held in the year (统计's figure)
    with_photos: int
    with_record: int
    brands: list[tuple[str, int]]
    registration: Registration
    teams: int
    pairings: list[tuple[str, list]]  # (unit, [CommitmentRow]) of the agreements covering the year
    trainings: int  # sessions: one date and subject, however many volunteers it was recorded for
    trained: int  # volunteers with a training that year
    funds_in: float  # 元 received in the year
    venues: int
    rules: int  # adopted by the year's end
    meetings: int


def figures(store, year: int, *, today: date | None = None) -> Figures:
    today = today or date.today()
    figures_ = stats.compute(store, stats.period_of(year))
    by_month = {int(m[5:7]): n for m, n, _ in figures_.by_month}
    last = 12 if year < today.year else 0 if year > today.year else today.month
    months = [(m, by_month.get(m, 0)) for m in range(1, last + 1)]
    current = None
    if year == today.year and months:
        current = months.pop()  # this month is not over: it counts once it reaches the target
    start, end = f"{year:04d}-01-01", f"{year + 1:04d}-01-01"
    # The activities 统计 counts as held (status done, started in the year), and which of them have a photo
    # or a written record (the summary on the 活动记录表).
    held, with_photos, with_record = store.execute(
        "SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM activity_photo p WHERE p.activity_id = a.id)), 0),"
        " coalesce(sum(trim(a.summary) != ''), 0) FROM activity a"
        " WHERE a.status = 'done' AND a.starts_at >= ? AND a.starts_at < ?", (start, end)).fetchone()
    trainings, trained = store.execute(
        "SELECT count(DISTINCT held_on || char(31) || subject), count(DISTINCT volunteer_id) FROM training"
        " WHERE held_on >= ? AND held_on < ?", (start, end)).fetchone()
    chosen = [p for p in pairings.list_pairings(store, today=today) if p.term.year_span(year)]
    fulfilled = pairings.year_fulfilment(store, chosen, year, today=today, evidence=False)
    money = funds.totals(store, date(year, 1, 1), date(year + 1, 1, 1))
    return Figures(
        year=year, months=months, current=current, held=held, with_photos=with_photos, with_record=with_record,
        brands=figures_.by_brand, registration=station_records.registration(store),
        teams=station.overview(store).teams, pairings=[(p.unit_name, fulfilled[p.id]) for p in chosen],
        trainings=trainings, trained=trained, funds_in=float(money["funds_in"]),
        venues=len(station_records.list_venues(store)),
        rules=len(station_records.list_rules(store, adopted_by=date(year, 12, 31))),
        meetings=len(station_records.list_meetings(store, year=year)))


def _count(item: Item, have: int, unit: str, what: str) -> tuple[float, str, str]:
    goal = math.ceil(item.goal)
    missing = "" if have >= goal else f"还差 {goal - have} {unit}{what}"
    return share_of(item.points, have, goal), f"{what} {have} {unit}", missing


def _share(item: Item, have: int, held: int, what: str) -> tuple[float, str, str]:
    if held == 0:
        return 0.0, "本年没有已开展的活动", "本年还没有已开展（已完成）的活动"
    needed = math.ceil(item.goal * held / 100 - 1e-9)
    measured = f"{held} 次活动中 {have} 次{what}（{100 * have / held:.0f}%）"
    missing = "" if have >= needed else f"还差 {needed - have} 次{what}的活动"
    return share_of(item.points, have, needed), measured, missing


def _computed(item: Item, f: Figures) -> tuple[float, str, str]:
    """(score, what the records show, what is missing for full points) of a computed item."""
    rule = item.rule
    if rule == "monthly_activities":
        goal = math.ceil(item.goal)
        short = [(m, n) for m, n in f.months if n < goal]
        now = f"本月（{f.current[0]}月）已开展 {f.current[1]} 次" if f.current else ""
        if f.current and f.current[1] >= goal:
            f = replace(f, months=[*f.months, f.current])
            now = ""
        if not f.months:
            return 0.0, now or "本年尚未开始", (f"本月还差 {goal - f.current[1]} 次活动" if f.current else "本年尚未开始")
        met = len(f.months) - len(short)
        measured = f"{len(f.months)} 个月中 {met} 个月达到每月 {goal} 次" + (f"；{now}" if now else "")
        missing = ""
        if short:
            missing = ("、".join(f"{m}月（{n}次）" for m, n in short) + f"不足 {goal} 次，"
                       f"还差 {sum(goal - n for _, n in short)} 次活动")
        return share_of(item.points, met, len(f.months)), measured, missing
    if rule == "photo_share":
        return _share(item, f.with_photos, f.held, "有照片")
    if rule == "record_share":
        return _share(item, f.with_record, f.held, "有活动记录")
    if rule == "registration_rate":
        reg = f.registration
        if reg.rate is None or reg.population is None:
            return (0.0, f"注册志愿者 {reg.volunteers} 人，常住人口未填写",
                    "未填写常住人口（在“站务 → 注册率与年度总结”中填写）")
        needed = math.ceil(item.goal * reg.population / 100 - 1e-9)
        missing = "" if reg.volunteers >= needed else f"还差 {needed - reg.volunteers} 名注册志愿者"
        return share_of(item.points, reg.rate, item.goal), reg.text, missing
    if rule == "pairings":
        late = [(unit, [r.aspect for r in rows if r.status not in (MET, ON_TRACK)] or ["未登记共建承诺"])
                for unit, rows in f.pairings if not rows or any(r.status not in (MET, ON_TRACK) for r in rows)]
        fine = len(f.pairings) - len(late)
        goal = math.ceil(item.goal)
        measured = f"本年在协议期内的结对 {len(f.pairings)} 个，进度正常 {fine} 个"
        missing = ""
        if fine < goal:
            missing = f"还差 {goal - fine} 个进度正常的结对"
            if late:
                missing += "：" + "；".join(f"{unit}（{'、'.join(aspects)}落后）" if aspects != ["未登记共建承诺"]
                                           else f"{unit}（未登记共建承诺）" for unit, aspects in late)
        return share_of(item.points, fine, goal), measured, missing
    if rule == "funds":
        missing = "" if f.funds_in >= item.goal else f"还差 {item.goal - f.funds_in:.2f} 元经费收入"
        return share_of(item.points, f.funds_in, item.goal), f"本年登记经费收入 {f.funds_in:.2f} 元", missing
    if rule == "trainings":
        score, _, missing = _count(item, f.trainings, "次", "培训")
        return score, f"培训 {f.trainings} 次（{f.trained} 人参加）", missing
    counts = {"brands": (len(f.brands), "个", "品牌活动"), "teams": (f.teams, "支", "志愿服务队"),
              "venues": (f.venues, "处", "阵地"), "rules": (f.rules, "项", "制度"),
              "meetings": (f.meetings, "次", "会议")}
    have, unit, what = counts[rule]
    score, measured, missing = _count(item, have, unit, what)
    if rule == "brands" and f.brands:
        measured += "（" + "、".join(name for name, _ in f.brands[:5]) + "）"
    return score, measured, missing


def score(store, year: int, *, today: date | None = None, sheet_: Sheet | None = None) -> Assessment:
    """Every item of the sheet scored for `year`: computed from the records where the sheet gives a rule,
    the operator's judgement where not (待评定 until there is one)."""
    year = _check_year(year)
    used = sheet_ or sheet(store)
    facts = figures(store, year, today=today) if any(i.computed for i in used.items()) else None
    judged = judgements(store, year)
    sections = []
    for section in used.sections:
        rows = []
        for item in section.items:
            if item.computed:
                assert facts is not None
                value, measured, missing = _computed(item, facts)
                rows.append(ItemScore(item, round(value, 2), measured, missing))
                continue
            j = judged.get(item.code)
            if j is None:
                rows.append(ItemScore(item, None, "", "待评定：请填写自评分和佐证"))
                continue
            value = min(j.score, item.points)
            missing = "" if value >= item.points else f"自评 {number(value)} 分，差 {number(item.points - value)} 分"
            rows.append(ItemScore(item, value, j.evidence, missing, j))
        sections.append(SectionScore(section, rows))
    return Assessment(used, year, sections)


def as_json(result: Assessment) -> dict:
    """The score as `assessment show --json` prints it."""
    return {"year": result.year, "sheet": result.sheet.title, "points": result.sheet.points,
            "score": result.score, "pending": result.pending,
            "sections": [{"title": s.section.title, "points": s.section.points, "score": s.score, "items": [
                {"code": i.item.code, "title": i.item.title, "points": i.item.points,
                 "method": "judged" if i.item.rule == JUDGED else i.item.rule, "score": i.score, "status": i.status,
                 "measured": i.measured, "missing": i.missing,
                 **({"judged_by": i.judgement.judged_by, "judged_at": i.judgement.judged_at,
                     "ledger_page": i.judgement.ledger_page, "photo": i.judgement.photo} if i.judgement else {})}
                for i in s.items]} for s in result.sections]}


def rule_names() -> list[str]:
    return [name for name, _, _ in RULES.values()]


def add_demo_judgements(store, *, today: date) -> None:
    """The demo station's own judgement of the default sheet's hand-scored items for `today`'s year."""
    for code, value, note, page in (
            ("1.2", 5, "门牌、站牌和三个功能室标牌已按县统一样式制作悬挂", "台账第3页"),
            ("1.3", 4, "工作制度、积分管理制度已上墙；志愿服务制度尚未上墙", "台账第5页"),
            ("1.4", 5, "开放时间在门口公示，文化活动室由专人管理", ""),
            ("2.1", 5, "站长由村党组织书记陈建国担任，配专职工作人员1名", "台账第2页"),
            ("3.4", 4, "年中入户发放满意度问卷 60 份，满意 52 份", "台账第40页")):
        try:
            judge(store, today.year, code, score=value, note=note, ledger_page=page)
        except UserError:  # a sheet without that item (the county's, imported before the demo)
            continue


per_store(globals())  # model queries run on the store each function is given
