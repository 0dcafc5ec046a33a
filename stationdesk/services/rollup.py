"""汇总: a town imports its stations' signed packages and sees every station and the totals. A package is
verified whole and checked row by row before anything changes; it replaces that station's rows in one
transaction; the same package twice changes nothing; an older one than held, one from the future, or one
signed by another key is refused. Stations can be removed, replaced by their reinstalled selves and
reinstated, each kept in the audit table."""

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from peewee import fn

from stationdesk.domain.masking import person_key
from stationdesk.errors import UserError
from stationdesk.exchange.package_check import FUTURE_SLACK
from stationdesk.files import protect
from stationdesk.store.database import per_store
from stationdesk.store.rollup import (
    RActivity,
    RAudit,
    RollupStore,
    RParticipation,
    RStation,
    RStats,
    RVolunteer,
    open_rollup,
    tuples,
)

SILENT_AFTER = timedelta(days=40)  # a station that has sent nothing for this long is flagged


def open_target(target: str, *, upgrade: bool = False) -> RollupStore:
    """A town's SQLite file or a county's postgresql:// database; with `upgrade` it is made or brought
    up to date (import, init, upgrade, the window), else only read. The open file is protected from
    every output of this process, as a station's is."""
    store = open_rollup(target, upgrade=upgrade)
    if not store.is_server:
        protect(Path(target), "正在使用的汇总数据库")
    return store


@dataclass(frozen=True)
class Imported:
    station: str
    name: str
    outcome: str  # "imported", "unchanged"
    rows: int
    note: str = ""  # something the town should look at (a station of the same name, a clock put right)


def import_package(store, path: str | Path, *, re_register: bool = False, now: datetime | None = None) -> Imported:
    from stationdesk.services.packages import read_checked

    now = now or datetime.now()
    package = read_checked(path, now=now)  # PackageRejected: nothing changes
    m, file = package.manifest, Path(path).name
    station, sid = m["station"], m["station"]["id"]
    note = ""
    with store.write():
        store.serialise(sid)  # a second import of the same station waits here, then reads what the first wrote
        held = RStation.get_or_none(RStation.station_id == sid)
        if held is not None:
            if held.removed_at is not None:
                raise UserError(f"站点“{held.name}”已于 {held.removed_at[:10]} 移除（{held.removed_reason}），"
                                f"数据包 {file} 没有导入。如要恢复这个站点，请用 rollup reinstate。")
            if held.package_sha256 == package.sha256:
                return Imported(sid, station["name"], "unchanged", 0)
            if held.public_key != station["public_key"] and not re_register:
                raise UserError(f"数据包 {file} 的签名密钥与“{held.name}”登记的不同：可能不是同一个站点发来的。"
                                "确认站点重装过软件后，可用 --re-register 重新登记。")
            if held.created_at > m["created_at"]:
                if datetime.fromisoformat(held.created_at) <= now + FUTURE_SLACK:
                    raise UserError(f"数据包 {file}（{m['created_at']}）比已导入的（{held.created_at}）旧，没有导入。")
                # What is held was dated in the future by a wrong clock: a genuine package may replace it.
                note = f"已导入的数据包日期在未来（{held.created_at[:10]}），站点电脑的日期曾经设错；已用这个数据包替换。"
                _audit("clock_recovered", sid, detail={"held": held.created_at, "new": m["created_at"]}, now=now)
            if held.public_key != station["public_key"]:
                _audit("re_register", sid, detail={"old_key": held.public_key}, now=now)
        else:
            twins = [s.name for s in RStation.select().where(RStation.name == station["name"],
                                                             RStation.removed_at.is_null())]
            if twins:
                note = (f"已有同名站点“{station['name']}”（另一个站点编号）。如果是站点重装软件后重新导出，"
                        "请用 rollup replace 把旧的换成新的，以免合计重复计算。")
        _replace_rows(store, package, now)
    if held is None and _doubled(RStation.select().count()):
        store.refresh_statistics()  # the tables doubled: 1, 2, 4 … 2,048 stations, 12 times for a county
    return Imported(sid, station["name"], "imported", sum(m["rows"].values()), note)


