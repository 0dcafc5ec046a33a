"""What a signed package must hold before any of it is used: every member's rows of the right types, in
range and clean, dates inside the package's period and not after it was made, and figures that agree
with the rows they summarise. A signature proves only who sent a package (anyone can make a station
key), never that its content is sane; the first problem found is named, member and row, in Chinese."""

import math
from datetime import date, datetime, timedelta
from typing import TypeGuard

from stationdesk.domain.text import INVISIBLE
from stationdesk.exchange.package import Package, PackageRejected

LABELS = {"volunteers": "志愿者", "teams": "志愿服务队", "team_members": "队员", "activities": "活动",
          "participations": "出勤记录", "certificates": "证书", "requests": "群众点单", "pairings": "结对共建",
          "stats": "统计数字", "yearly_stats": "各年统计数字"}
# The station's figures for a year that a rollup adds up; the first five are recounted from the rows.
FIGURES = {"activities": "开展活动", "participations": "志愿者参与人次", "volunteers_active": "参与志愿者",
           "hours": "服务时长", "beneficiaries": "受益群众", "new_volunteers": "新注册志愿者", "certificates": "出具证书"}
FUTURE_SLACK = timedelta(days=1)  # a package made on a PC whose clock runs fast by more is refused
BIGGEST = 10**9  # no count or hours figure of a county comes near it


class _Bad(Exception):
    """A field's problem; turned into PackageRejected with the package, member and row named."""


def check_package(package: Package, name: str, *, now: datetime) -> None:
    """PackageRejected on the first problem; None when every member is sound."""
    m = package.manifest
    try:
        created, year, cap = _manifest(m, now)
    except (_Bad, KeyError, TypeError, AttributeError) as exc:
        raise PackageRejected(f"数据包 {name} 的清单不合格（{_why(exc)}），没有导入。") from None
    period = (date(year, 1, 1), date(year, 12, 31)) if year else (date(1900, 1, 1), created.date())
    members = package.members
    rows_seen: dict[str, set] = {}
    for member, check in _CHECKS.items():
        rows = members.get(member, [] if member not in _REQUIRED else None)
        if not isinstance(rows, list):
            raise PackageRejected(f"数据包 {name} 缺少{LABELS[member]}（{member}），或它不是一张表，没有导入。")
        ids = rows_seen[member] = set()
        for number, row in enumerate(rows, 1):
            try:
                if not isinstance(row, dict):
                    raise _Bad("不是一行记录")
                key = check(row, period=period, created=created, cap=cap, seen=rows_seen)
                if key is not None:
                    if key in ids:
                        raise _Bad(f"编号 {key} 重复")
                    ids.add(key)
            except (_Bad, KeyError, TypeError) as exc:
                raise PackageRejected(f"数据包 {name} 的{LABELS[member]}第 {number} 行不合格（{_why(exc)}），"
                                      "整个数据包没有导入。") from None
    if year:
        _check_stats(members.get("stats"), members, year, name)
    else:
        yearly = members.get("yearly_stats", {})
        if not isinstance(yearly, dict) or not all(
                isinstance(y, str) and y.isdigit() and len(y) == 4 and int(y) <= created.year for y in yearly):
            raise PackageRejected(f"数据包 {name} 的各年统计数字不合格，没有导入。")
        for each, figures in yearly.items():
            _check_stats(figures, members, int(each), name)


def _why(exc: Exception) -> str:
    return f"缺少 {exc.args[0]}" if isinstance(exc, KeyError) else str(exc) or "类型不对"


def _manifest(m: dict, now: datetime) -> tuple[datetime, int | None, float]:
    station = m["station"]
    _uuidish(station["id"], "站点编号")
    _text(station["name"], "站点名称", 100, required=True)
    _text(station.get("parent") or "", "所属实践所", 100)
    created = _datetime(m["created_at"], "导出时间")
    if created > now + FUTURE_SLACK:
        raise _Bad(f"导出时间 {m['created_at']} 在未来，站点电脑的日期可能设错了；请让站点改正日期后重新导出")
    year = m["period"]["year"]
    if year is not None and (type(year) is not int or not 2000 <= year <= created.year):
        raise _Bad(f"年度 {year!r} 不对")
    cap = (m.get("rules") or {}).get("daily_cap", 24) if m["format"] >= 2 else 24
    if not _number(cap) or not 1 <= cap <= 24:
        raise _Bad(f"每日时长上限 {cap!r} 不对")
    return created, year, cap


def _volunteer(r, **_):
    _text(r["name"], "姓名", 50, required=True)
    for field, limit in (("gender", 4), ("phone", 20), ("village_group", 50), ("political_status", 20),
                         ("status", 20)):
        _text(r.get(field) or "", field, limit)
    number = r.get("id_number") or ""
    _text(number, "证件号码", 18)
    if number and not all(c.isdigit() or c in "Xx*" for c in number):
        raise _Bad(f"证件号码“{number}”含有不该有的字符")
    if r.get("birth_date"):
        _date(r["birth_date"], "出生日期")
    return _id(r["id"])


def _activity(r, *, period, created, **_):
    _text(r["title"], "活动名称", 200, required=True)
    for field in ("category", "brand", "place", "status"):
        _text(r.get(field) or "", field, 200)
    starts = _datetime(r["starts_at"], "开始时间")
    if not period[0] <= starts.date() <= period[1] and r["status"] == "done":
        raise _Bad(f"开始时间 {r['starts_at']} 不在数据包的期间内")
    if r["status"] == "done" and starts > created:
        raise _Bad(f"已开展的活动开始于 {r['starts_at']}，晚于数据包导出的时间")
    if r.get("ends_at") and _datetime(r["ends_at"], "结束时间") < starts:
        raise _Bad("结束时间早于开始时间")
    _count(r.get("beneficiaries") or 0, "受益人数")
    for field in ("organiser_team_id", "pairing_id"):
        if r.get(field) is not None:
            _id(r[field])
    return _id(r["id"])


