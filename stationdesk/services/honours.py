"""Honours (身边好人, 道德模范, 最美志愿者 …) given to people, and the 礼遇 they receive."""

from dataclasses import dataclass
from datetime import date, datetime

from stationdesk.domain.dates import required_date
from stationdesk.errors import UserError
from stationdesk.services import audit
from stationdesk.store.database import per_store
from stationdesk.store.models import Courtesy, Honor

TITLES = ("身边好人", "道德模范", "最美志愿者", "优秀志愿者", "星级志愿者", "文明家庭", "好婆婆", "好媳妇")
LEVELS = ("村级", "镇级", "县级", "市级", "省级", "全国")
# The kinds of 礼遇 stations give (任丘's list and others): a starting list, free text is allowed.
COURTESIES = ("节日走访慰问", "免费健康体检", "景区免费游览", "公交免费乘车", "优先就医", "慰问金", "信用贷款优惠",
              "子女入学优待", "优先推荐评优")


@dataclass(frozen=True)
class HonorRow:
    id: int
    title: str
    level: str
    year: int
    volunteer_id: int | None
    person_name: str
    conferred_by: str
    deeds: str
    courtesies: int


@dataclass(frozen=True)
class CourtesyRow:
    id: int
    what: str
    given_on: date
    note: str


def add_honor(store, *, title: str, level: str, year: int, volunteer_id: int | None = None, person_name: str = "",
              conferred_by: str = "", deeds: str = "") -> int:
    """For a volunteer (their name is taken from the roster) or for another resident named in `person_name`."""
    title = title.strip()
    if not title:
        raise UserError("请填写荣誉称号。")
    if level not in LEVELS:
        raise UserError(f"级别应为：{'、'.join(LEVELS)}")
    if not 1949 <= int(year) <= date.today().year + 1:
        raise UserError(f"年度“{year}”不对。")
    if volunteer_id is not None:
        person_name = store.scalar("SELECT name FROM volunteer WHERE id = ?", (volunteer_id,)) or ""
        if not person_name:
            raise UserError("找不到这名志愿者。")
    person_name = person_name.strip()
    if not person_name:
        raise UserError("请选择志愿者，或填写获得荣誉的群众姓名。")
    with store.write():
        if store.scalar("SELECT 1 FROM honor WHERE title = ? AND level = ? AND year = ? AND person_name = ?"
                        " AND volunteer_id IS ?", (title, level, year, person_name, volunteer_id)):
            raise UserError(f"{person_name} 的 {year} 年{level}“{title}”已经登记过了。")
        hid = Honor.insert(title=title, level=level, year=year, volunteer=volunteer_id, person_name=person_name,
                           conferred_by=conferred_by.strip(), deeds=deeds.strip(), created_at=datetime.now()).execute()
        audit.record("add", "honor", hid, title=title, person=person_name, year=year)
    return hid


def remove_honor(store, honor_id: int, reason: str) -> None:
    """Only for a line entered by mistake; the reason is kept in the audit log with what was removed."""
    if not reason.strip():
        raise UserError("删除荣誉记录必须填写原因。")
    h = Honor.get_or_none(Honor.id == honor_id)
    if h is None:
        raise UserError("找不到这条荣誉记录。")
    with store.write():
        h.delete_instance(recursive=True)
        audit.record("delete", "honor", honor_id, title=h.title, person=h.person_name, year=h.year, reason=reason.strip())


def list_honors(store, *, year: int | None = None) -> list[HonorRow]:
    return honors_by_id(store, honor_ids(store, year=year))


def honor_ids(store, *, year: int | None = None) -> list[int]:
    """Newest year first, then by title and name: the ids a list shows (a county's 5,000 a year)."""
    return [r[0] for r in store.execute(
        "SELECT id FROM honor" + (" WHERE year = ?" if year else "") + " ORDER BY year DESC, title, person_name, id",
        (year,) if year else ())]


def honors_by_id(store, ids: list[int]) -> list[HonorRow]:
    found = {r[0]: HonorRow(*r) for r in store.query_in(
        "SELECT h.id, h.title, h.level, h.year, h.volunteer_id, h.person_name, h.conferred_by, h.deeds,"
        " (SELECT count(*) FROM courtesy c WHERE c.honor_id = h.id) FROM honor h WHERE h.id IN ({in})", ids)}
    return [found[i] for i in ids]


def give_courtesy(store, honor_id: int, what: str, given_on: date, note: str = "") -> int:
    what = what.strip()
    if not what:
        raise UserError("请填写给予的礼遇。")
    if Honor.get_or_none(Honor.id == honor_id) is None:
        raise UserError("找不到这条荣誉记录。")
    with store.write():
        cid = Courtesy.insert(honor=honor_id, what=what, given_on=given_on, note=note.strip(),
                              created_at=datetime.now()).execute()
        audit.record("courtesy", "honor", honor_id, what=what, given_on=given_on)
    return cid


def courtesies(store, honor_id: int) -> list[CourtesyRow]:
    return [CourtesyRow(r[0], r[1], required_date(r[2]), r[3]) for r in store.execute(
        "SELECT id, what, given_on, note FROM courtesy WHERE honor_id = ? ORDER BY given_on, id", (honor_id,))]


def honored_volunteers(store, year: int, title: str) -> list[int]:
    """Volunteers holding `title` for `year` — a ready-made 荣誉证书 batch."""
    return [vid for vid, _ in honored_people(store, year, title)]


def honored_people(store, year: int, title: str) -> list[tuple[int, str]]:
    """(volunteer id, name) of the volunteers holding `title` for `year`, by id."""
    return store.execute(
        "SELECT v.id, v.name FROM volunteer v WHERE v.id IN (SELECT volunteer_id FROM honor WHERE year = ? AND"
        " title = ? AND volunteer_id IS NOT NULL) ORDER BY v.id", (year, title)).fetchall()


def register(store, year: int) -> list[tuple[str, str, str, str, str]]:
    """The year's honours for the 台账: (title, level, person, conferred by, 礼遇 given)."""
    given: dict[int, list[str]] = {}
    for honor_id, on, what in store.execute(
            "SELECT c.honor_id, c.given_on, c.what FROM courtesy c JOIN honor h ON h.id = c.honor_id"
            " WHERE h.year = ? ORDER BY c.given_on, c.id", (year,)):
        given.setdefault(honor_id, []).append(f"{required_date(on):%m-%d} {what}")
    return [(h.title, h.level, h.person_name, h.conferred_by, "；".join(given.get(h.id, [])))
            for h in list_honors(store, year=year)]


per_store(globals())  # model queries run on the store each function is given
