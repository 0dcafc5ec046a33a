"""The volunteer roster (志愿者花名册): add, edit, archive, restore, search and sort — all in SQL."""

import re
from collections import Counter
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import Any

from stationdesk.domain.dates import as_date
from stationdesk.domain.duplicates import THRESHOLD, Person, evidence, score
from stationdesk.domain.ids import VolunteerId
from stationdesk.domain.masking import mask_id_number, mask_phone
from stationdesk.domain.pinyin_keys import new_card_code, search_keys
from stationdesk.domain.roster_filter import BANDS, NO_FILTER, RosterFilter, born_range, group_order
from stationdesk.domain.text import to_halfwidth
from stationdesk.domain.volunteer import (
    ACTIVE,
    ARCHIVED,
    Problem,
    VolunteerDetail,
    VolunteerDraft,
    VolunteerRow,
    validate,
)
from stationdesk.errors import UserError
from stationdesk.services import audit
from stationdesk.store.database import per_store
from stationdesk.store.models import Volunteer

SKILL_SEPARATORS = re.compile(r"[、,，;；/\s]+")
MOST_SKILLS = 30  # the filter offers these; any other fragment can be typed
TEAMS_OF_SQL = "v.teams_text"  # kept by triggers on team_member and team (migration 6)

# Sortable columns → SQL. Names sort by pinyin, as people expect of a Chinese list.
SORT_KEYS = {
    "name": "v.sort_name",
    "gender": "v.gender",
    "phone": "v.phone",
    "id_number": "v.id_number",
    "village_group": "v.village_group",
    "political_status": "v.political_status",
    "teams": TEAMS_OF_SQL,
    "joined_on": "v.joined_on",
    "id": "v.id",
}


class InvalidVolunteer(UserError):
    def __init__(self, problems: tuple[Problem, ...]):
        self.problems = problems
        super().__init__("；".join(f"{p.label}：{p.message}" for p in problems))


class DuplicateIdNumber(UserError):
    def __init__(self, id_number: str, existing_id: int, existing_name: str):
        self.existing_id = existing_id
        super().__init__(f"身份证号码 {mask_id_number(id_number)} 已登记在志愿者“{existing_name}”"
                         f"（编号 {existing_id}）名下，请勿重复登记。")




def normalize_query(text: str) -> str:
    return "".join(to_halfwidth(text).split()).lower()


def _like_pattern(query: str) -> str:
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# With a query and no column chosen, best matches first: the exact name or initials ("zs" → 张三), then
# names and pinyin starting with the query, then the rest — each group in pinyin order. Equality and
# substr cost a fraction of LIKE when a short query matches most of a county.
RELEVANCE = ("CASE WHEN v.pinyin_initials = ? OR v.name = ? OR v.pinyin_full = ? THEN 0"
             " WHEN substr(v.pinyin_initials, 1, ?) = ? OR substr(v.pinyin_full, 1, ?) = ?"
             " OR substr(v.name, 1, ?) = ? THEN 1 ELSE 2 END")


def _narrowing(narrow: RosterFilter, today: date | None) -> tuple[list[str], list]:
    """SQL terms and parameters for the roster's filters."""
    where, params = [], []
    if narrow.skill:
        where.append("v.skills LIKE ? ESCAPE '\\'")
        params.append(_like_pattern(narrow.skill))
    if narrow.village_group:
        where.append("v.village_group = ?")
        params.append(narrow.village_group)
    today = today or date.today()
    if narrow.qualification:
        where.append("v.id IN (SELECT volunteer_id FROM qualification WHERE kind = ?"
                     " AND (valid_until IS NULL OR valid_until >= ?))")
        params += [narrow.qualification, today.isoformat()]
    if narrow.age_band:
        after, latest = born_range(BANDS[narrow.age_band], today)
        if after is not None:
            where.append("v.birth_date > ?")
            params.append(after.isoformat())
        if latest is not None:
            where.append("v.birth_date <= ?")
            params.append(latest.isoformat())
    return where, params


