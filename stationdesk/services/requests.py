"""服务菜单 and the 四单 (点单 → 派单 → 接单 → 完成 → 评单): residents' requests and who served them."""

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from stationdesk.domain import requests as flow
from stationdesk.domain.activity import ActivityDraft
from stationdesk.domain.dates import as_date, as_datetime, required_datetime
from stationdesk.domain.masking import mask_phone
from stationdesk.errors import UserError
from stationdesk.services import activities, attendance, audit, points
from stationdesk.services.checks import optional_phone, unique_name
from stationdesk.store.database import per_store
from stationdesk.store.models import MenuItem, RequestVolunteer, ServiceRequest

DISPATCH_WITHIN_DAYS = 2  # a request waiting longer than this for 派单 shows on 首页


# -- the menu --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MenuRow:
    id: int
    name: str
    category: str
    description: str
    team_id: int | None
    team: str
    archived: bool


def list_menu(store, *, include_archived: bool = False) -> list[MenuRow]:
    rows = store.execute(
        "SELECT m.id, m.name, m.category, m.description, m.team_id, coalesce(t.name, ''), m.archived FROM menu_item m"
        " LEFT JOIN team t ON t.id = m.team_id" + ("" if include_archived else " WHERE m.archived = 0")
        + " ORDER BY m.archived, m.category, m.name")
    return [MenuRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6])) for r in rows]


def save_menu_item(store, name: str, *, category: str = "", description: str = "", team_id: int | None = None,
                   item_id: int | None = None) -> int:
    name = unique_name(MenuItem, name, item_id, what="服务项目名称", taken="服务菜单里已经有“{name}”了。")
    values = dict(name=name, category=category.strip(), description=description.strip(), team=team_id)
    with store.write():
        if item_id is None:
            item_id = MenuItem.insert(**values, created_at=datetime.now()).execute()
            audit.record("add", "menu_item", item_id, name=name)
        else:
            MenuItem.update(**values).where(MenuItem.id == item_id).execute()
            audit.record("edit", "menu_item", item_id, name=name)
    return item_id


def set_menu_archived(store, item_id: int, archived: bool) -> None:
    with store.write():
        MenuItem.update(archived=archived).where(MenuItem.id == item_id).execute()
        audit.record("archive" if archived else "restore", "menu_item", item_id)


# -- requests --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RequestDraft:
    resident_name: str = ""
    resident_phone: str = ""
    village_group: str = ""
    what: str = ""
    menu_item_id: int | None = None
    wanted_on: date | None = None


@dataclass(frozen=True)
class RequestRow:
    id: int
    resident_name: str
    phone_masked: str
    village_group: str
    what: str
    menu_item: str
    wanted_on: date | None
    state: str
    requested_at: datetime
    team: str
    volunteers: str
    due_on: date | None
    done_at: datetime | None
    outcome: str
    rating: int | None
    review: str
    activity_id: int | None

    @property
    def number(self) -> str:
        return f"DD{self.requested_at:%Y}-{self.id:04d}"

    @property
    def state_label(self) -> str:
        return flow.STATE_LABELS[self.state]

    def overdue(self, today: date) -> bool:
        return self.state in flow.OPEN_STATES and self.due_on is not None and self.due_on < today

    def waiting_dispatch(self, today: date) -> bool:
        return self.state == flow.REQUESTED and (today - self.requested_at.date()).days > DISPATCH_WITHIN_DAYS


def create_request(store, draft: RequestDraft, *, now: datetime | None = None) -> int:
    """点单: a resident asks (by phone or at the station) for a menu item or something in their own words."""
    name = draft.resident_name.strip()
    if not name:
        raise UserError("请填写群众姓名。")
    what = draft.what.strip()
    if not what and draft.menu_item_id is not None:
        what = MenuItem.get_by_id(draft.menu_item_id).name
    if not what:
        raise UserError("请填写需要什么服务（或从服务菜单中选择）。")
    phone = optional_phone(draft.resident_phone)
    values = {**asdict(draft), "resident_name": name, "what": what, "resident_phone": phone,
              "village_group": draft.village_group.strip()}
    with store.write():
        rid = ServiceRequest.insert(**values, menu_item=values.pop("menu_item_id"), state=flow.REQUESTED,
                                    requested_at=now or datetime.now()).execute()
        audit.record("request", "service_request", rid, what=what)
    return rid


