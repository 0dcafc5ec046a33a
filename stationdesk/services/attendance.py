"""Sign-up (报名), the sign-in sheet's rows, attendance after the event, hours and their corrections.

Hours count once an activity is held (已完成): recording attendance — the sheet or a kiosk scan — marks
it held, and a cancelled activity (it did not take place) counts nowhere, its rows kept. The daily cap
is one a person a day across activities: an activity's hours belong to its calendar days (a multi-day
one's evenly to each), and what one attendance may be credited is what the person's other held
activities left of the cap on those days (`room`)."""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from stationdesk.domain.activity import DONE
from stationdesk.domain.dates import as_datetime, required_datetime
from stationdesk.domain.hours import InvalidTimes, service_days, star_level
from stationdesk.domain.ids import ActivityId, TeamId, VolunteerId
from stationdesk.domain.masking import mask_phone
from stationdesk.errors import UserError
from stationdesk.services import audit, points, rules, teams
from stationdesk.services.activities import get_activity
from stationdesk.store.database import per_store
from stationdesk.store.models import Activity, HoursCorrection, Participation


@dataclass(frozen=True)
class SheetRow:
    """One numbered row of the 签到表, and what was recorded for it."""

    number: int
    participation_id: int
    volunteer_id: int
    name: str
    phone_masked: str
    team: str
    attended: bool
    check_in: datetime | None
    check_out: datetime | None
    hours: float
    needs_review: bool


@dataclass(frozen=True)
class Conflict:
    volunteer: str
    activity: str
    starts_at: datetime


@dataclass(frozen=True)
class Mark:
    """What the operator records for one sheet row."""

    volunteer_id: int
    attended: bool
    check_in: datetime | None = None
    check_out: datetime | None = None


@dataclass(frozen=True)
class HoursSummary:
    total: float
    this_year: float
    activities: int
    stars: int


def conflicts(store, activity_id: ActivityId, volunteer_ids: list[VolunteerId]) -> list[Conflict]:
    """Volunteers already signed up for another activity that overlaps this one in time."""
    a = get_activity(store, activity_id)
    rows = store.query_in(
        "SELECT v.name, o.title, o.starts_at FROM participation p JOIN activity o ON o.id = p.activity_id"
        " JOIN volunteer v ON v.id = p.volunteer_id WHERE o.id != ? AND o.status != 'cancelled'"
        " AND o.starts_at < ? AND o.ends_at > ? AND p.volunteer_id IN ({in})",
        volunteer_ids, prefix=(activity_id, a.ends_at, a.starts_at))
    return [Conflict(name, title, datetime.fromisoformat(str(starts))) for name, title, starts in rows]


def sign_up(store, activity_id: ActivityId, volunteer_ids: Iterable[VolunteerId], *, source: str = "signup") -> int:
    """Add volunteers to the activity; returns how many were new to it."""
    get_activity(store, activity_id)
    with store.write():
        held = {r[0] for r in store.execute(
            "SELECT volunteer_id FROM participation WHERE activity_id = ?", (activity_id,))}
        new = [vid for vid in dict.fromkeys(volunteer_ids) if vid not in held]
        store.insert_rows("participation", ("activity_id", "volunteer_id", "source"),
                          [(activity_id, vid, source) for vid in new])
        audit.record("sign_up", "activity", activity_id, count=len(new))
    return len(new)


def sign_up_team(store, activity_id: ActivityId, team_id: TeamId) -> int:
    return sign_up(store, activity_id, teams.member_ids(store, team_id))


def withdraw(store, activity_id: ActivityId, volunteer_id: VolunteerId) -> None:
    """Take a sign-up back; refused once attendance is recorded (the hours would vanish)."""
    p = Participation.get_or_none((Participation.activity == activity_id) & (Participation.volunteer == volunteer_id))
    if p is None:
        return
    if p.attended:
        raise UserError("这名志愿者已登记出勤，不能移出。如登记有误，请把出勤改为“未到”。")
    if HoursCorrection.get_or_none(HoursCorrection.participation == p.id) is not None:
        raise UserError("这条记录有服务时长的更正记录，需要保留，不能移出；已标为“未到”的不计时长。")
    with store.write():
        p.delete_instance()
        audit.record("withdraw", "activity", activity_id, volunteer_id=volunteer_id)


