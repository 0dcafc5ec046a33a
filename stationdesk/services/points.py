"""积分 and the 爱心超市: points earned by rules and by hand, spent on goods; a ledger that is only appended to.

Rules credit points when attendance is written (`credit_activity`, inside the same transaction), so the
ledger never lags the hours. A later hours correction adds the difference as a new line.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from stationdesk.domain.amounts import InvalidAmount, parse_amount, points_text
from stationdesk.domain.dates import required_date
from stationdesk.errors import UserError
from stationdesk.services import audit
from stationdesk.services.checks import unique_name
from stationdesk.store.database import per_store
from stationdesk.store.models import PointsEntry, Redemption, Setting, ShopItem

KEY = "points_rules"
SOURCE_LABELS = {"hours": "服务时长", "activity": "参加活动", "request": "完成点单", "manual": "手工调整",
                 "redemption": "兑换物品"}


# -- rules -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rates:
    """Points (in hundredths) per service hour, per activity attended and per request completed."""

    per_hour: int = 100
    per_activity: int = 0
    per_request: int = 100


def rates(store) -> Rates:
    row = Setting.get_or_none(Setting.key == KEY)
    return Rates(**json.loads(row.value)) if row else Rates()


def save_rates(store, per_hour: str, per_activity: str, per_request: str) -> Rates:
    values = {}
    for name, text, label in (("per_hour", per_hour, "每小时"), ("per_activity", per_activity, "每次活动"),
                              ("per_request", per_request, "每完成一单")):
        try:
            values[name] = 0 if str(text).strip() in ("", "0") else parse_amount(text)
        except InvalidAmount as exc:
            raise UserError(f"{label}积分：{exc}") from None
    with store.write():
        Setting.replace(key=KEY, value=json.dumps(values)).execute()
        audit.record("set_points_rules", "setting", None, **values)
    return Rates(**values)


# -- crediting (call inside the write that changed the attendance or the request) --------------------------
def credit_activity(store, activity_id: int, *, today: date | None = None, why: str = "") -> int:
    """Bring the activity's participants' points in line with their attendance and hours; returns lines added.
    A first credit is dated on the activity's day, a later change on the day it is made; a change of
    hours names `why` (the correction's reason), so no line is a bare number."""
    r = rates(store)
    rows = store.execute(
        "SELECT p.id, p.volunteer_id, p.attended, p.hours, a.title, a.starts_at,"
        " (SELECT coalesce(sum(hours_basis), 0) FROM points_entry e WHERE e.participation_id = p.id AND e.source = 'hours'),"
        " (SELECT coalesce(sum(hundredths), 0) FROM points_entry e WHERE e.participation_id = p.id AND e.source = 'activity')"
        " FROM participation p JOIN activity a ON a.id = p.activity_id WHERE p.activity_id = ?", (activity_id,)).fetchall()
    lines = []
    for pid, vid, attended, hours, title, starts_at, hours_posted, bonus_posted in rows:
        first = not hours_posted and not bonus_posted
        when = required_date(starts_at) if first else today or date.today()
        due_hours = hours if attended else 0.0
        change = round((due_hours - hours_posted) * r.per_hour)
        if change:
            said = f"{title}：服务 {due_hours:g} 小时" + (
                f"（原记 {hours_posted:g} 小时{'；' + why if why else ''}）" if hours_posted else "")
            lines.append((vid, change, "hours", said, pid, due_hours - hours_posted, when))
        if attended and not bonus_posted and r.per_activity:
            lines.append((vid, r.per_activity, "activity", f"参加：{title}", pid, 0.0, when))
        elif not attended and bonus_posted:
            lines.append((vid, -bonus_posted, "activity", f"撤销出勤：{title}", pid, 0.0, when))
    now = datetime.now()
    for vid, change, source, why, pid, basis, when in lines:
        PointsEntry.insert(volunteer=vid, hundredths=change, source=source, reason=why, participation=pid,
                           hours_basis=basis, entered_on=when, actor=audit.actor(), created_at=now).execute()
    return len(lines)


_NOT_CREDITED = ("FROM participation p JOIN activity a ON a.id = p.activity_id WHERE p.attended = 1"
                 " AND NOT EXISTS (SELECT 1 FROM points_entry e WHERE e.participation_id = p.id)")


def uncredited(store) -> int:
    """Attendance recorded while points were off, or before this version: never credited."""
    return store.scalar(f"SELECT count(*) {_NOT_CREDITED}")


def credit_past(store) -> int:
    """补记: credit every attendance never credited, at the current rates, dated on its activity's day.
    One statement (SQLite reads the uncredited rows before inserting any), so a county's years take
    seconds. Returns the lines added."""
    r = rates(store)
    kinds = []
    if r.per_hour:
        kinds.append("SELECT volunteer_id, CAST(round(hours * :per_hour) AS INTEGER), 'hours',"
                     " title || '：服务 ' || printf('%g', hours) || ' 小时（补记）', id, hours, day FROM todo"
                     " WHERE hours > 0")
    if r.per_activity:
        kinds.append("SELECT volunteer_id, :per_activity, 'activity', '参加：' || title || '（补记）', id, 0, day FROM todo")
    if not kinds:
        return 0
    with store.write():
        before = store.scalar("SELECT count(*) FROM points_entry")
        store.execute(
            "INSERT INTO points_entry (volunteer_id, hundredths, source, reason, participation_id, hours_basis,"
            " entered_on, actor, created_at) SELECT *, :actor, :now FROM ("
            f"WITH todo AS (SELECT p.id, p.volunteer_id, p.hours, a.title, substr(a.starts_at, 1, 10) AS day {_NOT_CREDITED})"
            f" {' UNION ALL '.join(kinds)})",
            {"per_hour": r.per_hour, "per_activity": r.per_activity, "actor": audit.actor(),
             "now": datetime.now().isoformat(" ")})
        added = store.scalar("SELECT count(*) FROM points_entry") - before
        audit.record("credit_past", "setting", None, lines=added)
    return added


def credit_request(store, request_id: int, volunteer_ids: list[int], what: str, *, today: date | None = None) -> None:
    per_request = rates(store).per_request
    if not per_request:
        return
    now = datetime.now()
    for vid in volunteer_ids:
        PointsEntry.insert(volunteer=vid, hundredths=per_request, source="request", reason=f"完成点单：{what}",
                           request=request_id, entered_on=today or date.today(), actor=audit.actor(),
                           created_at=now).execute()


# -- manual entries and balances ---------------------------------------------------------------------------
def balance(store, volunteer_id: int) -> int:
    return store.scalar("SELECT coalesce(sum(hundredths), 0) FROM points_entry WHERE volunteer_id = ?", (volunteer_id,))


def adjust(store, volunteer_id: int, amount: str, reason: str, *, today: date | None = None) -> int:
    """A manual line (e.g. +5 for 文明家庭评选, or −2 to correct a mistake). The ledger is never edited."""
    if not reason.strip():
        raise UserError("手工调整积分必须填写原因。")
    try:
        change = parse_amount(amount, allow_negative=True)
    except InvalidAmount as exc:
        raise UserError(f"积分：{exc}") from None
    with store.write():
        if change < 0 and balance(store, volunteer_id) + change < 0:
            raise UserError(f"扣减后积分为负：现有 {points_text(balance(store, volunteer_id))} 分。")
        entry = PointsEntry.insert(volunteer=volunteer_id, hundredths=change, source="manual", reason=reason.strip(),
                                   entered_on=today or date.today(), actor=audit.actor(),
                                   created_at=datetime.now()).execute()
        audit.record("adjust_points", "volunteer", volunteer_id, hundredths=change, reason=reason.strip())
    return entry


@dataclass(frozen=True)
class Account:
    volunteer_id: int
    name: str
    village_group: str
    earned: int
    spent: int

    @property
    def balance(self) -> int:
        return self.earned - self.spent


def account_ids(store, text: str = "") -> list[int]:
    """Volunteers with points, highest balance first (the points tally's balance index: 100,000 in
    ~55 ms). `text` is looked up by the roster's own search (name, pinyin, phone tail)."""
    from stationdesk.services import roster

    if not text.strip():
        return [r[0] for r in store.execute("SELECT volunteer_id FROM points_tally ORDER BY earned - spent DESC")]
    ids = roster.search_ids(store, text, status=None, limit=2000)
    rows = store.query_in("SELECT volunteer_id, earned - spent FROM points_tally WHERE volunteer_id IN ({in})", ids)
    return [vid for vid, _ in sorted(rows, key=lambda r: -r[1])]


def accounts_for(store, ids: list[int]) -> list[Account]:
    """The accounts of `ids`, in that order (a page of a list: a few hundred at a time)."""
    found = {r[0]: Account(*r) for r in store.query_in(
        "SELECT v.id, v.name, v.village_group, t.earned, t.spent FROM points_tally t"
        " JOIN volunteer v ON v.id = t.volunteer_id WHERE t.volunteer_id IN ({in})", ids)}
    return [found[i] for i in ids if i in found]


@dataclass(frozen=True)
class Line:
    entered_on: date
    source: str
    reason: str
    hundredths: int
    running: int


def ledger(store, volunteer_id: int) -> list[Line]:
    out, running = [], 0
    for on, source, reason, change in store.execute(
            "SELECT entered_on, source, reason, hundredths FROM points_entry WHERE volunteer_id = ? ORDER BY id",
            (volunteer_id,)):
        running += change
        out.append(Line(required_date(on), source, reason, change, running))
    return out


# -- the 爱心超市 ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Goods:
    id: int
    name: str
    price: int  # whole points
    stock: int
    unit: str
    archived: bool


def goods(store, *, include_archived: bool = False) -> list[Goods]:
    rows = store.execute("SELECT id, name, price, stock, unit, archived FROM shop_item"
                         + ("" if include_archived else " WHERE archived = 0") + " ORDER BY archived, price, name")
    return [Goods(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows]


def _whole(text, what: str, *, minimum: int) -> int:
    try:
        value = int(str(text).strip())
    except ValueError:
        raise UserError(f"{what}应为整数（收到“{text}”）") from None
    if value < minimum:
        raise UserError(f"{what}不能小于 {minimum}")
    return value


def save_goods(store, name: str, price, stock=0, unit: str = "件", *, item_id: int | None = None) -> int:
    """A new item (with its opening stock) or a changed name, price or unit; stock changes go through restock."""
    name = unique_name(ShopItem, name, item_id, what="物品名称", taken="爱心超市里已经有“{name}”了。")
    price = _whole(price, "兑换所需积分", minimum=1)
    with store.write():
        if item_id is None:
            item_id = ShopItem.insert(name=name, price=price, stock=_whole(stock, "库存", minimum=0),
                                      unit=unit.strip() or "件", created_at=datetime.now()).execute()
            audit.record("add", "shop_item", item_id, name=name, price=price)
        else:
            ShopItem.update(name=name, price=price, unit=unit.strip() or "件").where(ShopItem.id == item_id).execute()
            audit.record("edit", "shop_item", item_id, name=name, price=price)
    return item_id


def restock(store, item_id: int, change, reason: str = "") -> int:
    """Add goods (or take out damaged ones with a negative change); returns the new stock."""
    try:
        change = int(str(change).strip())
    except ValueError:
        change = 0
    if not change:
        raise UserError("请填写入库数量（减少库存用负数）")
    with store.write():
        stock = store.scalar("SELECT stock FROM shop_item WHERE id = ?", (item_id,))
        if stock is None:
            raise UserError("找不到这件物品。")
        if stock + change < 0:
            raise UserError(f"库存只有 {stock}，不能减少 {-change}。")
        ShopItem.update(stock=stock + change).where(ShopItem.id == item_id).execute()
        audit.record("restock", "shop_item", item_id, change=change, reason=reason.strip())
    return stock + change


def set_goods_archived(store, item_id: int, archived: bool) -> None:
    with store.write():
        ShopItem.update(archived=archived).where(ShopItem.id == item_id).execute()
        audit.record("archive" if archived else "restore", "shop_item", item_id)


@dataclass(frozen=True)
class Receipt:
    number: str
    volunteer: str
    goods: str
    unit: str
    quantity: int
    price: int
    redeemed_on: date
    balance_after: int
    operator: str

    @property
    def total(self) -> int:
        return self.quantity * self.price


def redeem(store, volunteer_id: int, item_id: int, quantity, *, today: date | None = None) -> int:
    """Exchange points for goods. Checked and written in one transaction: never overdraws points or stock."""
    quantity = _whole(quantity, "兑换数量", minimum=1)
    on = today or date.today()
    with store.write():
        item = ShopItem.get_or_none(ShopItem.id == item_id)
        if item is None or item.archived:
            raise UserError("这件物品已下架。")
        if item.stock < quantity:
            raise UserError(f"库存不足：“{item.name}”只剩 {item.stock} {item.unit}。")
        cost = item.price * quantity * 100
        held = balance(store, volunteer_id)
        if held < cost:
            raise UserError(f"积分不足：现有 {points_text(held)} 分，兑换需要 {points_text(cost)} 分。")
        rid = Redemption.insert(volunteer=volunteer_id, shop_item=item_id, quantity=quantity, price=item.price,
                                redeemed_on=on, created_at=datetime.now()).execute()
        ShopItem.update(stock=ShopItem.stock - quantity).where(ShopItem.id == item_id).execute()
        PointsEntry.insert(volunteer=volunteer_id, hundredths=-cost, source="redemption",
                           reason=f"兑换 {item.name} × {quantity}", redemption=rid, entered_on=on,
                           actor=audit.actor(), created_at=datetime.now()).execute()
        audit.record("redeem", "volunteer", volunteer_id, item=item.name, quantity=quantity, points=item.price * quantity)
    return rid


def receipt(store, redemption_id: int) -> Receipt:
    row = store.execute(
        "SELECT r.id, v.name, s.name, s.unit, r.quantity, r.price, r.redeemed_on, r.volunteer_id, e.actor,"
        " (SELECT sum(hundredths) FROM points_entry x WHERE x.volunteer_id = r.volunteer_id AND x.id <= e.id)"
        " FROM redemption r JOIN volunteer v ON v.id = r.volunteer_id JOIN shop_item s ON s.id = r.shop_item_id"
        " JOIN points_entry e ON e.redemption_id = r.id WHERE r.id = ?", (redemption_id,)).fetchone()
    if row is None:
        raise UserError("找不到这次兑换。")
    on = required_date(row[6])
    handler = "" if row[8] == audit.UNNAMED else row[8]  # blank: signed by hand on the paper
    return Receipt(f"DH{on:%Y}-{row[0]:05d}", row[1], row[2], row[3], row[4], row[5], on, row[9], handler)


class Exchange(NamedTuple):
    """One exchange in the list of recent ones (a row of the 积分兑换 page's table, in this order)."""

    id: int
    on: date
    volunteer: str
    goods: str
    quantity: int
    points: int


def redemptions(store, *, limit: int = 200) -> list[Exchange]:
    """Recent exchanges, the newest first."""
    return [Exchange(r[0], required_date(r[1]), r[2], r[3], r[4], r[5]) for r in store.execute(
        "SELECT r.id, r.redeemed_on, v.name, s.name, r.quantity, r.quantity * r.price FROM redemption r"
        " JOIN volunteer v ON v.id = r.volunteer_id JOIN shop_item s ON s.id = r.shop_item_id"
        " ORDER BY r.id DESC LIMIT ?", (limit,))]


def totals(store, start: date, end_exclusive: date) -> dict:
    """Points issued and redeemed in a period, for the statistics: whole years and months from the
    period tally (migration 9, one row each), any other span by summing the lines."""
    keys = _whole_periods(start, end_exclusive)
    if keys is not None:
        issued, redeemed = store.query_in(
            "SELECT coalesce(sum(issued), 0), coalesce(sum(redeemed), 0) FROM points_period WHERE period IN ({in})",
            keys)[0]
    else:
        issued, redeemed = store.execute(
            "SELECT coalesce(sum(CASE WHEN source != 'redemption' THEN hundredths END), 0),"
            " coalesce(-sum(CASE WHEN source = 'redemption' THEN hundredths END), 0)"
            " FROM points_entry WHERE entered_on >= ? AND entered_on < ?",
            (start.isoformat(), end_exclusive.isoformat())).fetchone()
    return {"points_issued": issued / 100, "points_redeemed": redeemed / 100}


def _whole_periods(start: date, end_exclusive: date) -> list[str] | None:
    """'YYYY' for a whole year, else the 'YYYY-MM' of each whole month; None when the span cuts a month."""
    if start.day != 1 or end_exclusive.day != 1 or end_exclusive <= start:
        return None
    if start.month == 1 and end_exclusive == date(start.year + 1, 1, 1):
        return [str(start.year)]
    keys, day = [], start
    while day < end_exclusive:
        keys.append(f"{day:%Y-%m}")
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return keys


per_store(globals())  # model queries run on the store each function is given