def _doubled(stations: int) -> bool:
    return stations & (stations - 1) == 0


def _replace_rows(store: RollupStore, package, now: datetime) -> None:
    m, members = package.manifest, package.members
    station, sid = m["station"], m["station"]["id"]
    before = [k for (k,) in tuples(RVolunteer.select(RVolunteer.person_key).where(RVolunteer.station == sid))]
    RStation.delete().where(RStation.station_id == sid).execute()  # its rows cascade
    RStation.insert(station_id=sid, name=station["name"], parent=station.get("parent") or "",
                    public_key=station["public_key"], year=m["period"]["year"], created_at=m["created_at"],
                    package_sha256=package.sha256, imported_at=now).execute()
    keys = [person_key(v["name"], v.get("birth_date"), v.get("id_number")) or f"{sid}/{v['id']}"
            for v in members["volunteers"]]
    store.insert_rows(RVolunteer, ("station_id", "local_id", "name", "gender", "birth_date", "id_number",
                                   "village_group", "status", "person_key"),
                      ((sid, v["id"], v["name"], v.get("gender") or "", v.get("birth_date") or None,
                        v.get("id_number") or "", v.get("village_group") or "", v.get("status") or "active", key)
                       for v, key in zip(members["volunteers"], keys, strict=True)))
    store.mark_elsewhere(sorted(set(before) | set(keys)))
    store.insert_rows(RActivity, ("station_id", "local_id", "title", "category", "starts_at", "status",
                                  "beneficiaries"),
                      ((sid, a["id"], a["title"], a.get("category") or "", a["starts_at"], a["status"],
                        a.get("beneficiaries") or 0) for a in members["activities"]))
    store.insert_rows(RParticipation, ("station_id", "activity_id", "volunteer_id", "attended", "seconds"),
                      ((sid, p["activity_id"], p["volunteer_id"], bool(p["attended"]), round((p["hours"] or 0) * 3600))
                       for p in members["participations"]))
    yearly = {str(m["period"]["year"]): members["stats"]} if m["period"]["year"] else members.get("yearly_stats", {})
    store.insert_rows(RStats, ("station_id", "year", "figures"),
                      ((sid, int(year), json.dumps(figures)) for year, figures in yearly.items()))


def _audit(action: str, station_id: str, *, reason: str = "", detail: dict | None = None,
           now: datetime | None = None) -> None:
    RAudit.insert(at=(now or datetime.now()).isoformat(timespec="seconds"), action=action, station_id=station_id,
                  reason=reason, detail=json.dumps(detail or {}, ensure_ascii=False)).execute()


def find_station(store, which: str) -> RStation:
    """A station by its id, or by its name when only one station has it."""
    found = list(RStation.select().where((RStation.station_id == which) | (RStation.name == which)))
    if not found:
        raise UserError(f"汇总数据库里没有站点“{which}”。请用 rollup stations 查看站点名称和编号。")
    if len(found) > 1:
        raise UserError(f"有 {len(found)} 个站点叫“{which}”，请用站点编号指明：" + "、".join(s.station_id for s in found))
    return found[0]


def remove_station(store, which: str, *, reason: str, now: datetime | None = None) -> str:
    """Take a station out of every count (its rows are kept: `reinstate_station` brings it back)."""
    reason = _reason(reason)
    with store.write():
        station = find_station(store, which)
        if station.removed_at is not None:
            raise UserError(f"站点“{station.name}”已经移除了。")
        _set_removed(station, now, reason, None)
        _audit("remove", station.station_id, reason=reason, now=now)
    return station.name


def replace_station(store, old: str, new: str, *, reason: str, now: datetime | None = None) -> tuple[str, str]:
    """A station reinstalled without its backup sends packages under a new identity: declare the new
    one the same station, and the old one's rows leave every count in the same transaction."""
    reason = _reason(reason)
    with store.write():
        before, after = find_station(store, old), find_station(store, new)
        if before.station_id == after.station_id:
            raise UserError("旧站点和新站点是同一个。")
        if before.removed_at is not None or after.removed_at is not None:
            raise UserError("旧站点或新站点已经移除，请先恢复（rollup reinstate）。")
        _set_removed(before, now, reason, after.station_id)
        _audit("replace", before.station_id, reason=reason, detail={"by": after.station_id, "name": after.name}, now=now)
    return before.name, after.name


