"""Sending a station's records upward: its stable identity (a UUID and an Ed25519 key, made once and
kept in the database, so every backup carries them) and the signed station package (.sdpkg) of a
year's — or all — records for the town's and county's rollup. Masked ID numbers by default."""

import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from stationdesk import __version__
from stationdesk.domain.masking import mask_id_number, mask_phone
from stationdesk.errors import UserError
from stationdesk.services import audit, rules
from stationdesk.services.station import get_station
from stationdesk.store import migrations
from stationdesk.store.database import per_store
from stationdesk.store.models import Setting

IDENTITY_KEY = "station_identity"


@dataclass(frozen=True)
class Identity:
    station_id: str  # a UUID: the same station whatever its name becomes
    public_key: str  # hex; the rollup trusts it on the first package it imports
    private_key: bytes


def identity(store) -> Identity:
    """The station's identity, made on first use."""
    row = Setting.get_or_none(Setting.key == IDENTITY_KEY)
    if row is None:  # (every start asks: the zip and key code load only when a key is made)
        from stationdesk.exchange.package import new_key

        private_key, public_key = new_key()
        value = f"{uuid.uuid4()} {public_key.hex()} {private_key.hex()}"
        with store.write():
            Setting.insert(key=IDENTITY_KEY, value=value).on_conflict_ignore().execute()
            audit.record("create_identity", "station", None)
        row = Setting.get(Setting.key == IDENTITY_KEY)
    station_id, public, private = row.value.split()
    return Identity(station_id, public, bytes.fromhex(private))


def export_package(store, out: str | Path, *, year: int | None = None, ids: str = "masked") -> dict:
    """Write the signed package; returns its manifest. `ids` "masked" (default) or "full" — full ID
    numbers are the explicit choice, and every export is in the audit log."""
    from stationdesk.exchange.package import write_package
    from stationdesk.services import stats

    if ids not in ("masked", "full"):
        raise UserError("证件号码只能选择 masked（打码，默认）或 full（完整）。")
    me = identity(store)
    info = get_station(store)
    period = stats.period_of(year) if year else None
    members = _members(store, year, full_ids=ids == "full")
    if period:
        members["stats"] = stats.compute(store, period, with_pairings=True).as_json()
    else:  # every year's figures, so the county counts a station that sends everything in every year
        members["yearly_stats"] = {str(y): stats.compute(store, stats.period_of(y)).as_json() for y in _years(store)}
    manifest = {
        "rules": {"daily_cap": rules.hours_rule(store).daily_cap},
        "station": {"id": me.station_id, "name": info.name, "parent": info.parent_institute,
                    "public_key": me.public_key},
        "app_version": __version__, "schema_version": migrations.LATEST,
        "period": {"year": year} if year else {"year": None},
        "created_at": datetime.now().isoformat(timespec="seconds"), "nonce": secrets.token_hex(8),
        "rows": {name: len(value) for name, value in members.items() if isinstance(value, list)},
        "personal_data": {"names": True, "id_numbers": ids, "phones": "masked"},
    }
    write_package(out, manifest, members, me.private_key)
    try:
        _check_written(store, out, year)
    except UserError:
        Path(out).unlink(missing_ok=True)  # never hand over a package that disagrees with the station
        raise
    with store.write():
        audit.record("export", "station", None, file=Path(out).name, format="package", year=year, id_numbers=ids)
    return manifest


def read_checked(path: str | Path, *, now: datetime | None = None):
    """A package read, verified and checked row by row (exchange.package_check): PackageRejected, in
    Chinese, naming what is wrong, or the Package."""
    from stationdesk.exchange.package import read_package
    from stationdesk.exchange.package_check import check_package

    package = read_package(path, station_schema=migrations.LATEST)
    check_package(package, Path(path).name, now=now or datetime.now())
    return package