def search_ids(store, text: str = "", *, sort: str | None = None, descending: bool = False,
               status: str | None = ACTIVE, limit: int | None = None, narrow: RosterFilter = NO_FILTER,
               today: date | None = None) -> list[int]:
    """Ids of the volunteers matching `text` (name, pinyin, initials, phone or ID fragment) and the filters
    `narrow` (on `today`, for age and a qualification's expiry), sorted by `sort` (a SORT_KEYS name), or
    by relevance then name when `sort` is None; at most `limit`."""
    query = normalize_query(text)
    by_relevance = sort is None and query and not query.isdigit()  # digits match phones and IDs, never names
    order = RELEVANCE if by_relevance else SORT_KEYS[sort or "name"]
    # Listed by name with a status, a search walks the search index (migration 13: status, sort_name, then
    # the columns a search reads) in name order and stops at the limit — a phone's "5" matches most of a
    # county: 17 ms → 1. A filter on skill or age with no search walks the filter index (migration 14) the
    # same way: 未满18岁, matching nobody, reads that index and no row (100 ms → 12). A search by relevance
    # must see every match before sorting, so `|| ''` keeps it on one scan of the search index instead of
    # a walk that fetches each row to test the LIKE.
    walk = None
    if status and order == SORT_KEYS["name"]:
        walk = "volunteer_search" if query else "volunteer_filter" if narrow.skill or narrow.age_band else None
    where: list[str] = []
    params: list[str | int] = []
    if query:  # first: SQLite tests the terms in order, and this one rejects most rows
        where.append("v.search_key LIKE ? ESCAPE '\\'")
        params.append(_like_pattern(query))
    if status:
        where.append("v.status = ?" if walk or not query else "v.status || '' = ?")
        params.append(status)
    narrowing, narrowing_params = _narrowing(narrow, today)
    where += narrowing
    params += narrowing_params
    direction = "DESC" if descending else "ASC"
    if by_relevance:
        params += [query] * 3 + [len(query), query] * 3
    # Ties by name, then id. Naming sort_name twice when it is the order already makes SQLite sort
    # 100k ids in a temp b-tree instead of reading them in index order (45 ms against 28).
    then = "" if order == SORT_KEYS["name"] else f"v.sort_name {direction}, "
    sql = (f"SELECT v.id FROM volunteer v{f' INDEXED BY {walk}' if walk else ''}"
           f" {'WHERE ' + ' AND '.join(where) if where else ''}"
           f" ORDER BY {order} {direction}, {then}v.id {direction}")
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [vid for (vid,) in store.execute(sql, params).fetchall()]


def rows_by_ids(store, ids: list[int]) -> list[VolunteerRow]:
    """Roster rows for `ids`, in the same order (the lazy table fetches a page at a time)."""
    if not ids:
        return []
    rows = store.query_in(
        "SELECT v.id, v.name, v.gender, v.phone, v.id_number, v.village_group, v.political_status,"
        f" {TEAMS_OF_SQL}, v.joined_on, v.status FROM volunteer v WHERE v.id IN ({{in}})", ids)
    found = {r[0]: VolunteerRow(id=r[0], name=r[1], gender=r[2], phone_masked=mask_phone(r[3]),
                                id_masked=mask_id_number(r[4]), village_group=r[5], political_status=r[6],
                                teams=r[7] or "", joined_on=r[8] or "", status=r[9]) for r in rows}
    return [found[i] for i in ids if i in found]


def search(store, text: str = "", *, limit: int | None = None, **kwargs) -> list[VolunteerRow]:
    return rows_by_ids(store, search_ids(store, text, limit=limit, **kwargs))


def count(store, status: str | None = ACTIVE, *, narrow: RosterFilter = NO_FILTER, today: date | None = None) -> int:
    where, params = _narrowing(narrow, today)
    if status is not None:
        where.insert(0, "v.status = ?")
        params.insert(0, status)
    return store.scalar(f"SELECT count(*) FROM volunteer v {'WHERE ' + ' AND '.join(where) if where else ''}",
                        params)


