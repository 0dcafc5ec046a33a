"""结对共建: civilized units, pairing agreements, their commitments and the yearly fulfilment."""

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from stationdesk.domain.dates import as_date, required_date
from stationdesk.domain.ids import UnitId, VolunteerId
from stationdesk.domain.masking import mask_phone
from stationdesk.domain.pairing import (
    CO_HOSTED,
    EXPIRING_WITHIN,
    Term,
    check_term,
    fulfilment,
)
from stationdesk.errors import UserError
from stationdesk.services import audit
from stationdesk.services.checks import optional_phone, unique_name
from stationdesk.store.database import per_store
from stationdesk.store.models import CivilizedUnit, Commitment, CommitmentEntry, Pairing

DEFAULT_COMMITMENTS = (
    ("阵地共享", "双方互相开放场地，共享活动阵地", 4),
    ("活动共办", "共同举办新时代文明实践活动", 4),
    ("队伍共育", "共同开展志愿者培训，培育志愿服务队伍", 2),
    ("项目共推", "共同推进志愿服务项目", 1),
)


@dataclass(frozen=True)
class UnitDraft:
    name: str = ""
    title_level: str = ""
    title_year: int | None = None
    kind: str = ""
    address: str = ""
    contact_person: str = ""
    contact_phone: str = ""
    liaison_volunteer_id: int | None = None
    note: str = ""


@dataclass(frozen=True)
class UnitRow:
    id: int
    name: str
    title_level: str
    title_year: int | None
    kind: str
    contact_person: str
    contact_phone_masked: str
    liaison: str
    archived: bool
    pairings: int


@dataclass(frozen=True)
class PairingRow:
    id: int
    unit_id: int
    unit_name: str
    signed_on: date
    starts_on: date
    ends_on: date
    unit_signatory: str
    station_signatory: str
    ended_early_on: date | None
    end_reason: str
    status: str

    @property
    def term(self) -> Term:
        return Term(self.starts_on, self.ends_on, self.ended_early_on)


@dataclass(frozen=True)
class CommitmentRow:
    id: int
    aspect: str
    text: str
    target: int
    done: int
    status: str
    evidence: list[tuple[date, str]] = field(default_factory=list)  # what counted, for the report


# -- units ---------------------------------------------------------------------------------------------------
def _checked_unit(draft: UnitDraft, unit_id: int | None = None) -> UnitDraft:
    name = unique_name(CivilizedUnit, draft.name, unit_id, what="单位名称", taken="已经登记过“{name}”了。")
    phone = optional_phone(draft.contact_phone)
    return UnitDraft(**{**asdict(draft), "name": name, "contact_phone": phone})


def add_unit(store, draft: UnitDraft) -> int:
    draft = _checked_unit(draft)
    with store.write():
        unit_id = CivilizedUnit.insert(**asdict(draft), created_at=datetime.now()).execute()
        audit.record("add", "unit", unit_id, name=draft.name)
    return unit_id


def update_unit(store, unit_id: int, draft: UnitDraft) -> None:
    draft = _checked_unit(draft, unit_id)
    with store.write():
        CivilizedUnit.update(**asdict(draft)).where(CivilizedUnit.id == unit_id).execute()
        audit.record("edit", "unit", unit_id, name=draft.name)


def unit_draft(store, unit_id: int) -> UnitDraft:
    u = CivilizedUnit.get_or_none(CivilizedUnit.id == unit_id)
    if u is None:
        raise UserError("找不到这个单位。")
    return UnitDraft(name=u.name, title_level=u.title_level, title_year=u.title_year, kind=u.kind, address=u.address,
                     contact_person=u.contact_person, contact_phone=u.contact_phone,
                     liaison_volunteer_id=u.liaison_volunteer_id, note=u.note)


def set_unit_archived(store, unit_id: int, archived: bool) -> None:
    """Units are archived, never deleted: their pairings are part of the station's record."""
    with store.write():
        CivilizedUnit.update(archived=archived).where(CivilizedUnit.id == unit_id).execute()
        audit.record("archive" if archived else "restore", "unit", unit_id)


