"""The station's own records (DESIGN §14): its 阵地/场所, 制度, 会议与研究部署, the resident population
behind the 志愿者注册率, and a 年度工作总结 per year — drafted from the year's statistics (services.stats,
the same figures 统计 and the 台账 show), then edited and saved by the operator."""

import re
from datetime import date, datetime
from pathlib import Path

from stationdesk.domain.amounts import figure
from stationdesk.domain.dates import required_date
from stationdesk.domain.station_records import VENUE_KINDS, Meeting, Registration, Rule, Venue
from stationdesk.domain.text import clean, strip_invisible, to_halfwidth
from stationdesk.errors import UserError
from stationdesk.services import audit, photos, roster, station, stats
from stationdesk.store.database import per_store

__all__ = ["VENUE_KINDS", "Meeting", "Registration", "Rule", "Venue"]

POPULATION_KEY = "resident_population"
MAX_POPULATION = 10_000_000  # more than any village or community; a typo of extra digits is refused
MAX_AREA = 1_000_000  # m² (a square kilometre)
MAX_TEXT = 20_000  # a 制度's full text or a 总结: pages, not a book
MAX_LINE = 200  # a name, a kind, opening hours


def _line(value, what: str, *, required: bool = False) -> str:
    text = " ".join(clean(value).split())
    if required and not text:
        raise UserError(f"请填写{what}。")
    if len(text) > MAX_LINE:
        raise UserError(f"{what}太长了（{len(text)} 个字），请不超过 {MAX_LINE} 个字。")
    return text


def _body(value, what: str, *, required: bool = False) -> str:
    """Several paragraphs: line breaks kept, each line trimmed, invisible characters dropped."""
    text = "\n".join(line.strip() for line in strip_invisible(str(value or "")).replace("\r\n", "\n").split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if required and not text:
        raise UserError(f"请填写{what}。")
    if len(text) > MAX_TEXT:
        raise UserError(f"{what}太长了（{len(text)} 个字），请不超过 {MAX_TEXT} 个字，或分成几条登记。")
    return text


def _day(value, what: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(to_halfwidth(clean(value)))
    except ValueError:
        raise UserError(f"{what}“{clean(value)}”不是日期，请写成 2026-03-15 这样。") from None


def parse_area(value) -> float | None:
    """m² as typed: '' → None (not measured); refuses anything but a number above 0."""
    if value is None or (isinstance(value, str) and not clean(value)):
        return None
    text = to_halfwidth(clean(str(value))).replace(",", "").removesuffix("平方米").removesuffix("㎡").strip()
    try:
        area = float(text)
    except ValueError:
        raise UserError(f"面积“{clean(str(value))}”不是数字，请填写平方米数，如 120 或 85.5。") from None
    if not area > 0 or area != area:
        raise UserError("面积应大于 0（单位：平方米）。")
    if area > MAX_AREA:
        raise UserError(f"面积 {figure(area)} 平方米太大了，请核对（单位是平方米）。")
    return round(area, 2)


def parse_population(value) -> int:
    """常住人口 as typed: a whole number above 0 ('2,300' and full-width digits too); refuses the rest."""
    text = to_halfwidth(clean(str(value) if value is not None else "")).replace(",", "").removesuffix("人").strip()
    if not text:
        raise UserError("请填写常住人口（人数）。")
    if isinstance(value, bool) or not re.fullmatch(r"[+-]?\d+", text):
        raise UserError(f"常住人口“{clean(str(value))}”不是整数，请填写人数，如 2300。")
    number = int(text)
    if number <= 0:
        raise UserError("常住人口应大于 0。")
    if number > MAX_POPULATION:
        raise UserError(f"常住人口 {number} 人太多了，请核对（一个村或社区的常住人口）。")
    return number


# 阵地/场所 --------------------------------------------------------------------------------------

_VENUE_SQL = ("SELECT id, name, kind, area, opening_hours, note, photo IS NOT NULL, photo_width, photo_height"
              " FROM venue")


def list_venues(store) -> list[Venue]:
    return [Venue(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]), row[7], row[8])
            for row in store.execute(_VENUE_SQL + " ORDER BY id")]


def get_venue(store, venue_id: int) -> Venue:
    row = store.execute(_VENUE_SQL + " WHERE id = ?", (venue_id,)).fetchone()
    if row is None:
        raise UserError(f"找不到编号为 {venue_id} 的阵地。")
    return Venue(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]), row[7], row[8])


def _venue_values(name, kind, area, opening_hours, note) -> dict:
    return {"name": _line(name, "阵地名称", required=True), "kind": _line(kind, "阵地类型"), "area": parse_area(area),
            "opening_hours": _line(opening_hours, "开放时间"), "note": _body(note, "备注")}