def reinstate_station(store, which: str, *, reason: str, now: datetime | None = None) -> str:
    """Undo a removal or a replacement: the station counts again."""
    reason = _reason(reason)
    with store.write():
        station = find_station(store, which)
        if station.removed_at is None:
            raise UserError(f"站点“{station.name}”没有被移除，不需要恢复。")
        _audit("reinstate", station.station_id, reason=reason,
               detail={"removed_at": station.removed_at, "replaced_by": station.replaced_by}, now=now)
        RStation.update(removed_at=None, removed_reason="", replaced_by=None).where(
            RStation.station_id == station.station_id).execute()
    return station.name


def _set_removed(station: RStation, now: datetime | None, reason: str, by: str | None) -> None:
    RStation.update(removed_at=(now or datetime.now()).isoformat(timespec="seconds"), removed_reason=reason,
                    replaced_by=by).where(RStation.station_id == station.station_id).execute()


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise UserError("请写明原因（--reason），它会记入汇总数据库的操作记录。")
    return reason


def audit_log(store) -> list[dict]:
    names = dict(tuples(RStation.select(RStation.station_id, RStation.name)))
    return [{"at": a.at, "action": a.action, "station_id": a.station_id, "station": names.get(a.station_id, ""),
             "reason": a.reason, "detail": json.loads(a.detail)} for a in RAudit.select().order_by(RAudit.id)]


@dataclass(frozen=True)
class StationLine:
    station_id: str
    name: str
    parent: str
    year: int | None
    created_at: str
    silent: bool  # nothing received for more than 40 days
    removed: str = ""  # why it counts nowhere (removed or replaced), else ""


def stations(store, *, today: date | None = None) -> list[StationLine]:
    today = today or date.today()
    return [StationLine(s.station_id, s.name, s.parent, s.year, s.created_at,
                        s.removed_at is None and date.fromisoformat(s.created_at[:10]) < today - SILENT_AFTER,
                        "" if s.removed_at is None else
                        f"{s.removed_at[:10]} {'被新站点替换' if s.replaced_by else '已移除'}：{s.removed_reason}")
            for s in RStation.select().order_by(RStation.removed_at.is_null(False), RStation.name)]


LABELS = [("activities", "开展活动（次）"), ("participations", "志愿者参与（人次）"),
          ("volunteers_active", "参与志愿者（人）"), ("hours", "服务时长（小时）"),
          ("beneficiaries", "受益群众（人次）"), ("new_volunteers", "新注册志愿者（人）"),
          ("certificates", "出具证书（份）")]
FIGURES = tuple(key for key, _ in LABELS)
_COUNTED = RStation.removed_at.is_null()


def totals(store, year: int, month: int | None = None) -> dict:
    """Each station's figures for `year` and the total: for a year, the station's own statistics as it
    computed them; for a `month`, counted here from the activities and attendance the packages carry
    (new volunteers and certificates are not in them by month: None). The total of people who served
    counts each person once, however many stations they served at (`counted_twice` says how many
    station figures the plain sum would have counted again)."""
    if month is not None:
        return _month_totals(year, month)
    per_station = []
    for row in (RStats.select(RStats, RStation).join(RStation)
                .where((RStats.year == year) & _COUNTED).order_by(RStation.name)):
        figures = json.loads(row.figures)  # (a rollup of 0.1 may hold figures no check has read: missing is None)
        per_station.append({"station_id": row.station.station_id, "name": row.station.name,
                            "parent": row.station.parent, **{k: figures.get(k) for k in FIGURES}})
    return {"year": year, **_summed(per_station, _year_bounds(year)), "stations": per_station}


def _year_bounds(year: int) -> tuple[str, str]:
    return f"{year}-01-01", f"{year + 1}-01-01"