def list_units(store, *, include_archived: bool = False) -> list[UnitRow]:
    rows = store.execute(
        "SELECT u.id, u.name, u.title_level, u.title_year, u.kind, u.contact_person, u.contact_phone,"
        " coalesce(v.name, ''), u.archived, (SELECT count(*) FROM pairing p WHERE p.unit_id = u.id)"
        " FROM civilized_unit u LEFT JOIN volunteer v ON v.id = u.liaison_volunteer_id"
        f" {'' if include_archived else 'WHERE u.archived = 0'} ORDER BY u.name").fetchall()
    return [UnitRow(r[0], r[1], r[2], r[3], r[4], r[5], mask_phone(r[6]), r[7], bool(r[8]), r[9]) for r in rows]


# -- pairings ------------------------------------------------------------------------------------------------
_PAIRING_COLUMNS = ("p.id, p.unit_id, u.name, p.signed_on, p.starts_on, p.ends_on, p.unit_signatory,"
                    " p.station_signatory, p.ended_early_on, p.end_reason")
_PAIRING_SQL = f"SELECT {_PAIRING_COLUMNS} FROM pairing p JOIN civilized_unit u ON u.id = p.unit_id"


def _pairing_row(r, today: date) -> PairingRow:
    term = Term(required_date(r[4]), required_date(r[5]), as_date(r[8]))
    return PairingRow(r[0], r[1], r[2], required_date(r[3]), term.starts_on, term.ends_on, r[6], r[7], term.ended_early_on,
                      r[9], term.status(today))


def list_pairings(store, *, unit_id: int | None = None, today: date | None = None) -> list[PairingRow]:
    today = today or date.today()
    where, params = ("WHERE p.unit_id = ?", (unit_id,)) if unit_id else ("", ())
    return [_pairing_row(r, today) for r in store.execute(f"{_PAIRING_SQL} {where} ORDER BY p.starts_on DESC, p.id",
                                                          params)]


def get_pairing(store, pairing_id: int, *, today: date | None = None) -> PairingRow:
    r = store.execute(f"{_PAIRING_SQL} WHERE p.id = ?", (pairing_id,)).fetchone()
    if r is None:
        raise UserError(f"找不到编号为 {pairing_id} 的结对协议。")
    return _pairing_row(r, today or date.today())


def create_pairing(store, unit_id: int, *, signed_on: date, starts_on: date, ends_on: date,
                   unit_signatory: str = "", station_signatory: str = "",
                   commitments=DEFAULT_COMMITMENTS) -> int:
    """Record an agreement with its commitments (the four aspects by default). A unit may pair again
    after a term ends, but two agreements with one unit may not overlap."""
    problems = check_term(starts_on, ends_on, signed_on)
    if problems:
        raise UserError("；".join(problems))
    for other in list_pairings(store, unit_id=unit_id):
        if starts_on <= other.term.last_day and other.starts_on <= ends_on:
            raise UserError(f"与这个单位已有 {other.starts_on}至{other.term.last_day} 的结对协议，时间重叠。"
                            "请先提前终止原协议，或调整新协议的起止日期。")
    for _, _, target in commitments:
        _check_target(target)
    with store.write():
        pairing_id = Pairing.insert(unit=unit_id, signed_on=signed_on, starts_on=starts_on, ends_on=ends_on,
                                    unit_signatory=unit_signatory.strip(), station_signatory=station_signatory.strip(),
                                    created_at=datetime.now()).execute()
        for aspect, text, target in commitments:
            Commitment.insert(pairing=pairing_id, aspect=aspect, text=text, yearly_target=target).execute()
        audit.record("add", "pairing", pairing_id, unit_id=unit_id)
    return pairing_id


