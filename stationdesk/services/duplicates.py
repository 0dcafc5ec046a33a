"""疑似重复: probable duplicate volunteer records (domain.duplicates), what each of a pair holds so a
person can tell, and pairs marked 不是同一人 that are never offered again."""

from dataclasses import dataclass
from datetime import datetime

from stationdesk.domain.dates import as_date
from stationdesk.domain.duplicates import Pair, Person, find
from stationdesk.domain.masking import mask_id_number, mask_phone
from stationdesk.errors import UserError
from stationdesk.services import audit
from stationdesk.store.database import per_store


def people(store) -> list[Person]:
    return [Person(vid, name, phone or "", id_number or "", as_date(born), reading or "")
            for vid, name, phone, id_number, born, reading in store.execute(
                "SELECT id, name, phone, id_number, birth_date, pinyin_full FROM volunteer")]


def dismissed(store) -> frozenset[tuple[int, int]]:
    return frozenset(store.execute("SELECT first_id, second_id FROM not_duplicate").fetchall())


def pairs(store) -> list[Pair]:
    """Every probable pair in the roster (archived records included: a person may have been archived
    and registered again), strongest first, without those marked 不是同一人."""
    return find(people(store), dismissed=dismissed(store))


def names(store, volunteer_ids) -> dict[int, str]:
    return dict(store.query_in("SELECT id, name FROM volunteer WHERE id IN ({in})", sorted(set(volunteer_ids))))


def mark_not_duplicate(store, first: int, second: int) -> None:
    """不是同一人: remembered, so the pair is not offered again."""
    if first == second:
        raise UserError("这是同一条记录。")
    first, second = sorted((first, second))
    with store.write():
        store.execute("INSERT OR IGNORE INTO not_duplicate (first_id, second_id, marked_at, actor) VALUES (?, ?, ?, ?)",
                      (first, second, datetime.now().isoformat(" "), audit.actor()))
        audit.record("not_duplicate", "volunteer", first, other=second)


@dataclass(frozen=True)
class Side:
    """What one record of a pair holds, side by side with the other's."""

    id: int
    name: str
    gender: str
    phone_masked: str
    id_masked: str
    birth_date: str
    village_group: str
    status: str
    teams: str
    activities: int
    hours: float
    certificates: int
    points: int  # hundredths


def sides(store, pair: Pair) -> tuple[Side, Side]:
    def side(vid: int) -> Side:
        row = store.execute(
            "SELECT v.id, v.name, v.gender, v.phone, v.id_number, v.birth_date, v.village_group, v.status,"
            " coalesce(v.teams_text, ''),"
            " coalesce((SELECT activities FROM volunteer_tally WHERE volunteer_id = v.id AND period = ''), 0),"
            " coalesce((SELECT hours FROM volunteer_tally WHERE volunteer_id = v.id AND period = ''), 0),"
            " (SELECT count(*) FROM certificate WHERE volunteer_id = v.id),"
            " coalesce((SELECT earned - spent FROM points_tally WHERE volunteer_id = v.id), 0)"
            " FROM volunteer v WHERE v.id = ?", (vid,)).fetchone()
        if row is None:
            raise UserError(f"找不到编号为 {vid} 的志愿者。")
        return Side(row[0], row[1], row[2], mask_phone(row[3] or ""), mask_id_number(row[4] or ""),
                    str(row[5] or ""), row[6], row[7], row[8], row[9], round(row[10], 2), row[11], row[12])

    return side(pair.first), side(pair.second)


per_store(globals())  # model queries run on the store each function is given
