"""汇总: a town imports its stations' signed packages and sees every station and the totals. A package is
verified whole before anything changes; it replaces that station's rows in one transaction; the same
package twice changes nothing; an older one than held, or one signed by another key, is refused."""

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from stationdesk.errors import UserError
from stationdesk.exchange.package import read_package
from stationdesk.store.rollup import RActivity, RollupStore, RParticipation, RStation, RStats, RVolunteer

SILENT_AFTER = timedelta(days=40)  # a station that has sent nothing for this long is flagged


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


FIGURES = ("activities", "participations", "volunteers_active", "hours", "beneficiaries", "new_volunteers",
           "certificates")


def totals(rollup: RollupStore, year: int) -> dict:
    """The stations' own statistics for `year` and their sum (each station's figures as it computed them)."""
    per_station = []
    for row in RStats.select(RStats, RStation).join(RStation).where(RStats.year == year).order_by(RStation.name):
        figures = json.loads(row.figures)
        per_station.append({"station_id": row.station.station_id, "name": row.station.name,
                            **{k: figures[k] for k in FIGURES}})
    summed = {k: sum(s[k] for s in per_station) for k in FIGURES}
    summed["hours"] = round(summed["hours"], 2)
    return {"year": year, **summed, "stations": per_station}