def sheet_rows(store, activity_id: int) -> list[SheetRow]:
    """The sign-up list in sheet order (team, then name) with row numbers, as printed and entered."""
    team_of = ("(SELECT min(t.name) FROM team_member m JOIN team t ON t.id = m.team_id"
               " WHERE m.volunteer_id = v.id AND t.archived = 0)")
    rows = store.execute(
        f"SELECT p.id, v.id, v.name, v.phone, coalesce({team_of}, ''), p.attended, p.check_in, p.check_out,"
        f" p.hours, p.needs_review FROM participation p JOIN volunteer v ON v.id = p.volunteer_id"
        f" WHERE p.activity_id = ? ORDER BY {team_of} IS NULL, {team_of}, v.sort_name, v.id", (activity_id,))
    return [SheetRow(number=i, participation_id=r[0], volunteer_id=r[1], name=r[2], phone_masked=mask_phone(r[3]),
                     team=r[4], attended=bool(r[5]), check_in=as_datetime(r[6]), check_out=as_datetime(r[7]), hours=r[8],
                     needs_review=bool(r[9])) for i, r in enumerate(rows, start=1)]


class ReasonNeeded(UserError):
    """Saving would change hours already credited: the operator must say why (the UI asks, then saves
    again with the reason). `changes` lists (name, old hours, new hours)."""

    def __init__(self, changes: list[tuple[str, float, float]]):
        self.changes = changes
        lines = "；".join(f"{name} {old:g} → {new:g} 小时" for name, old, new in changes[:10])
        super().__init__(f"这次保存会改变 {len(changes)} 人已登记的服务时长（{lines}），请填写更正原因。")


def record_attendance(store, activity_id: int, marks: list[Mark], *, reason: str = "",
                      now: datetime | None = None) -> int:
    """Record who came and when; hours follow the rule. Times default to the activity's; a missing
    check-out is closed at the end time and flagged 待核实. Rows whose attendance and times did not change
    keep their hours (a correction made since is not undone); a change of hours already credited needs a
    `reason` and is kept as a correction (who, when, old, new, why). All or nothing; returns attendees."""
    a = get_activity(store, activity_id)
    if (now or datetime.now()) < a.starts_at:
        raise UserError(f"活动“{a.title}”{a.starts_at:%Y-%m-%d %H:%M} 才开始，还不能登记出勤。")
    rule = rules.hours_rule(store)
    existing = {r.volunteer_id: r for r in Participation.select().where(Participation.activity == activity_id)}
    left = rooms(store, a, [m.volunteer_id for m in marks if m.attended], rule=rule)
    planned: list[tuple] = []
    changes: list[tuple] = []
    for m in marks:
        try:
            row = _planned(rule, a, m, left.get(m.volunteer_id))
        except InvalidTimes as exc:
            raise UserError(f"{_name(store, m.volunteer_id)}：{exc}") from None
        old = existing.get(m.volunteer_id)
        if old is not None and _unchanged(old, row):
            continue
        still_open = old is not None and old.check_in is not None and old.check_out is None  # scanned in only
        if old is not None and old.attended and not still_open and abs(old.hours - row[4]) > 1e-9:
            changes.append((old, row))
        planned.append(row)
    if changes and not reason.strip():
        raise ReasonNeeded([(_name(store, old.volunteer_id), old.hours, row[4]) for old, row in changes])
    with store.write():
        for vid, attended, check_in, check_out, hours, review in planned:
            values = dict(attended=attended, check_in=check_in, check_out=check_out, hours=hours,
                          needs_review=review)
            if vid not in existing:
                Participation.insert(activity=activity_id, volunteer=vid, source="walk_in", **values).execute()
            else:
                Participation.update(**values).where(Participation.id == existing[vid].id).execute()
        for old, row in changes:
            HoursCorrection.create(participation=old.id, at=datetime.now(), actor=audit.actor(), old_hours=old.hours,
                                   new_hours=row[4], reason=reason.strip())
        Activity.update(status=DONE, updated_at=datetime.now()).where(Activity.id == activity_id).execute()
        attendees = sum(1 for m in marks if m.attended)
        points.credit_activity(store, activity_id, why=f"更正原因：{reason.strip()}" if changes else "出勤变更")
        audit.record("attendance", "activity", activity_id, attended=attendees, rows=len(marks),
                     corrected=len(changes), reason=reason.strip())
    return attendees


