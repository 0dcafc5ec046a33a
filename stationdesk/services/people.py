"""What the 志愿服务条例 asks a station to keep about each volunteer: training (Art. 19), qualifications with
their expiry (Art. 16), accident insurance (Art. 17), a minor's guardian consent, evaluations (Art. 19);
and the warnings a sign-up gets when an activity's safety requirements are not met by someone."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from stationdesk.domain.dates import age_on, as_date, required_date
from stationdesk.domain.ids import ActivityId, VolunteerId
from stationdesk.errors import UserError
from stationdesk.services import audit
from stationdesk.store.database import per_store

ADULT_AGE = 18  # younger volunteers serve with a guardian's consent
EXPIRING_WITHIN = timedelta(days=30)  # 首页 lists qualifications and insurance ending this soon
QUALIFICATION_KINDS = ("急救证", "救生员证", "机动车驾驶证", "电工证", "心理咨询师证", "教师资格证", "医师资格证")
RELATIONS = ("父亲", "母亲", "祖父母", "外祖父母", "其他监护人")


@dataclass(frozen=True)
class Training:
    id: int
    held_on: date
    subject: str
    hours: float
    trainer: str


@dataclass(frozen=True)
class Qualification:
    id: int
    kind: str
    number: str
    issued_by: str
    valid_until: date | None  # None: does not expire

    def valid_on(self, day: date) -> bool:
        return self.valid_until is None or self.valid_until >= day


@dataclass(frozen=True)
class Insurance:
    id: int
    insurer: str
    policy: str
    starts_on: date
    ends_on: date
    activity: str  # the activity a per-activity policy covers ("" for a volunteer's own)


@dataclass(frozen=True)
class Consent:
    id: int
    guardian: str
    relation: str
    given_on: date


@dataclass(frozen=True)
class Evaluation:
    id: int
    year: int
    activity: str
    rating: int
    comment: str


@dataclass(frozen=True)
class Records:
    trainings: list[Training]
    qualifications: list[Qualification]
    insurances: list[Insurance]
    consent: Consent | None  # the latest
    evaluations: list[Evaluation]


def _text(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise UserError(f"请填写{what}。")
    return value


def _volunteer_name(store, volunteer_id: int) -> str:
    name = store.scalar("SELECT name FROM volunteer WHERE id = ?", (volunteer_id,))
    if name is None:
        raise UserError(f"找不到编号为 {volunteer_id} 的志愿者。")
    return name


def add_training(store, volunteer_id: int, *, held_on: date, subject: str, hours: float = 0,
                 trainer: str = "") -> int:
    subject = _text(subject, "培训内容")
    if not 0 <= float(hours) <= 200:
        raise UserError("培训学时应在 0 到 200 之间。")
    name = _volunteer_name(store, volunteer_id)
    with store.write():
        row = store.execute(
            "INSERT INTO training (volunteer_id, held_on, subject, hours, trainer, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (volunteer_id, held_on.isoformat(), subject, float(hours), trainer.strip(), datetime.now())).lastrowid
        audit.record("add", "training", row, volunteer=name, subject=subject, held_on=held_on)
    return row


def add_qualification(store, volunteer_id: int, *, kind: str, number: str = "", issued_by: str = "",
                      valid_until: date | None = None) -> int:
    kind = _text(kind, "资质名称（如 急救证）")
    name = _volunteer_name(store, volunteer_id)
    with store.write():
        row = store.execute(
            "INSERT INTO qualification (volunteer_id, kind, number, issued_by, valid_until, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)", (volunteer_id, kind, number.strip(), issued_by.strip(),
                                          valid_until.isoformat() if valid_until else None, datetime.now())).lastrowid
        audit.record("add", "qualification", row, volunteer=name, kind=kind, valid_until=valid_until)
    return row


def add_insurance(store, *, insurer: str, starts_on: date, ends_on: date, policy: str = "",
                  volunteer_id: int | None = None, activity_id: int | None = None) -> int:
    """A volunteer's own accident insurance, or a policy bought for everyone at one activity."""
    insurer = _text(insurer, "保险公司")
    if (volunteer_id is None) == (activity_id is None):
        raise UserError("保险要么登记在一名志愿者名下，要么登记在一次活动上。")
    if ends_on < starts_on:
        raise UserError(f"保险止期 {ends_on} 早于起期 {starts_on}。")
    if volunteer_id is not None:
        who = _volunteer_name(store, volunteer_id)
    else:
        who = store.scalar("SELECT title FROM activity WHERE id = ?", (activity_id,))
        if who is None:
            raise UserError("找不到这次活动。")
    with store.write():
        row = store.execute(
            "INSERT INTO insurance (volunteer_id, activity_id, insurer, policy, starts_on, ends_on, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", (volunteer_id, activity_id, insurer, policy.strip(), starts_on.isoformat(),
                                             ends_on.isoformat(), datetime.now())).lastrowid
        audit.record("add", "insurance", row, covers=who, insurer=insurer, starts_on=starts_on, ends_on=ends_on)
    return row


