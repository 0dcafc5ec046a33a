"""汇总: a town imports its stations' signed packages and sees every station and the totals. A package is
verified whole before anything changes; it replaces that station's rows in one transaction; the same
package twice changes nothing; an older one than held, or one signed by another key, is refused."""

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from peewee import fn

from stationdesk.domain.masking import mask_id_number
from stationdesk.errors import UserError
from stationdesk.exchange.package import read_package
from stationdesk.store.rollup import (
    RActivity,
    RollupStore,
    RParticipation,
    RStation,
    RStats,
    RVolunteer,
    open_rollup,
)

SILENT_AFTER = timedelta(days=40)  # a station that has sent nothing for this long is flagged


def open_target(target: str) -> RollupStore:
    """A town's SQLite file (made on first use) or a county's postgresql:// database."""
    return open_rollup(target)


@dataclass(frozen=True)
class Imported:
    station: str
    name: str
    outcome: str  # "imported", "unchanged"
    rows: int


def import_package(rollup: RollupStore, path: str | Path, *, re_register: bool = False) -> Imported:
    package = read_package(path)  # raises PackageRejected: nothing changes
    m = package.manifest
    station = m["station"]
    digest = package.sha256
    held = RStation.get_or_none(RStation.station_id == station["id"])
    if held is not None:
        if held.package_sha256 == digest:
            return Imported(station["id"], station["name"], "unchanged", 0)
        if held.public_key != station["public_key"] and not re_register:
            raise UserError(f"数据包 {Path(path).name} 的签名密钥与“{held.name}”登记的不同：可能不是同一个站点发来的。"
                            "确认站点重装过软件后，可用 --re-register 重新登记。")
        if held.created_at > m["created_at"]:
            raise UserError(f"数据包 {Path(path).name}（{m['created_at']}）比已导入的（{held.created_at}）旧，没有导入。")
    members = package.members
    with rollup.write():
        RStation.delete().where(RStation.station_id == station["id"]).execute()  # its rows cascade
        RStation.insert(station_id=station["id"], name=station["name"], parent=station.get("parent", ""),
                        public_key=station["public_key"], year=m["period"]["year"], created_at=m["created_at"],
                        package_sha256=digest, imported_at=datetime.now()).execute()
        sid = station["id"]
        _insert(RVolunteer, [dict(station=sid, local_id=v["id"], name=v["name"], gender=v["gender"] or "",
                                  birth_date=v["birth_date"], id_number=v["id_number"] or "",
                                  village_group=v["village_group"] or "", status=v["status"])
                             for v in members["volunteers"]])
        _insert(RActivity, [dict(station=sid, local_id=a["id"], title=a["title"], category=a["category"] or "",
                                 starts_at=a["starts_at"], status=a["status"], beneficiaries=a["beneficiaries"] or 0)
                            for a in members["activities"]])
        _insert(RParticipation, [dict(station=sid, activity_id=p["activity_id"], volunteer_id=p["volunteer_id"],
                                      attended=bool(p["attended"]), hours=p["hours"] or 0)
                                 for p in members["participations"]])
        if "stats" in members and m["period"]["year"]:
            RStats.insert(station=sid, year=m["period"]["year"], figures=json.dumps(members["stats"])).execute()
    return Imported(sid, station["name"], "imported", sum(m["rows"].values()))


def _insert(model, rows: list[dict], batch: int = 500) -> None:
    for start in range(0, len(rows), batch):
        model.insert_many(rows[start:start + batch]).execute()


@dataclass(frozen=True)
class StationLine:
    station_id: str
    name: str
    parent: str
    year: int | None
    created_at: str
    silent: bool  # nothing received for more than 40 days


def stations(rollup: RollupStore, *, today: date | None = None) -> list[StationLine]:
    today = today or date.today()
    return [StationLine(s.station_id, s.name, s.parent, s.year, s.created_at,
                        date.fromisoformat(s.created_at[:10]) < today - SILENT_AFTER)
            for s in RStation.select().order_by(RStation.name)]


LABELS = [("activities", "开展活动（次）"), ("participations", "志愿者参与（人次）"),
          ("volunteers_active", "参与志愿者（人）"), ("hours", "服务时长（小时）"),
          ("beneficiaries", "受益群众（人次）"), ("new_volunteers", "新注册志愿者（人）"),
          ("certificates", "出具证书（份）")]
FIGURES = tuple(key for key, _ in LABELS)


def totals(rollup: RollupStore, year: int, month: int | None = None) -> dict:
    """Each station's figures for `year` and their sum: for a year, the station's own statistics as it
    computed them; for a `month`, counted here from the activities and attendance the packages carry
    (new volunteers and certificates are not in them by month: None)."""
    if month is not None:
        return _month_totals(year, month)
    per_station = []
    for row in RStats.select(RStats, RStation).join(RStation).where(RStats.year == year).order_by(RStation.name):
        figures = json.loads(row.figures)
        per_station.append({"station_id": row.station.station_id, "name": row.station.name,
                            "parent": row.station.parent, **{k: figures[k] for k in FIGURES}})
    return {"year": year, **_summed(per_station), "stations": per_station}


def _summed(per_station: list[dict]) -> dict:
    summed = {k: None if any(s[k] is None for s in per_station) else sum(s[k] for s in per_station) for k in FIGURES}
    if summed["hours"] is not None:
        summed["hours"] = round(summed["hours"], 2)
    return summed