def filter_choices(store) -> dict[str, list[str]]:
    """What the roster's filters offer: the village groups and qualification kinds on record, and the
    skills most often written (技能特长 is free text; a station writes 医疗、理发 as it likes)."""
    groups = sorted((g for (g,) in store.execute(
        "SELECT DISTINCT village_group FROM volunteer WHERE village_group != ''")), key=group_order)
    kinds = [k for (k,) in store.execute("SELECT DISTINCT kind FROM qualification ORDER BY kind")]
    skills: Counter[str] = Counter()
    for text, n in store.execute("SELECT skills, count(*) FROM volunteer WHERE skills != '' GROUP BY skills"):
        skills.update({skill: n for skill in SKILL_SEPARATORS.split(text) if skill})  # the split leaves no spaces
    return {"village_group": groups, "qualification": kinds,
            "skill": sorted(skills, key=lambda k: (-skills[k], k))[:MOST_SKILLS]}


def _draft_of(v: Volunteer) -> VolunteerDraft:
    values: dict[str, Any] = {f.name: (getattr(v, f.name) or ("" if f.type is str else None))
                              for f in fields(VolunteerDraft)}
    return VolunteerDraft(**values)


def get_volunteer(store, volunteer_id: int) -> VolunteerDetail:
    v = Volunteer.get_or_none(Volunteer.id == volunteer_id)
    if v is None:
        raise UserError(f"找不到编号为 {volunteer_id} 的志愿者，可能已被删除。")
    teams = tuple(r[0] for r in store.execute(
        "SELECT t.name FROM team_member m JOIN team t ON t.id = m.team_id WHERE m.volunteer_id = ? "
        "ORDER BY t.name", (volunteer_id,)))
    return VolunteerDetail(id=v.id, draft=_draft_of(v), status=v.status, teams=teams,
                           archive_reason=v.archive_reason, created_at=str(v.created_at)[:19],
                           updated_at=str(v.updated_at)[:19])


def find_by_id_number(store, id_number: str) -> Volunteer | None:
    return Volunteer.get_or_none(Volunteer.id_number == id_number) if id_number else None


def checked(draft: VolunteerDraft) -> tuple[VolunteerDraft, tuple[Problem, ...]]:
    """Validate, raising InvalidVolunteer on errors; returns the normalised draft and warnings."""
    result = validate(draft)
    if not result.ok:
        raise InvalidVolunteer(result.errors)
    return result.draft, result.warnings


def _columns(draft: VolunteerDraft) -> dict:
    full, initials, sort_name, haystack = search_keys(draft.name, draft.phone, draft.id_number)
    values = dict(vars(draft))  # a flat dataclass: asdict's deep copy cost ~25 µs a row on a 10,000-row import
    values["id_number"] = draft.id_number or None
    return {**values, "pinyin_full": full, "pinyin_initials": initials, "sort_name": sort_name,
            "search_key": haystack}


def new_volunteer_values(draft: VolunteerDraft, now: datetime) -> dict:
    """The volunteer table's columns for a validated draft, for bulk inserts that checked duplicates."""
    return {**_columns(draft), "status": ACTIVE, "created_at": now, "updated_at": now, "card_code": new_card_code()}


def insert_volunteer(store, draft: VolunteerDraft, *, now: datetime) -> int:
    """Insert an already validated draft (inside the caller's transaction)."""
    existing = find_by_id_number(store, draft.id_number)
    if existing is not None:
        raise DuplicateIdNumber(draft.id_number, existing.id, existing.name)
    return store.insert_row("volunteer", new_volunteer_values(draft, now))


def overwrite_volunteer(store, volunteer_id: int, draft: VolunteerDraft, *, now: datetime) -> None:
    """Replace a volunteer's fields with a validated draft (inside the caller's transaction)."""
    existing = find_by_id_number(store, draft.id_number)
    if existing is not None and existing.id != volunteer_id:
        raise DuplicateIdNumber(draft.id_number, existing.id, existing.name)
    Volunteer.update(**_columns(draft), updated_at=now).where(Volunteer.id == volunteer_id).execute()


def add_volunteer(store, draft: VolunteerDraft) -> VolunteerId:
    """Validate and add a volunteer; returns the new id. Raises InvalidVolunteer or DuplicateIdNumber."""
    clean_draft, _ = checked(draft)
    with store.write():
        new_id = insert_volunteer(store, clean_draft, now=datetime.now())
        audit.record("add", "volunteer", new_id, name=clean_draft.name)
    return VolunteerId(new_id)