def end_pairing(store, pairing_id: int, *, on: date, reason: str) -> None:
    p = get_pairing(store, pairing_id)
    if not reason.strip():
        raise UserError("提前终止协议必须填写原因。")
    if not p.starts_on <= on <= p.ends_on:
        raise UserError("终止日期应在协议期限之内。")
    with store.write():
        Pairing.update(ended_early_on=on, end_reason=reason.strip()).where(Pairing.id == pairing_id).execute()
        audit.record("end", "pairing", pairing_id, on=on, reason=reason.strip())


def _check_target(target) -> None:
    if not isinstance(target, int) or isinstance(target, bool) or target <= 0:
        raise UserError("年度目标应为正整数（每年至少几次）。")


def add_commitment(store, pairing_id: int, *, aspect: str, text: str, target: int) -> int:
    get_pairing(store, pairing_id)
    _check_target(target)
    if not aspect.strip() or not text.strip():
        raise UserError("请填写共建方面和承诺内容。")
    with store.write():
        cid = Commitment.insert(pairing=pairing_id, aspect=aspect.strip(), text=text.strip(),
                                yearly_target=target).execute()
        audit.record("add_commitment", "pairing", pairing_id, aspect=aspect)
    return cid


def log_entry(store, commitment_id: int, *, happened_on: date, what: str, people: int = 0) -> int:
    """Record something done for a commitment (co-hosted activities are counted from the activity list)."""
    c = Commitment.get_or_none(Commitment.id == commitment_id)
    if c is None:
        raise UserError("找不到这项承诺。")
    p = get_pairing(store, c.pairing_id)
    if c.aspect == CO_HOSTED:
        raise UserError("“活动共办”按关联到本协议的活动自动计数：请在活动中选择结对单位。")
    if not p.starts_on <= happened_on <= p.term.last_day:
        raise UserError(f"日期不在协议期限（{p.starts_on}至{p.term.last_day}）之内。")
    if not what.strip():
        raise UserError("请填写做了什么。")
    with store.write():
        entry = CommitmentEntry.insert(commitment=commitment_id, happened_on=happened_on, what=what.strip(),
                                       people=max(people, 0), created_at=datetime.now()).execute()
        audit.record("log", "commitment", commitment_id, on=happened_on)
    return entry


def fulfilment_for_year(store, pairing_id: int, year: int, *, today: date | None = None) -> list[CommitmentRow]:
    """Per commitment: the target, what was done in the part of `year` the agreement covers, and whether
    that is met, on track or behind. 活动共办 counts linked activities that took place."""
    today = today or date.today()
    return year_fulfilment(store, [get_pairing(store, pairing_id, today=today)], year, today=today)[pairing_id]