def _name(store, volunteer_id: int) -> str:
    return store.scalar("SELECT name FROM volunteer WHERE id = ?", (volunteer_id,)) or f"编号 {volunteer_id}"


def _planned(rule, activity, m: Mark, room: float | None = None) -> tuple:
    """(volunteer, attended, check-in, check-out, hours by the rule, 待核实) as saving `m` would write it;
    times default to the activity's, a missing check-out closes at the end. `room`: what the person's
    other activities left of the daily cap on this activity's days (None: all of it)."""
    if not m.attended:
        return (m.volunteer_id, False, None, None, 0.0, False)
    check_in, check_out = m.check_in or activity.starts_at, m.check_out or activity.ends_at
    hours = rule.credit(check_in, check_out, days=len(_days(activity)))
    if room is not None:
        hours = min(hours, rule.whole_steps(room))
    return (m.volunteer_id, True, check_in, check_out, hours, m.check_in is not None and m.check_out is None)


def credit_for(rule, activity, mark: Mark, recorded=None, room: float | None = None) -> float:
    """What saving `mark` credits — the sheet's preview asks this, so it cannot disagree with the save:
    the `recorded` hours (corrections included) while attendance and times are as recorded, else the
    rule's within `room` (see `rooms`). Raises InvalidTimes."""
    row = _planned(rule, activity, mark, room)
    return recorded.hours if recorded is not None and _unchanged(recorded, row) else row[4]


def _days(activity) -> list[date]:
    return service_days(activity.starts_at, activity.ends_at)


def rooms(store, activity, volunteer_ids: list[int], *, rule=None) -> dict[int, float]:
    """For each volunteer: the hours this activity may credit them — the daily cap on each of its days,
    less what their other held activities already took on that day (a multi-day activity's hours spread
    evenly over its days). The sheet's save and preview, the kiosk and corrections all ask this."""
    rule = rule or rules.hours_rule(store)
    days = _days(activity)
    first, after = days[0], days[-1] + timedelta(days=1)
    used: dict[int, dict[date, float]] = {vid: {} for vid in volunteer_ids}
    for vid, hours, starts_at, ends_at in store.query_in(
            "SELECT p.volunteer_id, p.hours, a.starts_at, a.ends_at FROM participation p"
            " JOIN activity a ON a.id = p.activity_id WHERE p.activity_id != ? AND a.status = 'done'"
            " AND a.starts_at < ? AND a.ends_at > ? AND p.attended = 1 AND p.hours > 0 AND p.volunteer_id IN ({in})",
            list(dict.fromkeys(volunteer_ids)), prefix=(activity.id, after.isoformat(), first.isoformat())):
        theirs = service_days(required_datetime(starts_at), required_datetime(ends_at))
        for day in set(theirs) & set(days):
            used[vid][day] = used[vid].get(day, 0.0) + hours / len(theirs)
    return {vid: round(sum(max(0.0, rule.daily_cap - taken.get(day, 0.0)) for day in days), 6)
            for vid, taken in used.items()}


def _over_cap(store, rule, activity, volunteer_id: int, hours: float) -> str | None:
    """Why `hours` are more than this activity may credit the volunteer (in Chinese), or None."""
    room = rooms(store, activity, [volunteer_id], rule=rule)[volunteer_id]
    if hours <= room + 1e-9:
        return None
    days = _days(activity)
    others = round(rule.daily_cap * len(days) - room, 2)
    span = f"本活动共 {len(days)} 天，最多 {rule.daily_cap * len(days):g} 小时" if len(days) > 1 else ""
    taken = f"同日其他活动已计 {others:g} 小时" if others > 0 else ""
    why = "；".join(x for x in (span, taken) if x)
    return (f"服务时长应在 0 到 {room:g} 小时之间：每人每天最多计 {rule.daily_cap:g} 小时"
            + (f"（{why}）" if why else "") + "。")