def _summed(per_station: list[dict], bounds: tuple[str, str]) -> dict:
    summed = {k: None if any(s[k] is None for s in per_station) else sum(s[k] for s in per_station) for k in FIGURES}
    if summed["hours"] is not None:
        summed["hours"] = round(math.fsum(s["hours"] for s in per_station), 2)
    twice = _counted_twice(bounds, [s["station_id"] for s in per_station])
    if summed["volunteers_active"] is not None:
        summed["volunteers_active"] -= twice
    return {**summed, "counted_twice": twice}


def _counted_twice(bounds: tuple[str, str], station_ids: list[str]) -> int:
    """How many more times the stations' own counts of people who served in `bounds` name someone than
    there are people: a person who served at three stations is in three stations' figures, once here."""
    if len(station_ids) < 2:
        return 0
    served = (RParticipation.select(RParticipation.id)
              .join(RActivity, on=((RActivity.station == RParticipation.station)
                                   & (RActivity.local_id == RParticipation.activity_id)))
              .where((RParticipation.station == RVolunteer.station) & (RParticipation.volunteer_id == RVolunteer.local_id)
                     & RParticipation.attended & (RActivity.status == "done")
                     & (RActivity.starts_at >= bounds[0]) & (RActivity.starts_at < bounds[1])))
    stations_each = (RVolunteer.select(fn.COUNT(RVolunteer.station.distinct()))
                     .where(RVolunteer.elsewhere & RVolunteer.station.in_(station_ids) & fn.EXISTS(served))
                     .group_by(RVolunteer.person_key))
    return sum(n - 1 for (n,) in tuples(stations_each))


BY_MONTH = ("activities", "participations", "volunteers_active", "hours", "beneficiaries")


def _month_totals(year: int, month: int) -> dict:
    if not 1 <= month <= 12:
        raise UserError("月份应为 1 到 12。")
    first = date(year, month, 1)
    bounds = (first.isoformat(), (first + timedelta(days=32)).replace(day=1).isoformat())
    held = (RActivity.status == "done") & (RActivity.starts_at >= bounds[0]) & (RActivity.starts_at < bounds[1])
    counted = {sid: {"activities": n, "beneficiaries": int(b or 0)} for sid, n, b in tuples(
        RActivity.select(RActivity.station, fn.COUNT(RActivity.id), fn.SUM(RActivity.beneficiaries))
        .where(held).group_by(RActivity.station))}
    for sid, n, seconds, people in tuples(
            RParticipation.select(RParticipation.station, fn.COUNT(RParticipation.id), fn.SUM(RParticipation.seconds),
                                  fn.COUNT(RParticipation.volunteer_id.distinct()))
            .join(RActivity, on=((RActivity.station == RParticipation.station)
                                 & (RActivity.local_id == RParticipation.activity_id)))
            .where(held & RParticipation.attended).group_by(RParticipation.station)):
        counted.setdefault(sid, {}).update(participations=n, hours=hours_of(seconds), volunteers_active=people)
    covering = (RStation.year == year) | RStation.year.is_null()  # a package of every year holds this month too
    per_station = [{"station_id": s.station_id, "name": s.name, "parent": s.parent,
                    **{k: counted.get(s.station_id, {}).get(k, 0) for k in BY_MONTH},
                    "new_volunteers": None, "certificates": None}
                   for s in RStation.select().where(covering & _COUNTED).order_by(RStation.name)]
    return {"year": year, "month": month, **_summed(per_station, bounds), "stations": per_station}


def hours_of(seconds) -> float:
    """Hours as the station shows them: whole seconds summed exactly, rounded to the hundredth."""
    return round(int(seconds or 0) / 3600, 2)


@dataclass(frozen=True)
class Registration:
    station_id: str
    station: str
    volunteer_id: int  # the station's own id
    name: str
    id_number: str  # as the station sent it (masked unless full)
    hours: float  # attended hours in the station's package


@dataclass(frozen=True)
class CrossStation:
    """One person, probably, registered at more than one station."""
    by: str  # what matched
    registrations: tuple[Registration, ...]


