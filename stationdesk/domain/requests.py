"""四单: a resident's request moves 点单 → 派单 → 接单 → 完成 → 评单, one step at a time."""

REQUESTED, DISPATCHED, ACCEPTED, DONE, REVIEWED, WITHDRAWN = (
    "requested", "dispatched", "accepted", "done", "reviewed", "withdrawn")
STATE_LABELS = {REQUESTED: "待派单", DISPATCHED: "已派单", ACCEPTED: "已接单", DONE: "已完成",
                REVIEWED: "已评单", WITHDRAWN: "已撤销"}
OPEN_STATES = (REQUESTED, DISPATCHED, ACCEPTED)

# The state a step needs, and what to tell the user when it is tried from any other.
NEEDS = {
    DISPATCHED: (REQUESTED, "只有待派单的需求可以派单"),
    ACCEPTED: (DISPATCHED, "需求还没有派单，不能接单"),
    DONE: (ACCEPTED, "志愿者还没有接单，不能标记完成"),
    REVIEWED: (DONE, "服务完成后才能评单"),
}


def check_step(current: str, target: str) -> str | None:
    """None when `current` may move to `target`, else the reason in Chinese."""
    if target == WITHDRAWN:
        return None if current in OPEN_STATES else "已完成的需求不能撤销"
    needed, why = NEEDS[target]
    if current == needed:
        return None
    if current == REVIEWED and target == REVIEWED:
        return "这条需求已经评过了"
    return f"{why}（当前：{STATE_LABELS[current]}）"


def check_rating(rating) -> int:
    try:
        value = int(rating)
    except (TypeError, ValueError):
        raise ValueError("评分应为 1 到 5 的整数") from None
    if value != rating and str(value) != str(rating).strip():
        raise ValueError("评分应为 1 到 5 的整数")
    if not 1 <= value <= 5:
        raise ValueError(f"评分应在 1 到 5 之间（收到 {rating}）")
    return value