def _unchanged(old, row: tuple) -> bool:
    """The sheet says what is already recorded: same attendance, same times. A scan-in never scanned
    out is never unchanged: saving the sheet closes it at the end, flagged 待核实."""
    _, attended, check_in, check_out, _, _ = row
    if old.attended and old.check_in is not None and old.check_out is None:
        return False
    return (bool(old.attended) == attended and as_datetime(old.check_in) == check_in
            and as_datetime(old.check_out) == check_out)


def record_of(store, activity_id: ActivityId, volunteer_id: VolunteerId) -> int:
    """The attendance record of a volunteer in an activity (for `attendance correct ACTIVITY VOLUNTEER`)."""
    found = store.scalar("SELECT id FROM participation WHERE activity_id = ? AND volunteer_id = ?",
                         (activity_id, volunteer_id))
    if found is None:
        raise UserError(f"活动 {activity_id} 中没有志愿者 {volunteer_id} 的报名或出勤记录。")
    return found


def correct_hours(store, participation_id: int, new_hours: float, *, reason: str) -> None:
    """Change credited hours; the old value, who, when and why are kept (corrections append)."""
    p = Participation.get_or_none(Participation.id == participation_id)
    if p is None:
        raise UserError("找不到这条出勤记录。")
    if not p.attended:
        raise UserError("这名志愿者没有登记出勤，不能修改服务时长。请先把出勤改为“已到”。")
    if not reason.strip():
        raise UserError("修改服务时长必须填写原因。")
    if not math.isfinite(new_hours) or new_hours < 0:
        raise UserError("服务时长应是 0 或正数。")
    new_hours = round(new_hours, 2)
    activity = get_activity(store, p.activity_id)
    if (why := _over_cap(store, rules.hours_rule(store), activity, p.volunteer_id, new_hours)) is not None:
        raise UserError(why)
    with store.write():
        HoursCorrection.create(participation=p.id, at=datetime.now(), actor=audit.actor(), old_hours=p.hours,
                               new_hours=new_hours, reason=reason.strip())
        Participation.update(hours=new_hours, needs_review=False).where(Participation.id == p.id).execute()
        points.credit_activity(store, p.activity_id, why=f"更正原因：{reason.strip()}")
        audit.record("correct_hours", "participation", p.id, old=p.hours, new=new_hours, reason=reason.strip())


@dataclass(frozen=True)
class ReviewRow:
    """A 待核实 attendance: a forgotten check-out closed at the activity's end, until someone looks."""

    participation_id: int
    activity_id: int
    activity: str
    starts_at: datetime
    name: str
    check_in: datetime | None
    check_out: datetime | None
    hours: float


def close_forgotten(store, *, now: datetime | None = None) -> int:
    """Kiosk scan-ins never scanned out, of activities that have ended: closed at the end time, hours by
    the rule, flagged 待核实. Returns how many were closed."""
    now = now or datetime.now()
    rows = store.execute(
        "SELECT p.id, p.activity_id, p.check_in, a.ends_at FROM participation p JOIN activity a ON a.id = p.activity_id"
        " WHERE p.attended = 1 AND p.check_in IS NOT NULL AND p.check_out IS NULL AND a.ends_at < ?",
        (now.isoformat(" "),)).fetchall()
    if not rows:
        return 0
    rule = rules.hours_rule(store)
    with store.write():
        for pid, activity_id, check_in, ends_at in rows:
            check_in, ends_at = required_datetime(check_in), required_datetime(ends_at)
            activity = get_activity(store, activity_id)
            volunteer_id = store.scalar("SELECT volunteer_id FROM participation WHERE id = ?", (pid,))
            try:
                hours = min(rule.credit(check_in, ends_at, days=len(_days(activity))),
                            rule.whole_steps(rooms(store, activity, [volunteer_id], rule=rule)[volunteer_id]))
            except InvalidTimes:  # scanned in after the end: nothing to credit until someone corrects it
                hours = 0.0
            Participation.update(check_out=max(ends_at, check_in), hours=hours, needs_review=True).where(
                Participation.id == pid).execute()
        for activity_id in {r[1] for r in rows}:
            points.credit_activity(store, activity_id, why="未签退，按活动结束时间计")
        audit.record("close_forgotten", "participation", None, count=len(rows))
    return len(rows)