def record_consent(store, volunteer_id: int, *, guardian: str, relation: str, given_on: date) -> int:
    """A guardian agreed that this minor may serve (recorded once; a later one replaces it in effect)."""
    guardian = _text(guardian, "监护人姓名")
    relation = _text(relation, "与志愿者的关系")
    name = _volunteer_name(store, volunteer_id)
    with store.write():
        row = store.execute(
            "INSERT INTO guardian_consent (volunteer_id, guardian, relation, given_on, created_at) VALUES (?, ?, ?, ?, ?)",
            (volunteer_id, guardian, relation, given_on.isoformat(), datetime.now())).lastrowid
        audit.record("add", "guardian_consent", row, volunteer=name, guardian=guardian, relation=relation)
    return row


def add_evaluation(store, volunteer_id: int, *, rating: int, comment: str = "", year: int | None = None,
                   activity_id: int | None = None) -> int:
    """评价: for one activity (its year is the activity's) or for a whole year."""
    if not 1 <= int(rating) <= 5:
        raise UserError("评价等级应为 1 到 5 星。")
    name = _volunteer_name(store, volunteer_id)
    if activity_id is not None:
        starts = store.scalar("SELECT starts_at FROM activity WHERE id = ?", (activity_id,))
        if starts is None:
            raise UserError("找不到这次活动。")
        year = required_date(starts).year
    if year is None:
        raise UserError("请选择评价的活动或年度。")
    with store.write():
        row = store.execute(
            "INSERT INTO evaluation (volunteer_id, activity_id, year, rating, comment, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (volunteer_id, activity_id, int(year), int(rating), comment.strip(), datetime.now())).lastrowid
        audit.record("add", "evaluation", row, volunteer=name, year=year, rating=int(rating))
    return row


KINDS = {"training": "培训记录", "qualification": "资质", "insurance": "保险", "guardian_consent": "监护人同意",
         "evaluation": "评价"}


def remove(store, kind: str, row_id: int, reason: str) -> None:
    """Only for a line entered by mistake: what was removed and why stays in the audit log."""
    if kind not in KINDS:
        raise ValueError(kind)
    if not reason.strip():
        raise UserError(f"删除{KINDS[kind]}必须填写原因。")
    rows = store.dicts(f"SELECT * FROM {kind} WHERE id = ?", (row_id,))
    if not rows:
        raise UserError(f"找不到这条{KINDS[kind]}。")
    with store.write():
        store.execute(f"DELETE FROM {kind} WHERE id = ?", (row_id,))
        audit.record("delete", kind, row_id, removed=rows[0], reason=reason.strip())


def group_policies(store, activity_id: int) -> list[Insurance]:
    """The accident insurance bought for everyone at one activity."""
    return [Insurance(r[0], r[1], r[2], required_date(r[3]), required_date(r[4]), r[5]) for r in store.execute(
        "SELECT i.id, i.insurer, i.policy, i.starts_on, i.ends_on, a.title FROM insurance i"
        " JOIN activity a ON a.id = i.activity_id WHERE i.activity_id = ? ORDER BY i.id", (activity_id,))]


def records(store, volunteer_id: int) -> Records:
    """Everything of one volunteer, newest first."""
    v = (volunteer_id,)
    return Records(
        [Training(r[0], required_date(r[1]), r[2], r[3], r[4]) for r in store.execute(
            "SELECT id, held_on, subject, hours, trainer FROM training WHERE volunteer_id = ?"
            " ORDER BY held_on DESC, id DESC", v)],
        [Qualification(r[0], r[1], r[2], r[3], as_date(r[4])) for r in store.execute(
            "SELECT id, kind, number, issued_by, valid_until FROM qualification WHERE volunteer_id = ?"
            " ORDER BY kind, valid_until DESC", v)],
        [Insurance(r[0], r[1], r[2], required_date(r[3]), required_date(r[4]), r[5] or "") for r in store.execute(
            "SELECT i.id, i.insurer, i.policy, i.starts_on, i.ends_on, a.title FROM insurance i"
            " LEFT JOIN participation p ON p.activity_id = i.activity_id AND p.volunteer_id = ?"
            " LEFT JOIN activity a ON a.id = i.activity_id"
            " WHERE i.volunteer_id = ? OR p.id IS NOT NULL ORDER BY i.ends_on DESC", v + v)],
        next((Consent(r[0], r[1], r[2], required_date(r[3])) for r in store.execute(
            "SELECT id, guardian, relation, given_on FROM guardian_consent WHERE volunteer_id = ?"
            " ORDER BY given_on DESC, id DESC LIMIT 1", v)), None),
        [Evaluation(*r) for r in store.execute(
            "SELECT e.id, e.year, coalesce(a.title, ''), e.rating, e.comment FROM evaluation e"
            " LEFT JOIN activity a ON a.id = e.activity_id WHERE e.volunteer_id = ? ORDER BY e.year DESC, e.id DESC", v)],
    )


# -- an activity's safety requirements ------------------------------------------------------------------
@dataclass(frozen=True)
class Safety:
    risky: bool  # 有风险: everyone must be insured on the day
    needs_qualification: str  # a qualification everyone must hold, valid on the day ("" for none)


def safety(store, activity_id: int) -> Safety:
    row = store.execute("SELECT risky, needs_qualification FROM activity_safety WHERE activity_id = ?",
                        (activity_id,)).fetchone()
    return Safety(bool(row[0]), row[1]) if row else Safety(False, "")


def set_safety(store, activity_id: int, *, risky: bool, needs_qualification: str = "") -> None:
    title = store.scalar("SELECT title FROM activity WHERE id = ?", (activity_id,))
    if title is None:
        raise UserError("找不到这次活动。")
    with store.write():
        store.execute("INSERT INTO activity_safety (activity_id, risky, needs_qualification) VALUES (?, ?, ?)"
                      " ON CONFLICT (activity_id) DO UPDATE SET risky = excluded.risky,"
                      " needs_qualification = excluded.needs_qualification",
                      (activity_id, int(risky), needs_qualification.strip()))
        audit.record("safety", "activity", activity_id, title=title, risky=risky,
                     needs_qualification=needs_qualification.strip())


@dataclass(frozen=True)
class Standing:
    """One volunteer on an activity's day: what a sign-up is warned of and what an inspector reads."""
    name: str
    age: int | None
    insured: str  # the insurer covering the day, their own or the activity's group policy ("" for none)
    consent: str  # the latest guardian's consent by the day, "关系 姓名" ("" for none)
    qualified: bool  # holds the activity's required qualification, valid that day (True when none is required)

    @property
    def minor(self) -> bool:
        return self.age is not None and self.age < ADULT_AGE


def _standings(store, activity_id: ActivityId, volunteer_ids: list[VolunteerId]) -> tuple[Safety, date, dict[int, Standing]]:
    """The activity's requirements, its day, and each volunteer's standing on it — a few queries for all
    of them, not several per person."""
    starts = store.scalar("SELECT starts_at FROM activity WHERE id = ?", (activity_id,))
    if starts is None:
        raise UserError("找不到这次活动。")
    day, rules = required_date(starts), safety(store, activity_id)
    on, ids = day.isoformat(), list(dict.fromkeys(volunteer_ids))
    group = store.scalar("SELECT insurer FROM insurance WHERE activity_id = ? AND starts_on <= ? AND ends_on >= ?"
                         " ORDER BY id LIMIT 1", (activity_id, on, on)) or ""
    own = dict(store.query_in(  # the policy ending last wins
        "SELECT volunteer_id, insurer FROM insurance WHERE starts_on <= ? AND ends_on >= ? AND volunteer_id IN ({in})"
        " ORDER BY ends_on", ids, prefix=(on, on)))
    consent = dict(store.query_in(  # the latest wins
        "SELECT volunteer_id, relation || ' ' || guardian FROM guardian_consent WHERE given_on <= ?"
        " AND volunteer_id IN ({in}) ORDER BY given_on, id", ids, prefix=(on,)))
    holding = {r[0] for r in store.query_in(
        "SELECT volunteer_id FROM qualification WHERE kind = ? AND (valid_until IS NULL OR valid_until >= ?)"
        " AND volunteer_id IN ({in})", ids, prefix=(rules.needs_qualification, on))}
    return rules, day, {vid: Standing(name, age_on(born, day), own.get(vid, group), consent.get(vid, ""),
                                      not rules.needs_qualification or vid in holding)
                        for vid, name, born in store.query_in(
                            "SELECT id, name, birth_date FROM volunteer WHERE id IN ({in})", ids)}


def _warnings(rules: Safety, day: date, standings: list[Standing]) -> list[str]:
    said = []
    for problem, who in ((f"未满{ADULT_AGE}岁、尚未登记监护人同意", [s for s in standings if s.minor and not s.consent]),
                         (f"这是有风险的活动，{day} 没有有效的意外保险", [s for s in standings if rules.risky and not s.insured]),
                         (f"这次活动需要“{rules.needs_qualification}”，{day} 没有有效的",
                          [s for s in standings if not s.qualified])):
        if who:
            said.append(f"{problem}：{'、'.join(s.name for s in who)}")
    return said


def signup_warnings(store, activity_id: ActivityId, volunteer_ids: list[VolunteerId]) -> list[str]:
    """What a sign-up should be told before these people serve at this activity: a minor without a
    guardian's consent, nobody insured on the day of a 有风险 activity, a required qualification missing
    or expired on the day. Warnings, not refusals: the station decides."""
    if not volunteer_ids or store.scalar("SELECT 1 FROM activity WHERE id = ?", (activity_id,)) is None:
        return []
    rules, day, standings = _standings(store, activity_id, volunteer_ids)
    return _warnings(rules, day, list(standings.values()))


def _signed_up(store, activity_id: ActivityId) -> list[VolunteerId]:
    return [r[0] for r in store.execute(
        "SELECT p.volunteer_id FROM participation p JOIN volunteer v ON v.id = p.volunteer_id"
        " WHERE p.activity_id = ? ORDER BY v.sort_name, v.id", (activity_id,))]


def activity_warnings(store, activity_id: ActivityId) -> list[str]:
    """The same for everyone signed up: what an inspector asks of one activity."""
    return signup_warnings(store, activity_id, _signed_up(store, activity_id))


@dataclass(frozen=True)
class RollLine:
    """One signed-up volunteer on the activity's day, for the 安全核查表."""
    name: str
    age: int | None
    trainings: int
    insured: str  # the insurer covering the day ("" for none)
    consent: str  # a minor's guardian ("" for none; "—" for an adult)
    qualified: str  # the required qualification held that day: "有效", "缺", or "—" when none is required


def activity_roll(store, activity_id: ActivityId) -> tuple[Safety, list[RollLine], list[str]]:
    """What an inspector asks of one activity: its requirements, each signed-up volunteer's standing on
    its day (by name), and the warnings a sign-up gets."""
    ids = _signed_up(store, activity_id)
    rules, day, standings = _standings(store, activity_id, ids)
    trained = dict(store.query_in("SELECT volunteer_id, count(*) FROM training WHERE volunteer_id IN ({in})"
                                  " GROUP BY volunteer_id", ids))
    lines = []
    for vid in ids:
        s = standings[vid]
        lines.append(RollLine(s.name, s.age, trained.get(vid, 0), s.insured, s.consent if s.minor else "—",
                              "—" if not rules.needs_qualification else ("有效" if s.qualified else "缺")))
    return rules, lines, _warnings(rules, day, list(standings.values()))


@dataclass(frozen=True)
class Expiring:
    what: str  # "急救证" / "意外保险"
    name: str
    volunteer_id: int
    ends_on: date


# CROSS JOIN keeps the expiry index outermost: left to itself SQLite walked all 100,000 active volunteers and
# looked up each one's records (58 ms warm, 350 cold at county size, on every 首页) instead of the month's
# few hundred expiring rows (3 ms).
_EXPIRING_SQL = (
    "SELECT q.kind, v.name, v.id, q.valid_until FROM qualification q CROSS JOIN volunteer v ON v.id = q.volunteer_id"
    " WHERE q.valid_until BETWEEN :today AND :until AND v.status = 'active'"
    " UNION ALL SELECT '意外保险', v.name, v.id, i.ends_on FROM insurance i CROSS JOIN volunteer v ON v.id = i.volunteer_id"
    " WHERE i.ends_on BETWEEN :today AND :until AND v.status = 'active'")


def _expiry_bounds(today: date | None, within: timedelta) -> dict:
    today = today or date.today()
    return {"today": today.isoformat(), "until": (today + within).isoformat()}


def expiring(store, *, today: date | None = None, within: timedelta = EXPIRING_WITHIN,
             limit: int = -1) -> list[Expiring]:
    """Qualifications and volunteers' own insurance ending between today and `within` from now, the
    soonest first (首页: at most `limit`; a county's month is a thousand of them)."""
    rows = store.execute(f"{_EXPIRING_SQL} ORDER BY 4, 2 LIMIT :limit",
                         {**_expiry_bounds(today, within), "limit": limit}).fetchall()
    return [Expiring(what, name, vid, required_date(ends)) for what, name, vid, ends in rows]


def expiring_count(store, *, today: date | None = None, within: timedelta = EXPIRING_WITHIN) -> int:
    return store.scalar(f"SELECT count(*) FROM ({_EXPIRING_SQL})", _expiry_bounds(today, within))


per_store(globals())  # model queries run on the store each function is given
