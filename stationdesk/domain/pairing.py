"""结对共建: the pairing's status and the yearly fulfilment of its commitments — pure rules."""

from dataclasses import dataclass
from datetime import date, timedelta

ASPECTS = ("阵地共享", "活动共办", "队伍共育", "项目共推")  # the seeds' four; a station may add its own
CO_HOSTED = "活动共办"  # counted from the activities linked to the pairing, not from entries
TITLE_LEVELS = ("全国文明单位", "省级文明单位", "市级文明单位", "县级文明单位")
UNIT_KINDS = ("机关", "事业单位", "企业", "学校", "其他")
EXPIRING_WITHIN = timedelta(days=60)

NOT_STARTED, ACTIVE, EXPIRING, EXPIRED, ENDED = "not_started", "active", "expiring", "expired", "ended"
STATUS_LABELS = {NOT_STARTED: "未开始", ACTIVE: "履行中", EXPIRING: "即将到期", EXPIRED: "已到期", ENDED: "已提前终止"}
MET, ON_TRACK, BEHIND, NOT_DUE = "met", "on_track", "behind", "not_due"
FULFILMENT_LABELS = {MET: "已完成", ON_TRACK: "进度正常", BEHIND: "落后", NOT_DUE: "本年不在协议期内"}


@dataclass(frozen=True)
class Term:
    starts_on: date
    ends_on: date
    ended_early_on: date | None = None

    @property
    def last_day(self) -> date:
        return self.ended_early_on or self.ends_on

    def status(self, today: date) -> str:
        if self.ended_early_on and self.ended_early_on <= today:
            return ENDED
        if today < self.starts_on:
            return NOT_STARTED
        if today > self.ends_on:
            return EXPIRED
        return EXPIRING if self.ends_on - today <= EXPIRING_WITHIN else ACTIVE

    def year_span(self, year: int) -> tuple[date, date] | None:
        """The part of `year` the pairing covers (a mid-year start is reported, not pro-rated)."""
        first, last = max(self.starts_on, date(year, 1, 1)), min(self.last_day, date(year, 12, 31))
        return (first, last) if first <= last else None


def check_term(starts_on: date, ends_on: date, signed_on: date) -> list[str]:
    problems = []
    if ends_on <= starts_on:
        problems.append("协议结束日期必须晚于开始日期")
    elif (ends_on - starts_on).days > 366 * 10:
        problems.append("协议期限不能超过10年")
    if signed_on > starts_on + timedelta(days=366):
        problems.append("签订日期不能比开始日期晚一年以上")
    return problems


def fulfilment(target: int, done: int, span: tuple[date, date] | None, today: date) -> str:
    """met / on track / behind for one commitment in one year. Mid-period, the target is expected in
    proportion to the time elapsed in the covered span (rounded down, so early weeks are not behind)."""
    if span is None:
        return NOT_DUE
    if done >= target:
        return MET
    first, last = span
    if today >= last:
        return BEHIND
    if today < first:
        return ON_TRACK
    elapsed = ((today - first).days + 1) / ((last - first).days + 1)
    return ON_TRACK if done >= int(target * elapsed) else BEHIND