def _participation(r, *, cap, seen, **_):
    if _id(r["activity_id"]) not in seen["activities"]:
        raise _Bad(f"活动 {r['activity_id']} 不在数据包里")
    if _id(r["volunteer_id"]) not in seen["volunteers"]:
        raise _Bad(f"志愿者 {r['volunteer_id']} 不在数据包里")
    if r["attended"] not in (0, 1):  # True and False are 1 and 0
        raise _Bad("是否出勤应为 0 或 1")
    hours = r.get("hours") or 0
    if not _number(hours) or not 0 <= hours <= cap * 7:
        raise _Bad(f"服务时长 {hours!r} 不在 0 到 {cap * 7:g} 小时之间（每天最多 {cap:g} 小时，一次活动最多一周）")
    return None


def _certificate(r, *, period, created, **_):
    _text(r["serial"], "证书编号", 40, required=True)
    _text(r.get("kind") or "", "证书类别", 20)
    issued = _date(r["issued_on"], "出具日期")
    if not period[0] <= issued <= min(period[1], created.date()):
        raise _Bad(f"出具日期 {r['issued_on']} 不在数据包的期间内或晚于导出时间")
    if r.get("volunteer_id") is not None:
        _id(r["volunteer_id"])
    return r["serial"]


def _request(r, *, period, created, **_):
    _text(r.get("state") or "", "状态", 20)
    asked = _datetime(r["requested_at"], "点单时间")
    if not period[0] <= asked.date() <= period[1] or asked > created:
        raise _Bad(f"点单时间 {r['requested_at']} 不在数据包的期间内或晚于导出时间")
    rating = r.get("rating")
    if rating is not None and (type(rating) is not int or not 0 <= rating <= 5):
        raise _Bad(f"评价 {rating!r} 应为 0 到 5")
    return _id(r["id"])


def _named(field: str, limit: int):
    def check(r, **_):
        _text(r.get(field) or "", field, limit)
        return _id(r["id"]) if "id" in r else None
    return check


_CHECKS = {"volunteers": _volunteer, "teams": _named("name", 100), "team_members": _named("role", 50),
           "activities": _activity, "participations": _participation, "certificates": _certificate,
           "requests": _request, "pairings": _named("unit", 200)}
_REQUIRED = ("volunteers", "activities", "participations")


def recount(members: dict, year: int) -> dict:
    """A year's figures counted from the package's own rows, as the station counts them: held (done)
    activities starting in the year, their attended participations, the people and hours behind them."""
    first, after = f"{year}-01-01", f"{year + 1}-01-01"
    held = {a["id"]: a for a in members["activities"]
            if a["status"] == "done" and first <= a["starts_at"][:10] < after}
    attended = [p for p in members["participations"] if p["attended"] and p["activity_id"] in held]
    return {"activities": len(held), "participations": len(attended),
            "volunteers_active": len({p["volunteer_id"] for p in attended}),
            "hours": round(math.fsum(p["hours"] or 0 for p in attended), 2),
            "beneficiaries": sum(a["beneficiaries"] or 0 for a in held.values())}


def _check_stats(stats, members: dict, year: int, name: str) -> None:
    if not isinstance(stats, dict):
        raise PackageRejected(f"数据包 {name} 缺少 {year} 年的统计数字，没有导入。")
    for key in FIGURES:
        value = stats.get(key)
        if not _number(value) or not 0 <= value <= BIGGEST or (key != "hours" and type(value) is not int):
            raise PackageRejected(f"数据包 {name} 的 {year} 年统计数字中“{FIGURES[key]}”{'缺失' if value is None else '不合格'}，"
                                  "没有导入。")
    counted = recount(members, year)
    for key, value in counted.items():
        if abs(stats[key] - value) > (0.011 if key == "hours" else 0):
            raise PackageRejected(f"数据包 {name} 的 {year} 年统计数字与其中的记录不一致（{FIGURES[key]}：统计 {stats[key]}，"
                                  f"按记录计算 {value}），没有导入。请让站点重新导出。")


def _text(value, what: str, limit: int, *, required: bool = False) -> None:
    if not isinstance(value, str):
        raise _Bad(f"{what} 不是文字")
    if required and not value.strip():
        raise _Bad(f"{what} 是空的")
    if len(value) > limit:
        raise _Bad(f"{what} 超过 {limit} 个字")
    if INVISIBLE.search(value):
        raise _Bad(f"{what} 含有看不见的控制字符、方向控制符或零宽字符")


def _number(value) -> TypeGuard[int | float]:
    return type(value) in (int, float) and math.isfinite(value)


def _count(value, what: str) -> None:
    if type(value) is not int or not 0 <= value <= BIGGEST:
        raise _Bad(f"{what} {value!r} 不是合理的人数")


def _id(value) -> int:
    if type(value) is not int or not 0 < value < 2**31:  # an INTEGER column on both engines
        raise _Bad(f"编号 {value!r} 不是正整数")
    return value


def _uuidish(value, what: str) -> None:
    if not isinstance(value, str) or not 8 <= len(value) <= 64 or not value.replace("-", "").isalnum() \
            or not value.isascii():
        raise _Bad(f"{what} 不对")


def _date(value, what: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _Bad(f"{what} “{value}”不是日期") from None


def _datetime(value, what: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise _Bad(f"{what} “{value}”不是日期时间") from None
    return moment.replace(tzinfo=None)