def to_review(store) -> list[ReviewRow]:
    """Every attendance flagged 待核实, newest activity first."""
    rows = store.execute(
        "SELECT p.id, a.id, a.title, a.starts_at, v.name, p.check_in, p.check_out, p.hours FROM participation p"
        " JOIN activity a ON a.id = p.activity_id JOIN volunteer v ON v.id = p.volunteer_id"
        " WHERE p.needs_review = 1 ORDER BY a.starts_at DESC, v.sort_name")
    return [ReviewRow(r[0], r[1], r[2], required_datetime(r[3]), r[4], as_datetime(r[5]), as_datetime(r[6]), r[7])
            for r in rows]


def review_count(store) -> int:
    return store.scalar("SELECT count(*) FROM participation WHERE needs_review = 1")


def confirm_reviewed(store, participation_id: int) -> None:
    """The operator checked a 待核实 row and its hours stand."""
    p = Participation.get_or_none(Participation.id == participation_id)
    if p is None:
        raise UserError("找不到这条出勤记录。")
    with store.write():
        Participation.update(needs_review=False).where(Participation.id == p.id).execute()
        audit.record("confirm_hours", "participation", p.id, hours=p.hours)


def hours_summary(store, volunteer_id: int, *, today: date | None = None) -> HoursSummary:
    """Hours of held activities, as 统计, the proof and the package count them (the tally, migration 6)."""
    year = (today or date.today()).year
    total, count = store.execute(
        "SELECT coalesce(sum(p.hours), 0), count(*) FROM participation p JOIN activity a ON a.id = p.activity_id"
        " WHERE p.volunteer_id = ? AND p.attended = 1 AND a.status = 'done'", (volunteer_id,)).fetchone()
    this_year = store.scalar(
        "SELECT coalesce(sum(p.hours), 0) FROM participation p JOIN activity a ON a.id = p.activity_id"
        " WHERE p.volunteer_id = ? AND p.attended = 1 AND a.status = 'done' AND a.starts_at >= ? AND a.starts_at < ?",
        (volunteer_id, f"{year}-01-01", f"{year + 1}-01-01"))
    return HoursSummary(total=total, this_year=this_year, activities=count,
                        stars=star_level(total, rules.star_levels(store)))


CARD_PREFIX = "SDV:"  # what a 志愿者证's QR holds before the volunteer's opaque card code
RESCAN_GRACE_SECONDS = 300
EARLIEST_SCAN = timedelta(hours=2)  # people arrive early; a day early is the wrong activity  # a second scan this soon after checking in is a double scan, not a check-out


@dataclass(frozen=True)
class ScanResult:
    kind: str  # "in" | "out" | "again" | "done"
    name: str
    hours: float = 0.0

    @property
    def message(self) -> str:
        return {"in": f"{self.name}，签到成功！", "out": f"{self.name}，签退成功，本次服务 {self.hours:g} 小时。",
                "again": f"{self.name} 刚刚已经签到过了。", "done": f"{self.name} 今天已经签退了。"}[self.kind]


def volunteer_for_card(store, scanned: str) -> int | None:
    """The volunteer whose card was scanned (the scanner types the QR text), or None."""
    text = scanned.strip().upper()
    if not text.startswith(CARD_PREFIX):
        return None
    return store.scalar("SELECT id FROM volunteer WHERE card_code = ? AND status = 'active'",
                        (text[len(CARD_PREFIX):],))


