"""Local rules kept as settings with national defaults: the hours rounding step, the daily cap and the
star-level thresholds (REFERENCE §1: places differ)."""

import json
from itertools import pairwise

from stationdesk.domain.hours import DAILY_CAP, STAR_LEVELS, HoursRule
from stationdesk.errors import UserError
from stationdesk.services import audit
from stationdesk.store.database import per_store
from stationdesk.store.models import Setting

KEY = "hours_rules"
STEPS = (5, 10, 15, 30, 60)


def _saved(store) -> dict:
    row = Setting.get_or_none(Setting.key == KEY)
    return json.loads(row.value) if row else {}


def hours_rule(store) -> HoursRule:
    saved = _saved(store)
    return HoursRule(step_minutes=saved.get("step_minutes", 30), daily_cap=saved.get("daily_cap", DAILY_CAP))


def star_levels(store) -> tuple[int, ...]:
    return tuple(_saved(store).get("star_levels", STAR_LEVELS))


def save_rules(store, *, step_minutes: int, daily_cap: float, levels: tuple[int, ...]) -> None:
    if step_minutes not in STEPS:
        raise UserError("取整单位只能是 " + "、".join(f"{s} 分钟" for s in STEPS))
    if not 1 <= daily_cap <= 24:
        raise UserError("每日上限应在 1 到 24 小时之间")
    if len(levels) != 5 or any(b <= a for a, b in pairwise(levels)) or levels[0] <= 0:
        raise UserError("星级标准应为 5 个由小到大的小时数，例如 100、300、600、1000、1500")
    value = {"step_minutes": step_minutes, "daily_cap": daily_cap, "star_levels": list(levels)}
    with store.write():
        Setting.replace(key=KEY, value=json.dumps(value)).execute()
        audit.record("set_rules", "setting", None, **value)


per_store(globals())  # model queries run on the store each function is given