def _move(store, request_id: int, target: str) -> ServiceRequest:
    """The request, after checking it may take the step to `target` (call inside the write)."""
    r = ServiceRequest.get_or_none(ServiceRequest.id == request_id)
    if r is None:
        raise UserError("找不到这条需求。")
    why = flow.check_step(r.state, target)
    if why:
        raise UserError(why)
    return r


def _active_volunteers(store, volunteer_ids) -> list[int]:
    ids = sorted(set(volunteer_ids))
    archived = [n for (n,) in store.query_in("SELECT name FROM volunteer WHERE status != 'active' AND id IN ({in})", ids)]
    if archived:
        raise UserError(f"{'、'.join(archived)} 已归档，不能派单给已归档的志愿者。")
    return ids


def dispatch(store, request_id: int, *, due_on: date, team_id: int | None = None, volunteer_ids=(),
             now: datetime | None = None) -> None:
    """派单 to a team and/or named volunteers, to be done by `due_on`."""
    if team_id is None and not volunteer_ids:
        raise UserError("请选择承接的服务队或志愿者。")
    with store.write():
        r = _move(store, request_id, flow.DISPATCHED)
        if team_id is not None:
            team = store.execute("SELECT name, archived FROM team WHERE id = ?", (team_id,)).fetchone()
            if team is None:
                raise UserError("找不到这支服务队。")
            if team[1]:
                raise UserError(f"“{team[0]}”已解散，不能派单。请选择其他服务队。")
        if due_on < required_datetime(r.requested_at).date():
            raise UserError("完成期限不能早于点单日期。")
        ids = _active_volunteers(store, volunteer_ids)
        ServiceRequest.update(state=flow.DISPATCHED, team=team_id, due_on=due_on,
                                     dispatched_at=now or datetime.now()).where(
            ServiceRequest.id == request_id).execute()
        RequestVolunteer.insert_many([(request_id, v) for v in ids],
                                     fields=[RequestVolunteer.request, RequestVolunteer.volunteer]).execute()
        audit.record("dispatch", "service_request", request_id, team_id=team_id, volunteers=ids, due_on=due_on)


def accept(store, request_id: int, volunteer_ids=(), *, now: datetime | None = None) -> None:
    """接单: the volunteers take it; a request dispatched to a team needs the names of who goes."""
    with store.write():
        _move(store, request_id, flow.ACCEPTED)
        ids = _active_volunteers(store, volunteer_ids)
        have = {v for (v,) in store.execute("SELECT volunteer_id FROM request_volunteer WHERE request_id = ?",
                                            (request_id,))}
        if not have and not ids:
            raise UserError("请选择接单的志愿者。")
        new = [v for v in ids if v not in have]
        if new:
            RequestVolunteer.insert_many([(request_id, v) for v in new],
                                         fields=[RequestVolunteer.request, RequestVolunteer.volunteer]).execute()
        ServiceRequest.update(state=flow.ACCEPTED, accepted_at=now or datetime.now()).where(
            ServiceRequest.id == request_id).execute()
        audit.record("accept", "service_request", request_id, volunteers=sorted(have | set(ids)))