def year_fulfilment(store, chosen: list[PairingRow], year: int, *, today: date,
                    evidence: bool = True) -> dict[int, list[CommitmentRow]]:
    """`fulfilment_for_year` of many agreements in three queries, not four per commitment: a county's
    2,500 agreements for 首页 and the statistics, which need only the counts (`evidence=False`: no evidence
    and no commitment text in the rows). The year's evidence is read once and counted where it falls
    inside each agreement's part of the year."""
    spans = {p.id: p.term.year_span(year) for p in chosen}
    bounds = {pid: (span[0].isoformat(), span[1].isoformat()) for pid, span in spans.items() if span}
    ids = list(spans)
    first, last = date(year, 1, 1), date(year, 12, 31)

    def rows_of(sql: str, params: tuple, key: str) -> list[tuple]:
        """A few agreements: by their ids. Many (a county's statistics): every row in one pass, the
        others' skipped below — 2,500 ids in chunks would read the year's rows five times."""
        if len(ids) <= 50:
            return store.query_in(f"{sql} AND {key} IN ({{in}})", ids, prefix=params)
        return store.execute(f"{sql} AND {key} IS NOT NULL", params).fetchall()

    found: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)  # ("entry", commitment) / ("hosted", pairing)
    for cid, pid, day, what in rows_of(
            "SELECT e.commitment_id, c.pairing_id, e.happened_on, e.what FROM commitment_entry e"
            " JOIN commitment c ON c.id = e.commitment_id WHERE e.happened_on BETWEEN ? AND ?",
            (first, last), "c.pairing_id"):
        if pid in bounds and bounds[pid][0] <= day[:10] <= bounds[pid][1]:
            found["entry", cid].append((day[:10], what))
    for pid, starts, title in rows_of(  # +: the pairing index (few rows), not the year's 40,000 activities
            "SELECT pairing_id, starts_at, title FROM activity WHERE +status = 'done' AND +starts_at >= ?"
            " AND +starts_at < ?", (first.isoformat(), date(year + 1, 1, 1).isoformat()), "pairing_id"):
        if pid in bounds and bounds[pid][0] <= starts[:10] <= bounds[pid][1]:
            found["hosted", pid].append((starts, title))
    out: dict[int, list[CommitmentRow]] = {pid: [] for pid in ids}
    # Counts only (evidence=False: 首页 and the statistics over a county's 10,000 commitments) leave the
    # commitments' text unread; .get, not found[...], so no empty list is made for each of them.
    text = "text" if evidence else "''"
    for cid, pid, aspect, words, target in sorted(rows_of(
            f"SELECT id, pairing_id, aspect, {text}, yearly_target FROM commitment WHERE 1", (), "pairing_id")):
        if pid in out:
            done = found.get(("hosted", pid) if aspect == CO_HOSTED else ("entry", cid), ())
            shown = [(required_date(day), what) for day, what in sorted(done)] if evidence else []
            out[pid].append(CommitmentRow(cid, aspect, words, target, len(done),
                                          fulfilment(target, len(done), spans[pid], today), shown))
    return out


@dataclass(frozen=True)
class Attention:
    """首页's 结对共建: how many agreements have a commitment behind this year, how many end within 60
    days, and the first of those items (an agreement may give both) in the agreements' list order."""

    late: int
    ending: int
    items: list[tuple[PairingRow, str]]


# `fulfilment` in SQL. Only an agreement in force today (started, not expired, not ended early) can be
# ending soon or behind, and its part of this year reaches today: a commitment is behind when it has done
# fewer than its target × the elapsed share of that part (at most 1; `:share` for a whole year, the same
# for most agreements: julianday is a parse per call). An agreement is late at its first commitment behind.
_BEHIND = """FROM commitment c WHERE c.pairing_id = s.id AND CAST(c.yearly_target * s.elapsed AS INTEGER) > CASE
    WHEN c.aspect = :hosted THEN (SELECT count(*) FROM activity a WHERE a.pairing_id = s.id AND a.status = 'done'
                                  AND substr(a.starts_at, 1, 10) BETWEEN s.first AND s.last)
    ELSE (SELECT count(*) FROM commitment_entry e WHERE e.commitment_id = c.id
          AND e.happened_on BETWEEN s.first AND s.last) END"""
_ATTENTION_SQL = f"""
WITH current AS (
  SELECT *, CASE WHEN first = :first AND last = :last THEN :share
            ELSE (julianday(:today) - julianday(first) + 1) / (julianday(last) - julianday(first) + 1) END AS elapsed
  FROM (SELECT id, starts_on, ends_on <= :soon AS expiring, max(starts_on, :first) AS first,
               min(coalesce(ended_early_on, ends_on), :last) AS last
        FROM pairing WHERE starts_on <= :today AND ends_on >= :today
                           AND (ended_early_on IS NULL OR ended_early_on > :today))
), flagged AS MATERIALIZED (
  SELECT s.*, EXISTS (SELECT 1 {_BEHIND}) AS late FROM current s
)
SELECT {_PAIRING_COLUMNS}, s.expiring,
       CASE WHEN s.late THEN (SELECT group_concat(aspect, '、') FROM (SELECT c.aspect {_BEHIND} ORDER BY c.id)) END,
       (SELECT sum(expiring) FROM flagged), (SELECT sum(late) FROM flagged)
FROM (SELECT * FROM flagged WHERE expiring OR late ORDER BY starts_on DESC, id LIMIT :limit) s
JOIN pairing p ON p.id = s.id JOIN civilized_unit u ON u.id = p.unit_id ORDER BY p.starts_on DESC, p.id"""