@dataclass(frozen=True)
class Probable:
    """A registered record that is probably the person being saved."""
    id: int
    name: str
    score: int
    reasons: tuple[str, ...]


def probably_registered(store, draft: VolunteerDraft, *, volunteer_id: int | None = None) -> list[Probable]:
    """Records that are probably the person `draft` describes — the same name and phone, name and birth
    date, an ID number that differs only in its check digit, a phone with a name read alike — strongest
    first, for the form to ask before saving (疑似重复 would find them later, after the harm). The
    candidates are read by phone, name and ID prefix, not by comparing with the whole roster."""
    clean, _ = checked(draft)
    me = Person(0, clean.name, clean.phone or "", clean.id_number or "", clean.birth_date,
                search_keys(clean.name, clean.phone, clean.id_number)[0])
    rows = store.execute(
        "SELECT id, name, phone, coalesce(id_number, ''), birth_date, pinyin_full FROM volunteer"
        " WHERE id IS NOT ? AND ((? != '' AND phone = ?) OR name = ? OR (? != '' AND substr(id_number, 1, 17) = ?))"
        " LIMIT 200", (volunteer_id, me.phone, me.phone, me.name, me.id_number, me.id_number[:17]))
    found = []
    for vid, name, phone, number, birth, reading in rows:
        if me.id_number and number == me.id_number:
            continue  # the same ID number is refused outright, naming the record (DuplicateIdNumber)
        other = Person(vid, name, phone or "", number, as_date(birth), reading or "")
        if (e := evidence(me, other)) and score(e) >= THRESHOLD:
            found.append(Probable(vid, name, score(e), tuple(reason for _, reason in e)))
    return sorted(found, key=lambda p: (-p.score, p.id))


def update_volunteer(store, volunteer_id: int, draft: VolunteerDraft) -> None:
    clean_draft, _ = checked(draft)
    before = get_volunteer(store, volunteer_id).draft
    changed = {k: (v, getattr(clean_draft, k)) for k, v in asdict(before).items()
               if v != getattr(clean_draft, k)}
    if not changed:
        return
    with store.write():
        overwrite_volunteer(store, volunteer_id, clean_draft, now=datetime.now())
        audit.record("edit", "volunteer", volunteer_id, fields=sorted(changed))


def _set_status(store, volunteer_id: int, status: str, reason: str) -> None:
    get_volunteer(store, volunteer_id)  # raises if missing
    with store.write():
        Volunteer.update(status=status, archive_reason=reason, updated_at=datetime.now()).where(
            Volunteer.id == volunteer_id).execute()
        audit.record("archive" if status == ARCHIVED else "restore", "volunteer", volunteer_id, reason=reason)


def archive_volunteer(store, volunteer_id: int, *, reason: str = "") -> None:
    """Move to the archive (离队/迁出). Never deleted: the service history must stay provable."""
    _set_status(store, volunteer_id, ARCHIVED, reason.strip())


def restore_volunteer(store, volunteer_id: int) -> None:
    _set_status(store, volunteer_id, ACTIVE, "")


def reveal(store, volunteer_id: int, field: str) -> str:
    """The full ID number or phone, for an explicit "show full" action; the reveal is logged."""
    if field not in ("id_number", "phone"):
        raise ValueError(field)
    value = getattr(get_volunteer(store, volunteer_id).draft, field)
    with store.write():
        audit.record("reveal", "volunteer", volunteer_id, field=field)
    return value or ""



def card_rows(store, ids: list[int] | None = None) -> list[tuple[int, str, str, str, str]]:
    """(id, name, teams, national code, card code) for 志愿者证: no phone, no ID number."""
    sql = (f"SELECT v.id, v.name, coalesce({TEAMS_OF_SQL}, ''), v.national_code, v.card_code FROM volunteer v "
           "WHERE v.status = 'active' {filter} ORDER BY v.sort_name, v.id")
    if ids is None:
        return store.execute(sql.replace("{filter}", "")).fetchall()
    rows = {r[0]: r for r in store.query_in(sql.replace("{filter}", "AND v.id IN ({in})"), ids)}
    return [rows[i] for i in ids if i in rows]


per_store(globals())  # model queries run on the store each function is given