BY_MONTH = ("activities", "participations", "volunteers_active", "hours", "beneficiaries")


def _month_totals(year: int, month: int) -> dict:
    if not 1 <= month <= 12:
        raise UserError("月份应为 1 到 12。")
    first = date(year, month, 1)
    bounds = (first.isoformat(), (first + timedelta(days=32)).replace(day=1).isoformat())
    held = (RActivity.status == "done") & (RActivity.starts_at >= bounds[0]) & (RActivity.starts_at < bounds[1])
    counted = {sid: {"activities": n, "beneficiaries": int(b or 0)} for sid, n, b in (
        RActivity.select(RActivity.station, fn.COUNT(RActivity.id), fn.SUM(RActivity.beneficiaries))
        .where(held).group_by(RActivity.station).tuples())}
    for sid, n, hours, people in (
            RParticipation.select(RParticipation.station, fn.COUNT(RParticipation.id), fn.SUM(RParticipation.hours),
                                  fn.COUNT(RParticipation.volunteer_id.distinct()))
            .join(RActivity, on=((RActivity.station == RParticipation.station)
                                 & (RActivity.local_id == RParticipation.activity_id)))
            .where(held & RParticipation.attended).group_by(RParticipation.station).tuples()):
        counted.setdefault(sid, {}).update(participations=n, hours=float(hours or 0), volunteers_active=people)
    per_station = [{"station_id": s.station_id, "name": s.name, "parent": s.parent,
                    **{k: counted.get(s.station_id, {}).get(k, 0) for k in BY_MONTH},
                    "new_volunteers": None, "certificates": None}
                   for s in RStation.select().where(RStation.year == year).order_by(RStation.name)]
    return {"year": year, "month": month, **_summed(per_station), "stations": per_station}


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


def duplicates(rollup: RollupStore) -> list[CrossStation]:
    """People registered at more than one station: by the whole ID number where both stations sent it in
    full, else by name, birth date and the masked ID (first 6 and last 4) — a name alone is too weak."""
    by_id, by_particulars, seen = defaultdict(list), defaultdict(list), {}
    for station, local, name, birth, number in (
            RVolunteer.select(RVolunteer.station, RVolunteer.local_id, RVolunteer.name, RVolunteer.birth_date,
                              RVolunteer.id_number).tuples().iterator()):
        key = (station, local)
        seen[key] = (name, number)
        if number and "*" not in number:
            by_id[number].append(key)
        if birth or number:
            by_particulars[(name, birth or "", mask_id_number(number))].append(key)
    groups, grouped = [], set()
    for by, table in ((BY_ID, by_id), (BY_PARTICULARS, by_particulars)):
        for keys in table.values():
            if len({station for station, _ in keys}) > 1 and not set(keys) <= grouped:
                groups.append((by, keys))
                grouped.update(keys)
    hours = _hours(grouped)
    names = dict(RStation.select(RStation.station_id, RStation.name).tuples())
    return [CrossStation(by, tuple(Registration(station, names[station], local, *seen[(station, local)],
                                                hours.get((station, local), 0.0))
                                   for station, local in sorted(keys, key=lambda k: (names[k[0]], k[1]))))
            for by, keys in sorted(groups, key=lambda g: seen[g[1][0]][0])]


def _hours(keys: set[tuple[str, int]]) -> dict[tuple[str, int], float]:
    """Attended hours of these (station, volunteer) pairs, one query per station involved."""
    wanted = defaultdict(list)
    for station, local in keys:
        wanted[station].append(local)
    hours = {}
    for station, locals_ in wanted.items():
        for start in range(0, len(locals_), 500):
            hours.update(((station, v), h) for v, h in RParticipation.select(
                RParticipation.volunteer_id, fn.SUM(RParticipation.hours)).where(
                RParticipation.station == station, RParticipation.attended,
                RParticipation.volunteer_id.in_(locals_[start:start + 500])).group_by(
                RParticipation.volunteer_id).tuples())
    return hours


def not_reported(rollup: RollupStore, year: int) -> list[str]:
    """Stations held whose latest package has no figures for `year`."""
    reported = RStats.select(RStats.station).where(RStats.year == year)
    return [name for (name,) in RStation.select(RStation.name).where(RStation.station_id.not_in(reported))
            .order_by(RStation.name).tuples()]


def office_name(rollup: RollupStore) -> str:
    """The institute every station names as its parent, if they all name the same one."""
    parents = {p for (p,) in RStation.select(RStation.parent).distinct().tuples()}
    return parents.pop() if len(parents) == 1 else ""


def print_summary(rollup: RollupStore, year: int, out: str | Path, *, office: str = "",
                  found: list[CrossStation] | None = None) -> int:
    """汇总表 PDF for the year; returns its page count. `found`: the duplicates already looked for (the
    window has them; a county's take seconds to find again)."""
    from stationdesk.reports.rollup_summary import build_summary

    found = duplicates(rollup) if found is None else found
    return build_summary(totals(rollup, year), LABELS, out, office=office or office_name(rollup),
                         printed_at=datetime.now(), not_reported=not_reported(rollup, year), duplicates=len(found))


def export_stats(rollup: RollupStore, year: int, out: str | Path, *, found: list[CrossStation] | None = None) -> None:
    from stationdesk.exchange.stats_export import write_rollup

    write_rollup(totals(rollup, year), LABELS, duplicates(rollup) if found is None else found, out)