def needing_attention(store, *, today: date, limit: int = -1) -> Attention:
    """Agreements expiring within 60 days, or with a commitment behind this year (for 首页, at most
    `limit` items), in one query: a county's 2,500 agreements in milliseconds, where building every
    agreement's fulfilment for the year took 140 ms on each save."""
    first, last = date(today.year, 1, 1), date(today.year, 12, 31)
    params = {"today": today.isoformat(), "soon": (today + EXPIRING_WITHIN).isoformat(), "hosted": CO_HOSTED,
              "first": first.isoformat(), "last": last.isoformat(), "limit": limit,
              "share": ((today - first).days + 1) / ((last - first).days + 1)}
    items, late, ending = [], 0, 0
    for r in store.execute(_ATTENTION_SQL, params):
        p = _pairing_row(r, today)
        expiring, behind, ending, late = r[10:]
        if expiring:
            items.append((p, f"将于 {p.ends_on} 到期"))
        if behind:
            items.append((p, "本年落后：" + behind))
    return Attention(late, ending, items[:limit] if limit >= 0 else items)


def pairing_choices(store, *, on: date) -> list[tuple[int, str]]:
    """(pairing id, unit name) for the agreements in force on a day — for linking an activity."""
    return [(p.id, p.unit_name) for p in list_pairings(store, today=on)
            if p.starts_on <= on <= p.term.last_day]




@dataclass(frozen=True)
class PairingPapers:
    """Everything the agreement, the yearly report and the thank-you letter print."""

    pairing: PairingRow
    unit: UnitDraft
    rows: list[CommitmentRow]
    liaison: str


def papers(store, pairing_id: int, year: int, *, today: date | None = None) -> PairingPapers:
    p = get_pairing(store, pairing_id, today=today)
    unit = unit_draft(store, p.unit_id)
    liaison = store.scalar("SELECT name FROM volunteer WHERE id = ?", (unit.liaison_volunteer_id,)) or ""
    return PairingPapers(p, unit, fulfilment_for_year(store, pairing_id, year, today=today), liaison)


MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ATTACHMENT_TYPES = (".pdf", ".jpg", ".jpeg", ".png")


def attach_scan(store, pairing_id: int, path) -> None:
    """Keep the signed agreement's scan with the record (in the database, so backups include it)."""
    from pathlib import Path

    path = Path(path)
    get_pairing(store, pairing_id)
    if path.suffix.lower() not in ATTACHMENT_TYPES:
        raise UserError("扫描件请使用 PDF、JPG 或 PNG 文件。")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取文件：{path}") from exc
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise UserError("扫描件超过 20 MB，请降低扫描分辨率后再试。")
    with store.write():
        Pairing.update(attachment_name=path.name, attachment=data).where(Pairing.id == pairing_id).execute()
        audit.record("attach", "pairing", pairing_id, file=path.name)


def scan_of(store, pairing_id: int) -> tuple[str, bytes] | None:
    row = store.execute("SELECT attachment_name, attachment FROM pairing WHERE id = ?", (pairing_id,)).fetchone()
    return (row[0], bytes(row[1])) if row and row[1] is not None else None


def set_liaison(store, unit_id: UnitId, volunteer_id: VolunteerId | None) -> None:
    with store.write():
        CivilizedUnit.update(liaison_volunteer=volunteer_id).where(CivilizedUnit.id == unit_id).execute()
        audit.record("set_liaison", "unit", unit_id, volunteer_id=volunteer_id)


per_store(globals())  # model queries run on the store each function is given