def complete(store, request_id: int, outcome: str, *, served_at: datetime | None = None, hours: float | None = None,
             now: datetime | None = None) -> int | None:
    """完成. With `hours`, the service also becomes an activity (done, the volunteers attended for those
    hours from `served_at`), so it counts in hours, certificates and statistics. Returns that activity."""
    if not outcome.strip():
        raise UserError("请简要写明服务情况。")
    if hours is not None and not 0 < hours <= 24:
        raise UserError("服务时长应在 0 到 24 小时之间。")
    when = now or datetime.now()
    activity_id = None
    with store.write():
        r = _move(store, request_id, flow.DONE)
        volunteers = [v for (v,) in store.execute(
            "SELECT volunteer_id FROM request_volunteer WHERE request_id = ? ORDER BY volunteer_id", (request_id,))]
        if hours is not None:
            start = served_at or when - timedelta(hours=hours)
            menu = MenuItem.get_or_none(MenuItem.id == r.menu_item_id)
            activity_id = activities.create_activity(store, ActivityDraft(
                title=f"群众点单：{r.what}"[:60], category=menu.category if menu and menu.category else "其他",
                brand="群众点单", starts_at=start, ends_at=start + timedelta(hours=hours), place=r.village_group,
                organiser_team_id=r.team_id, content=f"为{r.resident_name}提供服务：{r.what}", summary=outcome.strip(),
                beneficiaries=1))
            attendance.sign_up(store, activity_id, volunteers, source="request")
            attendance.record_attendance(store, activity_id, [attendance.Mark(v, True) for v in volunteers])
        ServiceRequest.update(state=flow.DONE, done_at=when, outcome=outcome.strip(), activity=activity_id).where(
            ServiceRequest.id == request_id).execute()
        points.credit_request(store, request_id, volunteers, r.what, today=when.date())
        audit.record("complete", "service_request", request_id, activity_id=activity_id)
    return activity_id


def review(store, request_id: int, rating, comment: str = "", *, now: datetime | None = None) -> None:
    """评单: the resident's rating (1–5) and words, once, after the service was done."""
    try:
        rating = flow.check_rating(rating)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    with store.write():
        _move(store, request_id, flow.REVIEWED)
        ServiceRequest.update(state=flow.REVIEWED, rating=rating, review=comment.strip(),
                              reviewed_at=now or datetime.now()).where(ServiceRequest.id == request_id).execute()
        audit.record("review", "service_request", request_id, rating=rating)


def withdraw(store, request_id: int, reason: str) -> None:
    """The resident no longer needs it; kept on record with the reason."""
    if not reason.strip():
        raise UserError("请填写撤销原因。")
    with store.write():
        _move(store, request_id, flow.WITHDRAWN)
        ServiceRequest.update(state=flow.WITHDRAWN, outcome=f"撤销：{reason.strip()}").where(
            ServiceRequest.id == request_id).execute()
        audit.record("withdraw", "service_request", request_id, reason=reason.strip())


_SELECT = (
    "SELECT r.id, r.resident_name, r.resident_phone, r.village_group, r.what, coalesce(m.name, ''), r.wanted_on,"
    " r.state, r.requested_at, coalesce(t.name, ''),"
    " coalesce((SELECT group_concat(v.name, '、') FROM request_volunteer x JOIN volunteer v ON v.id = x.volunteer_id"
    "  WHERE x.request_id = r.id), ''), r.due_on, r.done_at, r.outcome, r.rating, r.review, r.activity_id"
    " FROM service_request r LEFT JOIN menu_item m ON m.id = r.menu_item_id LEFT JOIN team t ON t.id = r.team_id")


def _row(r) -> RequestRow:
    return RequestRow(r[0], r[1], mask_phone(r[2]), r[3], r[4], r[5], as_date(r[6]), r[7], required_datetime(r[8]), r[9],
                      r[10], as_date(r[11]), as_datetime(r[12]), r[13], r[14], r[15], r[16])


def get_request(store, request_id: int) -> RequestRow:
    row = store.execute(_SELECT + " WHERE r.id = ?", (request_id,)).fetchone()
    if row is None:
        raise UserError("找不到这条需求。")
    return _row(row)


def _filter(state: str | None, start: date | None, end_exclusive: date | None) -> tuple[str, list]:
    where, params = [], []
    if state:
        where.append("r.state = ?")
        params.append(state)
    if start:
        where.append("r.requested_at >= ?")
        params.append(start.isoformat())
    if end_exclusive:
        where.append("r.requested_at < ?")
        params.append(end_exclusive.isoformat())
    return (" WHERE " + " AND ".join(where) if where else ""), params


