"""Activities: plan, edit, copy, repeat, cancel; list by year. Deleting one with attendance is refused."""

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta

from stationdesk.domain.activity import PLANNED, ActivityDraft, ActivityRow, check, repeat_dates
from stationdesk.domain.dates import as_datetime, required_datetime
from stationdesk.domain.ids import ActivityId
from stationdesk.errors import UserError
from stationdesk.services import audit
from stationdesk.store.database import per_store
from stationdesk.store.models import Activity, Participation

_LIST_SQL = (
    "SELECT a.id, a.title, a.category, a.brand, a.starts_at, a.ends_at, a.place, coalesce(t.name, ''),"
    " a.partner, a.status,"
    " (SELECT count(*) FROM participation p WHERE p.activity_id = a.id),"
    " (SELECT count(*) FROM participation p WHERE p.activity_id = a.id AND p.attended = 1)"
    " FROM activity a LEFT JOIN team t ON t.id = a.organiser_team_id")


def _row(r) -> ActivityRow:
    return ActivityRow(id=r[0], title=r[1], category=r[2], brand=r[3], starts_at=required_datetime(r[4]),
                       ends_at=required_datetime(r[5]),
                       place=r[6], organiser=r[7], partner=r[8], status=r[9], signed_up=r[10], attended=r[11])


def list_activities(store, *, year: int | None = None, include_cancelled: bool = True) -> list[ActivityRow]:
    where, params = [], []
    if year:
        where.append("a.starts_at >= ? AND a.starts_at < ?")
        params += [f"{year}-01-01", f"{year + 1}-01-01"]
    if not include_cancelled:
        where.append("a.status != 'cancelled'")
    sql = _LIST_SQL + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.starts_at DESC, a.id DESC"
    return [_row(r) for r in store.execute(sql, params)]


def _year_filter(year: int | None) -> tuple[str, list]:
    return ("WHERE starts_at >= ? AND starts_at < ?", [f"{year}-01-01", f"{year + 1}-01-01"]) if year else ("", [])


def activity_ids(store, *, year: int | None = None) -> list[int]:
    """The year's activities (or all), newest first: one indexed query, for a list that fetches rows as
    they are shown (a county year holds 40,000)."""
    where, params = _year_filter(year)
    return [r[0] for r in store.execute(f"SELECT id FROM activity {where} ORDER BY starts_at DESC, id DESC", params)]


def activities_by_id(store, ids: list[int]) -> list[ActivityRow]:
    """The rows of `ids`, in that order (a page of a list)."""
    found = {r[0]: _row(r) for r in store.query_in(_LIST_SQL + " WHERE a.id IN ({in})", ids)}
    return [found[i] for i in ids if i in found]


def year_summary(store, *, year: int | None = None) -> tuple[int, int, int]:
    """(activities, done, attendances) for the list's footer, from the activity tally. Two index-only
    counts: reading each activity's status from the table cost 90 ms for a county year, this 20."""
    where, params = _year_filter(year)
    count, people = store.execute(
        f"SELECT count(*), coalesce(sum(t.people), 0) FROM activity a"
        f" LEFT JOIN activity_tally t ON t.activity_id = a.id {where.replace('starts_at', 'a.starts_at')}",
        params).fetchone()
    done = store.scalar(f"SELECT count(*) FROM activity WHERE status = 'done' {where.replace('WHERE', 'AND')}", params)
    return count, done, people


def years(store) -> list[int]:
    """The years that have activities, for the year filter: one indexed query, not every activity."""
    return [int(y) for (y,) in store.execute(
        "SELECT DISTINCT substr(starts_at, 1, 4) FROM activity ORDER BY 1") if y and y.isdigit()]


def get_activity(store, activity_id: int) -> ActivityRow:
    r = store.execute(_LIST_SQL + " WHERE a.id = ?", (activity_id,)).fetchone()
    if r is None:
        raise UserError(f"找不到编号为 {activity_id} 的活动。")
    return _row(r)


def get_draft(store, activity_id: int) -> ActivityDraft:
    a = Activity.get_or_none(Activity.id == activity_id)
    if a is None:
        raise UserError(f"找不到编号为 {activity_id} 的活动。")
    return ActivityDraft(title=a.title, category=a.category, brand=a.brand, starts_at=as_datetime(a.starts_at),
                         ends_at=as_datetime(a.ends_at), place=a.place, organiser_team_id=a.organiser_team_id,
                         partner=a.partner, content=a.content, summary=a.summary, beneficiaries=a.beneficiaries,
                         pairing_id=a.pairing_id)