def add_venue(store, *, name: str, kind: str = "", area=None, opening_hours: str = "", note: str = "",
              photo: str | Path | None = None) -> int:
    """A 阵地/场所; `photo` is a picture file, kept resized in the database as activity photos are."""
    values = _venue_values(name, kind, area, opening_hours, note)
    picture = photos.read_photo(photo) if photo else None
    now = datetime.now()
    with store.write():
        venue_id = store.insert_row("venue", {**values, "created_at": now, "updated_at": now})
        if picture:
            _set_photo(store, venue_id, picture)
        audit.record("add", "venue", venue_id, name=values["name"], kind=values["kind"])
    return venue_id


def update_venue(store, venue_id: int, *, name: str, kind: str = "", area=None, opening_hours: str = "",
                 note: str = "", photo: str | Path | None = None, drop_photo: bool = False) -> None:
    """Change a 阵地's particulars; a new `photo` replaces the old one, `drop_photo` removes it."""
    get_venue(store, venue_id)
    values = _venue_values(name, kind, area, opening_hours, note)
    picture = photos.read_photo(photo) if photo else None
    with store.write():
        store.execute("UPDATE venue SET name = ?, kind = ?, area = ?, opening_hours = ?, note = ?, updated_at = ?"
                      " WHERE id = ?", (*values.values(), datetime.now().isoformat(" "), venue_id))
        if picture:
            _set_photo(store, venue_id, picture)
        elif drop_photo:
            store.execute("UPDATE venue SET photo = NULL, photo_width = NULL, photo_height = NULL WHERE id = ?",
                          (venue_id,))
        audit.record("edit", "venue", venue_id, name=values["name"])


def _set_photo(store, venue_id: int, picture: tuple[bytes, int, int]) -> None:
    store.execute("UPDATE venue SET photo = ?, photo_width = ?, photo_height = ? WHERE id = ?", (*picture, venue_id))


def venue_photo(store, venue_id: int) -> bytes | None:
    value = store.scalar("SELECT photo FROM venue WHERE id = ?", (venue_id,))
    return bytes(value) if value is not None else None


def remove_venue(store, venue_id: int) -> None:
    venue = get_venue(store, venue_id)
    with store.write():
        store.execute("DELETE FROM venue WHERE id = ?", (venue_id,))
        audit.record("delete", "venue", venue_id, name=venue.name)


# 制度 -----------------------------------------------------------------------------------------

def list_rules(store, *, adopted_by: date | None = None) -> list[Rule]:
    """Every 制度 (or those adopted on or before `adopted_by`), oldest first."""
    sql = "SELECT id, title, body, adopted_on FROM station_rule"
    params: tuple[str, ...] = ()
    if adopted_by is not None:
        sql, params = sql + " WHERE adopted_on <= ?", (adopted_by.isoformat(),)
    return [Rule(i, t, b, required_date(d)) for i, t, b, d in store.execute(sql + " ORDER BY adopted_on, id", params)]


def get_rule(store, rule_id: int) -> Rule:
    row = store.execute("SELECT id, title, body, adopted_on FROM station_rule WHERE id = ?", (rule_id,)).fetchone()
    if row is None:
        raise UserError(f"找不到编号为 {rule_id} 的制度。")
    return Rule(row[0], row[1], row[2], required_date(row[3]))


def add_rule(store, *, title: str, body: str, adopted_on) -> int:
    title, body = _line(title, "制度名称", required=True), _body(body, "制度全文", required=True)
    adopted_on = _day(adopted_on, "通过日期")
    now = datetime.now()
    with store.write():
        rule_id = store.insert_row("station_rule", {"title": title, "body": body, "adopted_on": adopted_on,
                                                    "created_at": now, "updated_at": now})
        audit.record("add", "station_rule", rule_id, title=title, on=adopted_on)
    return rule_id


def update_rule(store, rule_id: int, *, title: str, body: str, adopted_on) -> None:
    get_rule(store, rule_id)
    title, body = _line(title, "制度名称", required=True), _body(body, "制度全文", required=True)
    adopted_on = _day(adopted_on, "通过日期")
    with store.write():
        store.execute("UPDATE station_rule SET title = ?, body = ?, adopted_on = ?, updated_at = ? WHERE id = ?",
                      (title, body, adopted_on.isoformat(), datetime.now().isoformat(" "), rule_id))
        audit.record("edit", "station_rule", rule_id, title=title)


def remove_rule(store, rule_id: int) -> None:
    rule = get_rule(store, rule_id)
    with store.write():
        store.execute("DELETE FROM station_rule WHERE id = ?", (rule_id,))
        audit.record("delete", "station_rule", rule_id, title=rule.title)


# 会议与研究部署 ---------------------------------------------------------------------------------

