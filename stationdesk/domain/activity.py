"""Activities (文明实践活动) as values, and the rules an activity must satisfy."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# The six service platforms of the practice centres, plus 其他 (an editable list in later settings).
CATEGORIES = ("理论宣讲", "教育服务", "文化服务", "科技与科普服务", "健康促进与体育服务", "法律服务", "其他")
BRANDS = ("", "逢5出发", "四季行", "我们的节日", "三下乡")
PLANNED, DONE, CANCELLED = "planned", "done", "cancelled"
STATUS_LABELS = {PLANNED: "计划中", DONE: "已完成", CANCELLED: "已取消"}


@dataclass(frozen=True)
class ActivityDraft:
    title: str = ""
    category: str = ""
    brand: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    place: str = ""
    organiser_team_id: int | None = None
    partner: str = ""
    content: str = ""
    summary: str = ""
    beneficiaries: int = 0
    pairing_id: int | None = None  # a 结对共建 agreement it was co-hosted under (counts for 活动共办)


@dataclass(frozen=True)
class ActivityRow:
    id: int
    title: str
    category: str
    brand: str
    starts_at: datetime
    ends_at: datetime
    place: str
    organiser: str
    partner: str
    status: str
    signed_up: int
    attended: int


def check(draft: ActivityDraft) -> list[str]:
    """What is wrong with a draft, in Chinese; empty when it can be saved."""
    problems = []
    if not draft.title.strip():
        problems.append("活动主题不能为空")
    if draft.starts_at is None or draft.ends_at is None:
        problems.append("请填写开始和结束时间")
    elif draft.ends_at <= draft.starts_at:
        problems.append("结束时间必须晚于开始时间")
    elif draft.ends_at - draft.starts_at > timedelta(days=7):
        problems.append("一次活动不能超过7天，请分成几次登记")
    if draft.beneficiaries < 0:
        problems.append("受益群众人数不能为负数")
    return problems


def repeat_dates(first: date, until: date, days_of_month: tuple[int, ...]) -> list[date]:
    """The dates after `first` up to `until` that fall on `days_of_month` (逢5出发: 5, 15, 25)."""
    out = []
    day = first + timedelta(days=1)
    while day <= until:
        if day.day in days_of_month:
            out.append(day)
        day += timedelta(days=1)
    return out


class RowsBeyond(ValueError):
    """Row numbers past the sheet's last row; `str()` is the part as typed."""


def parse_row_numbers(text: str, *, most: int | None = None) -> list[int]:
    """'1 3, 5-8' → [1, 3, 5, 6, 7, 8]: row numbers typed from the paper sheet. With `most` (the sheet's
    row count), a number or range past it raises RowsBeyond before anything is counted out, so
    '1-100000000' costs nothing. ValueError(part) for a part that is not a number or range."""
    numbers: list[int] = []
    for part in re.split(r"[\s,，、;；]+", text.strip()):
        if not part:
            continue
        m = re.fullmatch(r"(\d{1,9})(?:[-–~至](\d{1,9}))?", part, flags=re.ASCII)
        if not m:
            raise RowsBeyond(part) if re.fullmatch(r"\d+(?:[-–~至]\d+)?", part, flags=re.ASCII) else ValueError(part)
        first, last = int(m[1]), int(m[2] or m[1])
        if most is not None and max(first, last) > most:
            raise RowsBeyond(part)
        numbers += range(min(first, last), max(first, last) + 1)
        if len(numbers) > 1_000_000:
            raise RowsBeyond(part)
    return numbers