def _checked(draft: ActivityDraft) -> ActivityDraft:
    problems = check(draft)
    if problems:
        raise UserError("；".join(problems))
    return replace(draft, title=draft.title.strip(), place=draft.place.strip())


def _insert(draft: ActivityDraft, now: datetime) -> int:
    return Activity.insert(**asdict(draft), status=PLANNED, created_at=now, updated_at=now).execute()


def create_activity(store, draft: ActivityDraft) -> ActivityId:
    draft = _checked(draft)
    with store.write():
        new_id = _insert(draft, datetime.now())
        audit.record("add", "activity", new_id, title=draft.title)
    return ActivityId(new_id)


def update_activity(store, activity_id: int, draft: ActivityDraft) -> None:
    """Edit the plan. Sign-ups and attendance are kept: editing never deletes them."""
    draft = _checked(draft)
    get_activity(store, activity_id)
    with store.write():
        Activity.update(**asdict(draft), updated_at=datetime.now()).where(Activity.id == activity_id).execute()
        audit.record("edit", "activity", activity_id, title=draft.title)


def set_status(store, activity_id: int, status: str) -> None:
    get_activity(store, activity_id)
    with store.write():
        Activity.update(status=status, updated_at=datetime.now()).where(Activity.id == activity_id).execute()
        audit.record(f"status_{status}", "activity", activity_id)


def delete_activity(store, activity_id: int) -> None:
    """Only an activity nobody attended may be deleted; otherwise cancel it (the hours must stay)."""
    row = get_activity(store, activity_id)
    if row.attended:
        raise UserError(f"“{row.title}”已有 {row.attended} 人的出勤记录，不能删除。如活动未举办，请改为“取消”。")
    with store.write():
        Participation.delete().where(Participation.activity == activity_id).execute()
        Activity.delete().where(Activity.id == activity_id).execute()
        audit.record("delete", "activity", activity_id, title=row.title)


def copy_activity(store, activity_id: int, on: date) -> int:
    """The same plan on another day (same times of day), without sign-ups."""
    return repeat_activity(store, activity_id, [on])[0]


def repeat_activity(store, activity_id: int, dates: list[date]) -> list[int]:
    draft = get_draft(store, activity_id)
    starts_at = required_datetime(draft.starts_at)  # a saved activity has its times
    length = required_datetime(draft.ends_at) - starts_at
    now = datetime.now()
    ids = []
    with store.write():
        for day in dates:
            starts = datetime.combine(day, starts_at.time())
            ids.append(_insert(replace(draft, starts_at=starts, ends_at=starts + length, summary=""), now))
        audit.record("repeat", "activity", activity_id, copies=len(ids))
    return ids


@dataclass(frozen=True)
class Repeated:
    ids: list[int]  # the activities made
    skipped: int  # dates of the pattern already past (before today): not made


def repeat_monthly(store, activity_id: int, *, until: date, days_of_month=(5, 15, 25),
                   today: date | None = None) -> Repeated:
    """逢5出发-style repetition: every 5th, 15th and 25th (by default) up to `until`. Only from today on:
    repeating an activity of March in June must not plan activities in April and May (they would sit
    in the past as 计划中, and in the 台账); how many dates were skipped is said."""
    first = required_datetime(get_draft(store, activity_id).starts_at).date()
    if until - first > timedelta(days=366):
        raise UserError("一次最多重复一年以内的活动。")
    today = today or date.today()
    dates = repeat_dates(first, until, tuple(days_of_month))
    future = [d for d in dates if d >= today]
    return Repeated(repeat_activity(store, activity_id, future) if future else [], len(dates) - len(future))



def upcoming(store, *, today: date, days: int = 7) -> list[ActivityRow]:
    """Planned activities in the next `days` days (for 首页)."""
    end = today + timedelta(days=days)
    rows = store.execute(_LIST_SQL + " WHERE a.status = 'planned' AND a.starts_at >= ? AND a.starts_at < ?"
                         " ORDER BY a.starts_at", (today.isoformat(), end.isoformat()))
    return [_row(r) for r in rows]


def not_recorded(store, *, today: date) -> list[ActivityRow]:
    """Activities that should have taken place but have no attendance recorded yet."""
    rows = store.execute(_LIST_SQL + " WHERE a.status = 'planned' AND a.ends_at < ? ORDER BY a.starts_at",
                         (today.isoformat(),))
    return [_row(r) for r in rows]


per_store(globals())  # model queries run on the store each function is given
