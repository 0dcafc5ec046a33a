"""The station's own particulars (name, parent institute, manager), printed on every document."""

from dataclasses import dataclass

from stationdesk.errors import UserError
from stationdesk.services import audit
from stationdesk.store.database import per_store
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
    """The station at a glance, in one query: what 首页 shows before anything else. The active are every
    record less the few in any other status: SQLite counts a whole table from its pages, while counting
    one status walks its index entry by entry (6 ms a save at county size)."""
    return Overview(*store.execute(
        "SELECT (SELECT count(*) FROM volunteer) - (SELECT count(*) FROM volunteer WHERE status < 'active')"
        " - (SELECT count(*) FROM volunteer WHERE status > 'active'),"
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


def needs_setup(store) -> bool:
    """A station still as created: its papers would all say “新时代文明实践站” with a blank 负责人, and its
    first certificate would use up a serial under a made-up name."""
    info = get_station(store)
    return info.name == StationInfo.name and not info.manager


def set_up(store, info: StationInfo, *, prefix: str, operator: str) -> None:
    """The first run's answers, in one go: the station's particulars, the certificate series' prefix
    (the issuer follows the station), and the operator on duty."""
    from stationdesk.services import certificates

    if not info.name.strip():
        raise UserError("请填写站点名称，它会印在所有表格和证书上。")
    if not info.manager.strip() or not info.phone.strip():
        raise UserError("请填写负责人和联系电话，签到表、证明和协议书上都要用到。")
    if not operator.strip():
        raise UserError("请填写您的姓名（经办人），操作日志和证明上会记下是谁办的。")
    save_station(store, info)
    certificates.save_issuer(store, certificates.Issuer(name=info.name, manager=info.manager, contact=info.phone,
                                                         prefix=prefix.strip().upper()))
    audit.choose_operator(store, operator)
    from stationdesk.services import packages  # (imports this module)

    packages.identity(store)  # the station's id and signing key, from its first day


per_store(globals())  # model queries run on the store each function is given
