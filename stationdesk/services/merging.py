"""合并: two records of one person become one. Everything of the dropped record — attendance, team
memberships, points, certificates (serials unchanged), honours, requests, its audit trail — moves to the
kept one in one transaction; the same activity attended on both keeps one row, so hours are never
doubled. What moved and what was removed is kept with the merge, so it can be undone until something
new is written."""

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TypedDict

from stationdesk.domain.volunteer import LABELS, VolunteerDraft
from stationdesk.errors import UserError
from stationdesk.services import audit, roster
from stationdesk.services.changes import LOOK_ONLY
from stationdesk.store.database import per_store

DERIVED = frozenset({"volunteer_tally", "points_tally"})  # kept by triggers as rows move
FIELDS = tuple(LABELS)


class NeedsChoice(UserError):
    """Both records attended the same activity with different hours: which is right must be said."""

    def __init__(self, conflicts: list["Conflict"]):
        self.conflicts = conflicts
        lines = "；".join(f"{c.starts_at[:10]} {c.title}（{c.keep_hours:g} / {c.drop_hours:g} 小时）" for c in conflicts[:5])
        super().__init__(f"两条记录在 {len(conflicts)} 次活动中都有出勤且时长不同：{lines}。请选择以哪条为准。")


@dataclass(frozen=True)
class Conflict:
    activity_id: int
    title: str
    starts_at: str
    keep_hours: float
    drop_hours: float


@dataclass(frozen=True)
class Difference:
    field: str
    label: str
    keep: str
    drop: str


def _rows(store, table: str, where: dict) -> list[dict]:
    return store.dicts(f"SELECT * FROM {table} WHERE {' AND '.join(f'{c} = ?' for c in where)}", list(where.values()))


def _row(store, table: str, rowid: int) -> dict:
    return _rows(store, table, {"rowid": rowid})[0]


@dataclass(frozen=True)
class _Schema:
    """Read from the database itself, once per merge, so a table added by a later migration moves too."""

    references: dict[str, list[tuple[str, str]]]  # table → (table, column) of the foreign keys pointing at it
    without_rowid: frozenset[str]

    @classmethod
    def of(cls, store) -> "_Schema":
        references: dict[str, list[tuple[str, str]]] = {}
        without_rowid = set()
        for name, sql in store.execute("SELECT name, upper(sql) FROM sqlite_master WHERE type = 'table' ORDER BY name"):
            if "WITHOUT ROWID" in sql:
                without_rowid.add(name)
            for fk in store.execute(f"PRAGMA foreign_key_list({name})").fetchall():
                references.setdefault(fk[2], []).append((name, fk[3]))
        return cls(references, frozenset(without_rowid))


def conflicts(store, keep: int, drop: int) -> list[Conflict]:
    return [Conflict(*r) for r in store.execute(
        "SELECT a.id, a.title, a.starts_at, k.hours, d.hours FROM participation k"
        " JOIN participation d ON d.activity_id = k.activity_id JOIN activity a ON a.id = k.activity_id"
        " WHERE k.volunteer_id = ? AND d.volunteer_id = ? AND (k.attended != d.attended OR k.hours != d.hours)"
        " ORDER BY a.starts_at", (keep, drop))]


def differences(store, keep: int, drop: int) -> list[Difference]:
    a, b = (asdict(roster.get_volunteer(store, vid).draft) for vid in (keep, drop))
    return [Difference(f, LABELS[f], _text(a[f]), _text(b[f])) for f in FIELDS if a[f] != b[f]]


def _text(value) -> str:
    return "" if value is None else str(value)


class _Undo(TypedDict):
    """What a merge changed, kept (as JSON) for `undo_merge`."""

    keep_row: dict  # the volunteer rows as they were
    drop_row: dict
    moved: list[list]  # [table, column, rowids] repointed from the dropped volunteer to the kept one
    removed: list[list]  # [table, row] deleted, children first
    added: list[list]  # [table, row] re-added under the kept volunteer
    roles: list[list]  # [rowid, role before] of the kept volunteer's memberships made leader


