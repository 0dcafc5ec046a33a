"""The station's own particulars (name, parent institute, manager), printed on every document."""

from dataclasses import dataclass

from stationdesk.services import audit
from stationdesk.store.models import Station


@dataclass(frozen=True)
class StationInfo:
    name: str = "新时代文明实践站"
    level: str = "station"
    parent_institute: str = ""
    address: str = ""
    manager: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Overview:
    volunteers: int  # on the roster (not archived)
    archived: int
    teams: int  # not disbanded


def overview(store) -> Overview:
    """The station at a glance, in one query: what 首页 shows before anything else."""
    return Overview(*store.execute(
        "SELECT (SELECT count(*) FROM volunteer WHERE status = 'active'),"
        " (SELECT count(*) FROM volunteer WHERE status = 'archived'),"
        " (SELECT count(*) FROM team WHERE archived = 0)").fetchone())


def get_station(store) -> StationInfo:
    row = Station.select().order_by(Station.id).first()
    if row is None:
        return StationInfo()
    return StationInfo(name=row.name, level=row.level, parent_institute=row.parent_institute,
                       address=row.address, manager=row.manager, phone=row.phone)


def save_station(store, info: StationInfo) -> None:
    with store.write():
        Station.delete().execute()
        Station.insert(**info.__dict__).execute()
        audit.record("save_station", "station", None, name=info.name)