_MEETING_SQL = "SELECT id, held_on, attendees, topics, decisions FROM meeting"


def _meeting(row) -> Meeting:
    return Meeting(row[0], required_date(row[1]), *row[2:])


def list_meetings(store, *, year: int | None = None) -> list[Meeting]:
    """The meetings of `year` (all when None), in date order."""
    sql = _MEETING_SQL
    params: tuple[str, ...] = ()
    if year is not None:
        sql, params = sql + " WHERE held_on >= ? AND held_on < ?", (f"{year:04d}-01-01", f"{year + 1:04d}-01-01")
    return [_meeting(row) for row in store.execute(sql + " ORDER BY held_on, id", params)]


def get_meeting(store, meeting_id: int) -> Meeting:
    row = store.execute(_MEETING_SQL + " WHERE id = ?", (meeting_id,)).fetchone()
    if row is None:
        raise UserError(f"找不到编号为 {meeting_id} 的会议记录。")
    return _meeting(row)


def _meeting_values(held_on, attendees, topics, decisions) -> dict:
    return {"held_on": _day(held_on, "会议日期"), "attendees": _body(attendees, "参会人员", required=True),
            "topics": _body(topics, "会议议题", required=True), "decisions": _body(decisions, "研究部署（决定事项）")}


def add_meeting(store, *, held_on, attendees: str, topics: str, decisions: str = "") -> int:
    values = _meeting_values(held_on, attendees, topics, decisions)
    now = datetime.now()
    with store.write():
        meeting_id = store.insert_row("meeting", {**values, "created_at": now, "updated_at": now})
        audit.record("add", "meeting", meeting_id, on=values["held_on"], what=values["topics"][:60])
    return meeting_id


def update_meeting(store, meeting_id: int, *, held_on, attendees: str, topics: str, decisions: str = "") -> None:
    get_meeting(store, meeting_id)
    values = _meeting_values(held_on, attendees, topics, decisions)
    with store.write():
        store.execute("UPDATE meeting SET held_on = ?, attendees = ?, topics = ?, decisions = ?, updated_at = ?"
                      " WHERE id = ?", (values["held_on"].isoformat(), values["attendees"], values["topics"],
                                        values["decisions"], datetime.now().isoformat(" "), meeting_id))
        audit.record("edit", "meeting", meeting_id, on=values["held_on"])


def remove_meeting(store, meeting_id: int) -> None:
    meeting = get_meeting(store, meeting_id)
    with store.write():
        store.execute("DELETE FROM meeting WHERE id = ?", (meeting_id,))
        audit.record("delete", "meeting", meeting_id, on=meeting.held_on)


# 常住人口 and 注册率 -----------------------------------------------------------------------------

def population(store) -> int | None:
    value = store.scalar("SELECT value FROM setting WHERE key = ?", (POPULATION_KEY,))
    return int(value) if value else None