def _check_written(store, out: str | Path, year: int | None) -> None:
    """Read the package just written back as a rollup would — which also compares each year's figures
    with its rows (exchange.package_check) — and compare the rows it holds with the station's own."""
    from stationdesk.exchange.package_check import LABELS

    package = read_checked(out)
    held = {"volunteers": "SELECT count(*) FROM volunteer",
            "activities": "SELECT count(*) FROM activity" + (" WHERE starts_at >= ? AND starts_at < ?" if year else ""),
            "participations": "SELECT count(*) FROM participation p JOIN activity a ON a.id = p.activity_id"
                              + (" WHERE a.starts_at >= ? AND a.starts_at < ?" if year else "")}
    for member, sql in held.items():
        expected = store.scalar(sql, _bounds(year) if year and "?" in sql else ())
        if len(package.members[member]) != expected:
            raise UserError(f"导出的数据包与本站数据不一致（{LABELS[member]}：包中 {len(package.members[member])} 条，"
                            f"本站 {expected} 条），已删除这个数据包。请把这个情况告诉技术支持。")


def _years(store) -> list[int]:
    """The years the station has records in, up to this one."""
    return [int(y) for (y,) in store.execute(
        "SELECT substr(starts_at, 1, 4) FROM activity WHERE status = 'done'"
        " UNION SELECT substr(coalesce(joined_on, created_at), 1, 4) FROM volunteer"
        " UNION SELECT substr(issued_on, 1, 4) FROM certificate") if y and y.isdigit() and int(y) <= date.today().year]


def _bounds(year: int) -> tuple[str, str]:
    return f"{year}-01-01", f"{year + 1}-01-01"


def _members(store, year: int | None, *, full_ids: bool) -> dict[str, object]:
    from stationdesk.services import pairings

    def within(column: str, sql: str) -> list[dict]:
        """Rows of `sql` (its `{where}` filled in) inside the year. Every year: no bound at all — a bound
        like '9999' is compared with a DATETIME column as the number 9999, which every ISO date fails."""
        where, params = (f" WHERE {column} >= ? AND {column} < ?", _bounds(year)) if year else ("", ())
        return store.dicts(sql.format(where=where), params)

    id_of = (lambda v: v or "") if full_ids else mask_id_number
    rows: dict[str, object] = {
        "volunteers": [
            {"id": r[0], "name": r[1], "gender": r[2], "birth_date": r[3], "id_number": id_of(r[4]),
             "phone": mask_phone(r[5] or ""), "village_group": r[6], "political_status": r[7], "status": r[8]}
            for r in store.execute("SELECT id, name, gender, birth_date, id_number, phone, village_group,"
                                   " political_status, status FROM volunteer ORDER BY id")],
        "teams": store.dicts("SELECT id, name, category, parent_id, archived FROM team ORDER BY id"),
        "team_members": store.dicts("SELECT team_id, volunteer_id, role FROM team_member ORDER BY id"),
        "activities": within("starts_at", "SELECT id, title, category, brand, starts_at, ends_at, place, status,"
                             " beneficiaries, organiser_team_id, pairing_id FROM activity{where} ORDER BY id"),
        "participations": within("a.starts_at", "SELECT p.activity_id, p.volunteer_id, p.attended, p.hours"
                                 " FROM participation p JOIN activity a ON a.id = p.activity_id{where} ORDER BY p.id"),
        "certificates": within("issued_on", "SELECT serial, kind, volunteer_id, issued_on,"
                               " voided_at IS NOT NULL AS voided FROM certificate{where} ORDER BY serial"),
        "requests": within("requested_at", "SELECT id, state, requested_at, done_at, rating, activity_id"
                           " FROM service_request{where} ORDER BY id"),
    }
    today = datetime.now().date()
    chosen = pairings.list_pairings(store, today=today)
    fulfilled = pairings.year_fulfilment(store, chosen, year or today.year, today=today, evidence=False)
    rows["pairings"] = [{"id": p.id, "unit": p.unit_name, "starts_on": p.starts_on, "ends_on": p.term.last_day,
                         "status": p.status, "fulfilment": [{"aspect": c.aspect, "target": c.target, "done": c.done,
                                                             "status": c.status} for c in fulfilled[p.id]]}
                        for p in chosen]
    return rows


per_store(globals())  # model queries run on the store each function is given