def merge(store, keep: int, drop: int, *, take: frozenset[str] = frozenset(), prefer: str | None = None) -> int:
    """Merge `drop` into `keep`; returns the merge's number (for undo). The kept record keeps its own
    fields except those in `take` (from the dropped one) and those it left empty. `prefer` ("keep" or
    "drop") says whose attendance counts where both attended one activity with different hours."""
    if keep == drop:
        raise UserError("不能把一条记录合并到它自己。")
    kept, dropped = (roster.get_volunteer(store, vid).draft for vid in (keep, drop))  # raise if missing
    clashes = conflicts(store, keep, drop)
    if clashes and prefer not in ("keep", "drop"):
        raise NeedsChoice(clashes)
    chosen = {f: getattr(dropped, f) if f in take or not getattr(kept, f) else getattr(kept, f) for f in FIELDS}
    draft, _ = roster.checked(VolunteerDraft(**chosen))
    with store.write():
        schema = _Schema.of(store)
        undo: _Undo = {"keep_row": _row(store, "volunteer", keep), "drop_row": _row(store, "volunteer", drop),
                       "moved": [], "removed": [], "added": [], "roles": []}
        _resolve_clashes(store, schema, keep, drop, prefer, undo)
        for table, column in schema.references["volunteer"]:
            if table in DERIVED:
                continue
            if table in schema.without_rowid:  # keyed by the volunteer itself: re-added under the kept one
                _rekey(store, table, column, drop, keep, undo)
                continue
            ids = [r[0] for r in store.execute(f"SELECT rowid FROM {table} WHERE {column} = ?", (drop,))]
            store.query_in(f"UPDATE {table} SET {column} = ? WHERE rowid IN ({{in}})", ids, prefix=(keep,))
            undo["moved"].append([table, column, ids])
        entries = [r[0] for r in store.execute(
            "SELECT id FROM audit_entry WHERE entity = 'volunteer' AND entity_id = ?", (drop,))]
        store.query_in("UPDATE audit_entry SET entity_id = ? WHERE id IN ({in})", entries, prefix=(keep,))
        undo["moved"].append(["audit_entry", "entity_id", entries])
        store.execute("DELETE FROM volunteer WHERE id = ?", (drop,))
        roster.overwrite_volunteer(store, keep, draft, now=datetime.now())
        merge_id = store.insert_row("volunteer_merge", {
            "kept_id": keep, "dropped_id": drop, "dropped_name": dropped.name, "merged_at": datetime.now(),
            "actor": audit.actor(), "undo": json.dumps(undo, ensure_ascii=False, default=str)})
        audit.record("merge", "volunteer", keep, dropped=drop, merge=merge_id, took=sorted(take), prefer=prefer)
        store.execute("UPDATE volunteer_merge SET entry_id = (SELECT max(id) FROM audit_entry) WHERE id = ?",
                      (merge_id,))
    return merge_id


def _resolve_clashes(store, schema: _Schema, keep: int, drop: int, prefer: str | None, undo: _Undo) -> None:
    """Rows the move would duplicate (one activity, team, request or star level held by both) are
    removed first, with what hangs on them (points credited for a removed attendance), and kept for undo."""
    for keep_row, drop_row, same in store.execute(
            "SELECT k.id, d.id, k.attended = d.attended AND k.hours = d.hours FROM participation k"
            " JOIN participation d ON d.activity_id = k.activity_id WHERE k.volunteer_id = ? AND d.volunteer_id = ?",
            (keep, drop)).fetchall():
        _remove(store, schema, "participation", keep_row if not same and prefer == "drop" else drop_row, undo)
    for table, key in (("team_member", "team_id"), ("recognition", "level")):
        for rowid, role in store.execute(
                f"SELECT d.rowid, {'d.role' if table == 'team_member' else 'NULL'} FROM {table} d JOIN {table} k"
                f" ON k.{key} = d.{key} WHERE d.volunteer_id = ? AND k.volunteer_id = ?", (drop, keep)).fetchall():
            if role == "leader":  # a leader of the team stays its leader
                kept = store.execute("SELECT rowid, role FROM team_member WHERE volunteer_id = ? AND team_id ="
                                     " (SELECT team_id FROM team_member WHERE rowid = ?)", (keep, rowid)).fetchone()
                undo["roles"].append(list(kept))
                store.execute("UPDATE team_member SET role = 'leader' WHERE rowid = ?", (kept[0],))
            _remove(store, schema, table, rowid, undo)
    for column in ("first_id", "second_id"):  # 不是同一人 marks of the dropped record go with it
        for row in _rows(store, "not_duplicate", {column: drop}):
            _delete(store, "not_duplicate", row, undo)


def _rekey(store, table: str, column: str, drop: int, keep: int, undo: _Undo) -> None:
    """Rows of a WITHOUT ROWID table keyed by the volunteer: removed, and added again under the kept
    record unless it already has that row (one request served by both: kept once)."""
    for row in _rows(store, table, {column: drop}):
        _delete(store, table, row, undo)
        moved = {**row, column: keep}
        names = list(moved)
        inserted = store.execute(f"INSERT OR IGNORE INTO {table} ({', '.join(names)}) VALUES"
                                 f" ({', '.join('?' * len(names))})", list(moved.values())).rowcount
        if inserted:
            undo["added"].append([table, moved])