def scan(store, activity_id: ActivityId, volunteer_id: VolunteerId, now: datetime) -> ScanResult:
    """Check-in mode: the first scan checks in (a walk-in is signed up on the spot) and marks the
    activity held, as the sheet does; the next checks out and credits hours within the day's cap; a
    repeat within five minutes is ignored."""
    now = now.replace(microsecond=0)
    name = store.scalar("SELECT name FROM volunteer WHERE id = ?", (volunteer_id,))
    activity = get_activity(store, activity_id)
    starts_at = activity.starts_at
    if now < starts_at - EARLIEST_SCAN:
        raise UserError(f"活动 {starts_at:%m-%d %H:%M} 开始，开始前 {EARLIEST_SCAN.seconds // 3600} 小时内才能签到。")
    p = Participation.get_or_none((Participation.activity == activity_id) & (Participation.volunteer == volunteer_id))
    with store.write():
        if p is None or p.check_in is None:
            values = dict(attended=True, check_in=now, check_out=None, hours=0, needs_review=False)
            if p is None:
                Participation.insert(activity=activity_id, volunteer=volunteer_id, source="scan", **values).execute()
            else:
                Participation.update(**values).where(Participation.id == p.id).execute()
            Activity.update(status=DONE, updated_at=datetime.now()).where(
                (Activity.id == activity_id) & (Activity.status != DONE)).execute()
            points.credit_activity(store, activity_id)
            audit.record("scan_in", "activity", activity_id, volunteer_id=volunteer_id)
            return ScanResult("in", name)
        check_in = required_datetime(p.check_in)
        if p.check_out is not None:
            return ScanResult("done", name)
        if (now - check_in).total_seconds() < RESCAN_GRACE_SECONDS:
            return ScanResult("again", name)
        rule = rules.hours_rule(store)
        hours = min(rule.credit(check_in, now, days=len(_days(activity))),
                    rule.whole_steps(rooms(store, activity, [volunteer_id], rule=rule)[volunteer_id]))
        Participation.update(check_out=now, hours=hours).where(Participation.id == p.id).execute()
        points.credit_activity(store, activity_id, why="扫码签退")
        audit.record("scan_out", "activity", activity_id, volunteer_id=volunteer_id, hours=hours)
        return ScanResult("out", name, hours)


@dataclass(frozen=True)
class CorrectionRow:
    at: datetime
    actor: str
    name: str
    old_hours: float
    new_hours: float
    reason: str
    activity: str = ""
    activity_day: str = ""

    def cells(self) -> list[str]:
        """更正时间, 经办人, 志愿者, 原时长, 更正为, 原因: as the dialogs and printouts show it."""
        return [f"{self.at:%Y-%m-%d %H:%M}", self.actor, self.name, f"{self.old_hours:g}", f"{self.new_hours:g}",
                self.reason]


CORRECTION_HEADER = ("更正时间", "经办人", "志愿者", "原时长（小时）", "更正为（小时）", "原因")
_CORRECTIONS = ("SELECT c.at, c.actor, v.name, c.old_hours, c.new_hours, c.reason, a.title, substr(a.starts_at, 1, 10)"
                " FROM hours_correction c JOIN participation p ON p.id = c.participation_id"
                " JOIN volunteer v ON v.id = p.volunteer_id JOIN activity a ON a.id = p.activity_id")


def corrections(store, activity_id: int) -> list[CorrectionRow]:
    """Every change of credited hours in an activity, oldest first: who, when, from what, to what, why."""
    rows = store.execute(f"{_CORRECTIONS} WHERE p.activity_id = ? ORDER BY c.id", (activity_id,))
    return [CorrectionRow(required_datetime(r[0]), *r[1:]) for r in rows]


def volunteer_corrections(store, volunteer_id: int) -> list[CorrectionRow]:
    """Every change of a volunteer's credited hours, in any activity, oldest first."""
    rows = store.execute(f"{_CORRECTIONS} WHERE p.volunteer_id = ? ORDER BY c.id", (volunteer_id,))
    return [CorrectionRow(required_datetime(r[0]), *r[1:]) for r in rows]


per_store(globals())  # model queries run on the store each function is given