def list_requests(store, *, state: str | None = None, start: date | None = None,
                  end_exclusive: date | None = None) -> list[RequestRow]:
    """Newest first; filtered by state and by the day it was requested."""
    where, params = _filter(state, start, end_exclusive)
    return [_row(r) for r in store.execute(_SELECT + where + " ORDER BY r.requested_at DESC, r.id DESC", params)]


def request_ids(store, *, state: str | None = None, start: date | None = None,
                end_exclusive: date | None = None) -> list[int]:
    """The ids of `list_requests`, in its order, from the index alone (a county's 20,000 in a few ms)."""
    where, params = _filter(state, start, end_exclusive)
    return [r[0] for r in store.execute(f"SELECT r.id FROM service_request r{where}"
                                        " ORDER BY r.requested_at DESC, r.id DESC", params)]


def requests_by_id(store, ids: list[int]) -> list[RequestRow]:
    """Those requests, in the order of `ids` (the rows a list shows)."""
    found = {r[0]: _row(r) for r in store.query_in(_SELECT + " WHERE r.id IN ({in})", ids)}
    return [found[i] for i in ids]


def summary(store, *, today: date, state: str | None = None, start: date | None = None,
            end_exclusive: date | None = None) -> tuple[int, int, int]:
    """(requests, still open, open and past their due date) among those `list_requests` would give."""
    where, params = _filter(state, start, end_exclusive)
    total, still_open, late = store.execute(
        f"SELECT count(*), coalesce(sum(r.state IN ({_OPEN})), 0),"
        f" coalesce(sum(r.state IN ({_OPEN}) AND r.due_on < ?), 0) FROM service_request r{where}",
        [today.isoformat(), *params]).fetchone()
    return total, still_open, late


# Open and past its due date, or waiting too long for 派单 (RequestRow.overdue / waiting_dispatch, in SQL: a
# county holds thousands of open requests and 首页 shows five).
_OPEN = ", ".join(f"'{state}'" for state in flow.OPEN_STATES)
_NEEDING = (f"r.state IN ({_OPEN}) AND ((r.due_on IS NOT NULL AND r.due_on < :today)"
            f" OR (r.state = '{flow.REQUESTED}' AND r.requested_at < :waited))")


def needing_attention(store, *, today: date, limit: int = -1) -> list[tuple[RequestRow, str]]:
    """Open requests past their due date, and requests waiting too long for 派单 (the most urgent first,
    at most `limit`)."""
    bounds = {"today": today.isoformat(), "waited": (today - timedelta(days=DISPATCH_WITHIN_DAYS)).isoformat(),
              "limit": limit}
    out = []
    for r in map(_row, store.execute(_SELECT + f" WHERE {_NEEDING} ORDER BY r.due_on IS NULL, r.due_on,"
                                     " r.requested_at LIMIT :limit", bounds)):
        if r.due_on is not None and r.overdue(today):
            out.append((r, f"已超过完成期限 {(today - r.due_on).days} 天（{r.state_label}）"))
        else:
            out.append((r, f"点单 {(today - r.requested_at.date()).days} 天仍未派单"))
    return out


def needing_attention_count(store, *, today: date) -> int:
    return store.scalar(f"SELECT count(*) FROM service_request r WHERE {_NEEDING}",
                        {"today": today.isoformat(),
                         "waited": (today - timedelta(days=DISPATCH_WITHIN_DAYS)).isoformat()})


def totals(store, start: date, end_exclusive: date) -> dict:
    """Requests made in the period by state, and the average rating of those reviewed."""
    bounds = (start.isoformat(), end_exclusive.isoformat())
    by_state, rated, ratings = {}, 0, 0  # one pass over the period's index entries (migration 12)
    for state, n, rating_sum, rating_count in store.execute(
            "SELECT state, count(*), sum(rating), count(rating) FROM service_request"
            " WHERE requested_at >= ? AND requested_at < ? GROUP BY state", bounds):
        by_state[state] = n
        rated, ratings = rated + (rating_sum or 0), ratings + rating_count
    average = rated / ratings if ratings else None
    return {"requests": {s: by_state.get(s, 0) for s in flow.STATE_LABELS},
            "average_rating": round(average, 2) if average is not None else None}


per_store(globals())  # model queries run on the store each function is given