def _delete_exactly(store, table: str, row: dict) -> None:
    """Delete the row with exactly these values (WITHOUT ROWID tables have no rowid to name it by)."""
    store.execute(f"DELETE FROM {table} WHERE {' AND '.join(f'{c} IS ?' for c in row)}", list(row.values()))


def _delete(store, table: str, row: dict, undo: _Undo) -> None:
    _delete_exactly(store, table, row)
    undo["removed"].append([table, row])


def _remove(store, schema: _Schema, table: str, rowid: int, undo: _Undo) -> None:
    """Delete a row and, first, every row that refers to it; each kept whole for undo (children first)."""
    row = _row(store, table, rowid)
    for child, column in schema.references.get(table, []):
        for (child_rowid,) in store.execute(f"SELECT rowid FROM {child} WHERE {column} = ?",
                                            (row.get("id", rowid),)).fetchall():
            _remove(store, schema, child, child_rowid, undo)
    store.execute(f"DELETE FROM {table} WHERE rowid = ?", (rowid,))
    undo["removed"].append([table, row])  # rowid tables have an id column: re-inserted with it


@dataclass(frozen=True)
class MergeRow:
    id: int
    kept_id: int
    dropped_id: int
    dropped_name: str
    merged_at: str
    actor: str
    undone_at: str | None


def merges(store) -> list[MergeRow]:
    return [MergeRow(*r) for r in store.execute(
        "SELECT id, kept_id, dropped_id, dropped_name, merged_at, actor, undone_at FROM volunteer_merge"
        " ORDER BY id DESC")]


def undo_merge(store, merge_id: int) -> None:
    """Put both records back as they were, if nothing was written since the merge."""
    found = store.execute("SELECT kept_id, dropped_id, undo, undone_at, entry_id FROM volunteer_merge WHERE id = ?",
                          (merge_id,)).fetchone()
    if found is None:
        raise UserError(f"找不到编号为 {merge_id} 的合并记录。")
    keep, drop, saved, undone_at, entry_id = found
    if undone_at:
        raise UserError(f"这次合并已在 {str(undone_at)[:16]} 撤销过了。")
    looking = ",".join("?" * len(LOOK_ONLY))
    later = store.execute(f"SELECT at, action FROM audit_entry WHERE id > ? AND action NOT IN ({looking})"
                          " ORDER BY id LIMIT 1", (entry_id, *sorted(LOOK_ONLY))).fetchone()
    if later is not None:
        raise UserError(f"合并之后已有新的记录写入（{str(later[0])[:16]} {audit.action_label(later[1])}），"
                        "不能再撤销。如确实不是同一人，请手工调整两条记录。")
    undo = json.loads(saved)
    with store.write():
        _put_back(store, "volunteer", undo["keep_row"])
        _reinsert(store, "volunteer", undo["drop_row"])
        for table, column, ids in undo["moved"]:
            store.query_in(f"UPDATE {table} SET {column} = ? WHERE rowid IN ({{in}})", ids, prefix=(drop,))
        for rowid, role in undo["roles"]:
            store.execute("UPDATE team_member SET role = ? WHERE rowid = ?", (role, rowid))
        for table, row in undo["added"]:
            _delete_exactly(store, table, row)
        for table, row in reversed(undo["removed"]):
            _reinsert(store, table, row)
        store.execute("UPDATE volunteer_merge SET undone_at = ? WHERE id = ?", (datetime.now(), merge_id))
        audit.record("unmerge", "volunteer", keep, dropped=drop, merge=merge_id)


def _reinsert(store, table: str, row: dict) -> None:
    columns = list(row)
    store.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                  [row[c] for c in columns])


def _put_back(store, table: str, row: dict) -> None:
    """A row that still exists gets its columns back (a REPLACE would delete it, cascading its rows away)."""
    columns = [c for c in row if c != "id"]
    store.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                  [row[c] for c in columns] + [row["id"]])


def summary(store, volunteer_id: int) -> dict[str, int]:
    """What a record holds that a merge would move (for the confirmation)."""
    counts = {}
    for label, sql in (("出勤记录", "SELECT count(*) FROM participation WHERE volunteer_id = ?"),
                       ("所属队伍", "SELECT count(*) FROM team_member WHERE volunteer_id = ?"),
                       ("证书", "SELECT count(*) FROM certificate WHERE volunteer_id = ?"),
                       ("积分明细", "SELECT count(*) FROM points_entry WHERE volunteer_id = ?"),
                       ("荣誉", "SELECT count(*) FROM honor WHERE volunteer_id = ?"),
                       ("群众点单", "SELECT count(*) FROM request_volunteer WHERE volunteer_id = ?")):
        counts[label] = store.scalar(sql, (volunteer_id,))
    return counts


per_store(globals())  # model queries run on the store each function is given