def set_population(store, value) -> int:
    """Save the 常住人口 (refusing ≤ 0 and anything that is not a whole number, in Chinese)."""
    number = parse_population(value)
    with store.write():
        store.execute("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (POPULATION_KEY, str(number)))
        audit.record("set_population", "setting", None, count=number)
    return number


def registration(store) -> Registration:
    """Volunteers on the roster (archived ones left out, as 花名册 and 站点概况 count them) against the
    resident population."""
    return Registration(roster.count(store), population(store))


# 年度工作总结 -----------------------------------------------------------------------------------

def saved_summary(store, year: int) -> str | None:
    return store.scalar("SELECT body FROM work_summary WHERE year = ?", (year,))


def summary(store, year: int) -> tuple[str, bool]:
    """(text, saved): the operator's saved 总结 of `year`, else a fresh draft."""
    saved = saved_summary(store, year)
    return (saved, True) if saved is not None else (draft_summary(store, year), False)


def _check_year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise UserError(f"年度“{year}”不对，请写四位年份，如 2026。")
    return year


def save_summary(store, year: int, text: str) -> None:
    year = _check_year(year)
    body = _body(text, "工作总结", required=True)
    with store.write():
        store.execute("INSERT OR REPLACE INTO work_summary (year, body, saved_at, saved_by) VALUES (?, ?, ?, ?)",
                      (year, body, datetime.now().isoformat(" "), audit.operator()))
        audit.record("save_summary", "work_summary", year, year=year, chars=len(body))


def discard_summary(store, year: int) -> None:
    """Forget the saved 总结 of `year`: the next one shown is a fresh draft from the figures."""
    with store.write():
        store.execute("DELETE FROM work_summary WHERE year = ?", (year,))
        audit.record("delete", "work_summary", year, year=year)


def _counted(items: list[tuple[str, int]], unit: str = "次") -> str:
    return "、".join(f"{name}{n}{unit}" for name, n in items)


def draft_summary(store, year: int, *, figures: stats.Stats | None = None) -> str:
    """A first draft of the year's 总结 from its figures — services.stats for the activities, people and
    hours (the numbers 统计 and the 台账 print), and the station's own records — to be edited."""
    year = _check_year(year)
    s = figures or stats.compute(store, stats.period_of(year))
    info = station.get_station(store)
    overview = station.overview(store)
    reg = registration(store)
    venues = list_venues(store)
    rules = [r for r in list_rules(store) if r.adopted_on.year == year]
    meetings = list_meetings(store, year=year)
    lines = [f"{info.name}{year}年度新时代文明实践工作总结", ""]
    basics = f"本站现有注册志愿者{reg.volunteers}人、志愿服务队{overview.teams}支"
    if reg.rate is not None:
        basics += f"，常住人口{reg.population}人，志愿者注册率{reg.rate:.2f}%"
    basics += f"。本年度新增志愿者{s.new_volunteers}人。"
    if venues:
        basics += f"现有阵地{len(venues)}处（{'、'.join(v.name for v in venues)}）。"
    lines += ["一、基本情况", basics, ""]
    work = (f"全年开展文明实践活动{s.activities}次，志愿者参与{s.participations}人次（{s.volunteers_active}人），"
            f"累计服务时长{figure(round(s.hours, 2))}小时，服务群众{s.beneficiaries}人次。")
    if s.by_category:
        work += f"按服务类别：{_counted([(c, n) for c, n, _ in s.by_category])}。"
    if s.by_brand:
        work += f"品牌活动：{_counted(s.by_brand)}。"
    if s.top_volunteers:
        work += f"服务时长居前的志愿者有{'、'.join(name for name, _, _ in s.top_volunteers[:5])}等。"
    lines += ["二、活动开展情况", work, ""]
    built = f"本年度制定（修订）制度{len(rules)}项"
    built += f"（{'、'.join('《' + r.title + '》' for r in rules)}）" if rules else ""
    built += f"；召开会议{len(meetings)}次"
    if meetings:
        built += "，研究部署了" + "；".join(m.topics.replace("\n", "，") for m in meetings[:6])
        built += "等事项" if len(meetings) > 6 else ""
    lines += ["三、制度建设与会议部署", built + "。", ""]
    p = s.practices
    other = f"出具志愿服务记录证明{s.certificates}份。"
    if p:
        asked = sum(p.get("requests", {}).values())
        if asked:
            done = p["requests"].get("done", 0) + p["requests"].get("reviewed", 0)
            other += f"受理群众点单{asked}单，办结{done}单。"
    lines += ["四、其他工作", other, "", "五、存在的不足和下一步打算", "（请结合实际填写）"]
    return "\n".join(lines)


def add_demo_records(store, *, today: date, population_count: int = 2600) -> None:
    """The demo station's own records: three 阵地, two 制度, a meeting a quarter of `today`'s year up to
    it, and its 常住人口 (the 总结 is left to be drafted)."""
    year = today.year
    for name, kind, area, hours in (("青山村文化活动室", "活动室", "120", "周一至周五 8:30-17:30，周末 14:00-20:00"),
                                    ("青山村道德讲堂", "道德讲堂", "80", "开展活动时开放"),
                                    ("青山爱心驿站", "爱心驿站", "35.5", "每天 7:00-19:00")):
        add_venue(store, name=name, kind=kind, area=area, opening_hours=hours)
    add_rule(store, title="新时代文明实践站工作制度", adopted_on=date(year, 1, 10), body=(
        "第一条　实践站在村党组织领导下开展工作，站长由村党组织书记担任。\n"
        "第二条　每月至少开展四次文明实践活动，逢5出发。\n第三条　活动有方案、有签到、有记录、有照片。"))
    add_rule(store, title="志愿服务积分管理制度", adopted_on=date(year, 3, 1), body=(
        "第一条　志愿者每服务1小时记1分。\n第二条　积分可在爱心超市兑换物品。\n第三条　积分每月公示一次。"))
    for month, topics, decisions in ((1, "研究部署全年文明实践工作计划", "制定年度活动计划，明确各服务队分工"),
                                     (4, "部署清明、五一期间文明实践活动", "组织文明祭扫志愿服务"),
                                     (7, "研究暑期青少年关爱活动", "开设暑期课堂，招募大学生志愿者"),
                                     (10, "部署重阳节敬老活动和冬季送温暖", "走访慰问高龄老人")):
        held = date(year, month, 8)
        if held <= today:
            add_meeting(store, held_on=held, attendees="陈建国（站长）、各服务队队长、村两委委员",
                        topics=topics, decisions=decisions)
    set_population(store, population_count)


per_store(globals())  # model queries run on the store each function is given