BY_ID = "证件号码相同"
BY_PARTICULARS = "姓名、出生日期和打码证件号相同"


def duplicates(store) -> list[CrossStation]:
    """People registered at more than one station counted: the same name, birth date and ID number as
    masked (first 6 and last 4) — a full number matches its masked form from another station, and a
    name alone is too weak. Said to match by ID number when every station sent the same full number."""
    shared = [key for (key,) in tuples(RVolunteer.select(RVolunteer.person_key).join(RStation)
              .where(RVolunteer.elsewhere & _COUNTED)
              .group_by(RVolunteer.person_key).having(fn.COUNT(RVolunteer.station.distinct()) > 1))]
    names = dict(tuples(RStation.select(RStation.station_id, RStation.name)))
    people = defaultdict(list)
    for start in range(0, len(shared), 500):
        for key, station, local, name, number in tuples(
                RVolunteer.select(RVolunteer.person_key, RVolunteer.station, RVolunteer.local_id, RVolunteer.name,
                                  RVolunteer.id_number).join(RStation)
                .where(RVolunteer.person_key.in_(shared[start:start + 500]) & _COUNTED)):
            people[key].append((station, local, name, number))
    hours = _hours({(station, local) for rows in people.values() for station, local, _, _ in rows})
    found = []
    for rows in people.values():
        numbers = {number for *_, number in rows}
        by = BY_ID if len(numbers) == 1 and "*" not in next(iter(numbers)) and next(iter(numbers)) else BY_PARTICULARS
        found.append(CrossStation(by, tuple(
            Registration(station, names[station], local, name, number, hours.get((station, local), 0.0))
            for station, local, name, number in sorted(rows, key=lambda r: (names[r[0]], r[1])))))
    return sorted(found, key=lambda d: (d.registrations[0].name, d.registrations[0].station_id))


def _hours(keys: set[tuple[str, int]]) -> dict[tuple[str, int], float]:
    """Attended hours of these (station, volunteer) pairs, one query per station involved."""
    wanted = defaultdict(list)
    for station, local in keys:
        wanted[station].append(local)
    hours: dict[tuple[str, int], float] = {}
    for station, locals_ in wanted.items():
        for start in range(0, len(locals_), 500):
            hours.update(((station, v), hours_of(seconds)) for v, seconds in tuples(RParticipation.select(
                RParticipation.volunteer_id, fn.SUM(RParticipation.seconds)).where(
                RParticipation.station == station, RParticipation.attended,
                RParticipation.volunteer_id.in_(locals_[start:start + 500])).group_by(
                RParticipation.volunteer_id)))
    return hours


def not_reported(store, year: int) -> list[str]:
    """Stations counted whose latest package has no figures for `year`."""
    reported = RStats.select(RStats.station).where(RStats.year == year)
    return [name for (name,) in tuples(RStation.select(RStation.name).where(RStation.station_id.not_in(reported) & _COUNTED)
            .order_by(RStation.name))]


def office_name(store) -> str:
    """The institute every counted station names as its parent, if they all name the same one."""
    parents = {p for (p,) in tuples(RStation.select(RStation.parent).where(_COUNTED).distinct())}
    return parents.pop() if len(parents) == 1 else ""


def print_summary(store, year: int, out: str | Path, *, office: str = "",
                  found: list[CrossStation] | None = None) -> int:
    """汇总表 PDF for the year; returns its page count. `found`: the duplicates already looked for (the
    window has them; a county's take seconds to find again)."""
    from stationdesk.reports.rollup_summary import build_summary

    found = duplicates(store) if found is None else found
    return build_summary(totals(store, year), LABELS, out, office=office or office_name(store),
                         printed_at=datetime.now(), not_reported=not_reported(store, year), duplicates=len(found))


def export_stats(store, year: int, out: str | Path, *, found: list[CrossStation] | None = None) -> None:
    from stationdesk.exchange.stats_export import write_rollup

    write_rollup(totals(store, year), LABELS, duplicates(store) if found is None else found, out)


per_store(globals())  # model queries run on the rollup each function is given
