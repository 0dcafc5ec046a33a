"""Funds: money received (文明实践基金, 专项资金, donations) and spent, in fen; entries are reversed, never edited."""

from dataclasses import dataclass
from datetime import date, datetime

from stationdesk.domain.amounts import InvalidAmount, parse_amount
from stationdesk.domain.dates import required_date
from stationdesk.errors import UserError
from stationdesk.services import audit
from stationdesk.store.database import per_store
from stationdesk.store.models import FundEntry

SOURCES = ("文明实践基金", "专项资金", "上级拨款", "社会捐赠", "其他")
IN, OUT = "in", "out"


@dataclass(frozen=True)
class FundRow:
    id: int
    entered_on: date
    direction: str
    source: str
    fen: int
    purpose: str
    activity: str
    project: str
    voucher: str


@dataclass(frozen=True)
class SourceBalance:
    source: str
    opening: int
    received: int
    spent: int

    @property
    def closing(self) -> int:
        return self.opening + self.received - self.spent


def source_balance(store, source: str, *, until: date | None = None) -> int:
    """Fen held for `source` (up to and including `until`)."""
    return store.scalar(
        "SELECT coalesce(sum(CASE direction WHEN 'in' THEN fen ELSE -fen END), 0) FROM fund_entry WHERE source = ?"
        + (" AND entered_on <= ?" if until else ""), (source, until.isoformat()) if until else (source,))


def add_entry(store, *, entered_on: date, direction: str, source: str, amount, purpose: str,
              activity_id: int | None = None, project: str = "", voucher: str = "",
              reverses: int | None = None) -> int:
    if direction not in (IN, OUT):
        raise UserError("请选择收入或支出。")
    source = source.strip()
    if not source:
        raise UserError("请选择资金来源。")
    if not purpose.strip():
        raise UserError("请填写摘要（收到什么钱 / 用于什么）。")
    try:
        fen = parse_amount(amount)
    except InvalidAmount as exc:
        raise UserError(f"金额：{exc}") from None
    with store.write():
        if direction == OUT:
            held = source_balance(store, source)
            if fen > held:
                raise UserError(f"“{source}”余额只有 {held / 100:,.2f} 元，不能支出 {fen / 100:,.2f} 元。")
        eid = FundEntry.insert(entered_on=entered_on, direction=direction, source=source, fen=fen,
                               purpose=purpose.strip(), activity=activity_id, project=project.strip(),
                               voucher=voucher.strip(), reverses=reverses, actor=audit.actor(),
                               created_at=datetime.now()).execute()
        audit.record("fund", "fund_entry", eid, direction=direction, source=source, fen=fen)
    return eid


def reverse_entry(store, entry_id: int, reason: str, *, on: date | None = None) -> int:
    """冲销: an entry made in error is cancelled by an opposite entry, so the books show both."""
    e = FundEntry.get_or_none(FundEntry.id == entry_id)
    if e is None:
        raise UserError("找不到这笔记录。")
    if not reason.strip():
        raise UserError("冲销必须填写原因。")
    if FundEntry.get_or_none(FundEntry.reverses == entry_id) is not None:
        raise UserError(f"第 {entry_id} 笔已经冲销过了。")
    return add_entry(store, entered_on=on or date.today(), direction=OUT if e.direction == IN else IN,
                     source=e.source, amount=f"{e.fen / 100:.2f}", purpose=f"冲销第 {entry_id} 笔：{reason.strip()}",
                     reverses=entry_id)


def entries(store, year: int) -> list[FundRow]:
    """The year's entries in the order they were made."""
    return entries_by_id(store, entry_ids(store, year)[::-1])


def entry_ids(store, year: int) -> list[int]:
    """The year's entries newest first, as the page lists them (a county's 10,000 a year)."""
    return [r[0] for r in store.execute("SELECT id FROM fund_entry WHERE entered_on >= ? AND entered_on < ?"
                                        " ORDER BY entered_on DESC, id DESC", (f"{year}-01-01", f"{year + 1}-01-01"))]


def entries_by_id(store, ids: list[int]) -> list[FundRow]:
    found = {r[0]: FundRow(r[0], required_date(r[1]), *r[2:]) for r in store.query_in(
        "SELECT f.id, f.entered_on, f.direction, f.source, f.fen, f.purpose, coalesce(a.title, ''), f.project,"
        " f.voucher FROM fund_entry f LEFT JOIN activity a ON a.id = f.activity_id WHERE f.id IN ({in})", ids)}
    return [found[i] for i in ids]


def balances(store, year: int) -> list[SourceBalance]:
    """Per source: carried over from earlier years, received and spent this year, and the balance."""
    rows = store.execute(
        "SELECT source,"
        " sum(CASE WHEN entered_on < :start THEN (CASE direction WHEN 'in' THEN fen ELSE -fen END) ELSE 0 END),"
        " sum(CASE WHEN entered_on >= :start AND entered_on < :end AND direction = 'in' THEN fen ELSE 0 END),"
        " sum(CASE WHEN entered_on >= :start AND entered_on < :end AND direction = 'out' THEN fen ELSE 0 END)"
        " FROM fund_entry WHERE entered_on < :end GROUP BY source",
        {"start": f"{year}-01-01", "end": f"{year + 1}-01-01"})
    found = {r[0]: SourceBalance(*r) for r in rows}
    order = [s for s in SOURCES if s in found] + sorted(s for s in found if s not in SOURCES)
    return [found[s] for s in order]


def totals(store, start: date, end_exclusive: date) -> dict:
    received, spent = store.execute(
        "SELECT coalesce(sum(CASE direction WHEN 'in' THEN fen END), 0), coalesce(sum(CASE direction WHEN 'out'"
        " THEN fen END), 0) FROM fund_entry WHERE entered_on >= ? AND entered_on < ?",
        (start.isoformat(), end_exclusive.isoformat())).fetchone()
    return {"funds_in": f"{received / 100:.2f}", "funds_out": f"{spent / 100:.2f}"}


per_store(globals())  # model queries run on the store each function is given
