"""测评自查 as the layers pass it: a county's scoring sheet (评估细则: sections → items with points), each
item scored either by a rule over the station's own records or by the operator's judgement with evidence
(DESIGN §14). Pure: checking a sheet and turning a measured figure into points, no I/O."""

import math
from dataclasses import dataclass, field

JUDGED = "judged"  # 人工评定: the operator scores it, with evidence

# The rules a sheet item may be scored by: code → (what the sheet calls it, the target's unit, the target
# when the sheet gives none). The figures come from the services that show them elsewhere (services.assessment).
RULES: dict[str, tuple[str, str, float]] = {
    "monthly_activities": ("每月开展活动次数", "次/月", 4),
    "brands": ("品牌活动数", "个", 1),
    "photo_share": ("有照片的活动占比", "%", 100),
    "record_share": ("有活动记录（总结）的活动占比", "%", 100),
    "registration_rate": ("志愿者注册率", "%", 13),
    "teams": ("志愿服务队数", "支", 3),
    "pairings": ("结对共建承诺按进度完成", "个结对", 1),
    "trainings": ("年度培训次数", "次", 2),
    "funds": ("年度经费收入", "元", 1000),
    "venues": ("阵地（场所）数", "处", 1),
    "rules": ("制度数", "项", 3),
    "meetings": ("年度会议次数", "次", 4),
}
RULE_BY_NAME = {name: code for code, (name, _, _) in RULES.items()}
JUDGED_NAME = "人工评定"
MAX_POINTS = 1000.0  # an item's points; a sheet totals 100 or 1000, never more per item
MAX_TEXT = 500  # an item's wording or criterion
MAX_ITEMS = 300


class SheetProblem(ValueError):
    """A sheet that cannot be used, in Chinese (the row, when it came from a workbook)."""


@dataclass(frozen=True)
class Item:
    code: str  # stable within a sheet: judgements are kept by it, e.g. "1.2"
    title: str  # 评估内容
    points: float  # 分值
    rule: str = JUDGED  # a RULES code, or JUDGED
    target: float | None = None  # the rule's 达标值 (None: the rule's default)
    criterion: str = ""  # 评分标准, as the county wrote it

    @property
    def computed(self) -> bool:
        return self.rule != JUDGED

    @property
    def goal(self) -> float:
        return self.target if self.target is not None else RULES[self.rule][2]

    @property
    def method(self) -> str:
        """计分方式 as the sheet and the page say it: 人工评定, or the rule and its target."""
        if not self.computed:
            return JUDGED_NAME
        name, unit, _ = RULES[self.rule]
        return f"{name} ≥ {number(self.goal)}{'' if unit == '%' else ' '}{unit}"


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Item, ...]

    @property
    def points(self) -> float:
        return sum(i.points for i in self.items)


@dataclass(frozen=True)
class Sheet:
    title: str
    basis: str  # where it comes from (a county's document, or the default's model)
    sections: tuple[Section, ...]

    @property
    def points(self) -> float:
        return sum(s.points for s in self.sections)

    def items(self) -> list[Item]:
        return [i for s in self.sections for i in s.items]

    def item(self, code: str) -> Item | None:
        return next((i for i in self.items() if i.code == code), None)

    def as_dict(self) -> dict:
        return {"title": self.title, "basis": self.basis, "sections": [
            {"title": s.title, "items": [{"code": i.code, "title": i.title, "points": i.points, "rule": i.rule,
                                          "target": i.target, "criterion": i.criterion} for i in s.items]}
            for s in self.sections]}


def number(value: float) -> str:
    """1.0 → "1", 2.5 → "2.5" (points and targets as a sheet writes them)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _text(value, what: str, where: str, *, required: bool = True) -> str:
    text = " ".join(str(value if value is not None else "").split())
    if required and not text:
        raise SheetProblem(f"{where}没有填写{what}。")
    if len(text) > MAX_TEXT:
        raise SheetProblem(f"{where}的{what}太长了（{len(text)} 个字），请不超过 {MAX_TEXT} 个字。")
    return text


def parse_points(value, where: str) -> float:
    if isinstance(value, bool):
        raise SheetProblem(f"{where}的分值“{value}”不是数字。")
    try:
        points = float(str(value).strip().removesuffix("分")) if not isinstance(value, int | float) else float(value)
    except ValueError:
        raise SheetProblem(f"{where}的分值“{value}”不是数字，请填写如 5 或 2.5。") from None
    if not math.isfinite(points) or points <= 0:
        raise SheetProblem(f"{where}的分值应大于 0（现在是“{number(points) if math.isfinite(points) else value}”）。")
    if points > MAX_POINTS:
        raise SheetProblem(f"{where}的分值 {number(points)} 太大了，请核对。")
    return round(points, 2)


def parse_rule(value, where: str) -> str:
    """A rule as a sheet names it: its Chinese name (or code); empty or 人工评定 is JUDGED."""
    text = "".join(str(value if value is not None else "").split())
    if text in ("", JUDGED_NAME, JUDGED, "人工", "人工评分"):
        return JUDGED
    if text in RULES:
        return text
    code = RULE_BY_NAME.get(text)
    if code is None:
        names = "、".join(RULE_BY_NAME)
        raise SheetProblem(f"{where}的计分方式“{text}”不认识。请填写“{JUDGED_NAME}”，或以下之一：{names}。")
    return code


def parse_target(value, rule: str, where: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if rule == JUDGED:
        raise SheetProblem(f"{where}是人工评定，不需要达标值；请清空达标值，或填写计分方式。")
    try:
        target = float(str(value).strip().removesuffix("%")) if not isinstance(value, int | float) else float(value)
    except ValueError:
        raise SheetProblem(f"{where}的达标值“{value}”不是数字。") from None
    if isinstance(value, bool) or not math.isfinite(target) or target <= 0:
        raise SheetProblem(f"{where}的达标值应大于 0（现在是“{value if isinstance(value, str) else number(target)}”）。")
    if RULES[rule][1] == "%" and target > 100:
        raise SheetProblem(f"{where}的达标值是百分比，不能超过 100。")
    return target


def sheet_from_dict(data: dict) -> Sheet:
    """A sheet from its stored (JSON) form, checked as an imported one is."""
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        raise SheetProblem("测评细则的格式不对（没有“部分”）。")
    sections = []
    for s_index, section in enumerate(data["sections"], start=1):
        where = f"第 {s_index} 部分"
        items = []
        for i_index, item in enumerate(section.get("items") or [], start=1):
            at = f"{where}第 {i_index} 项"
            rule = parse_rule(item.get("rule"), at)
            items.append(Item(code=_text(item.get("code"), "编号", at), title=_text(item.get("title"), "评估内容", at),
                              points=parse_points(item.get("points"), at), rule=rule,
                              target=parse_target(item.get("target"), rule, at),
                              criterion=_text(item.get("criterion"), "评分标准", at, required=False)))
        sections.append(Section(_text(section.get("title"), "部分名称", where), tuple(items)))
    return checked(Sheet(_text(data.get("title"), "标题", "测评细则"),
                         _text(data.get("basis"), "依据", "测评细则", required=False), tuple(sections)))


def checked(sheet: Sheet) -> Sheet:
    """Refuses a sheet with no items, an empty section, too many items or a code used twice."""
    if not sheet.sections or not sheet.items():
        raise SheetProblem("测评细则里没有任何评估项目。")
    for section in sheet.sections:
        if not section.items:
            raise SheetProblem(f"“{section.title}”部分没有评估项目。")
    if len(sheet.items()) > MAX_ITEMS:
        raise SheetProblem(f"评估项目太多（{len(sheet.items())} 项），最多 {MAX_ITEMS} 项。")
    seen: set[str] = set()
    for item in sheet.items():
        if item.code in seen:
            raise SheetProblem(f"编号“{item.code}”用了不止一次：每个评估项目的编号要不同（自评按编号保存）。")
        seen.add(item.code)
    return sheet


# Scoring ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Judgement:
    """The operator's score for one item of one year, with its evidence and who gave it when."""

    year: int
    code: str
    score: float
    note: str  # 佐证说明
    photo: str = ""  # a photo's path on this PC, as evidence
    ledger_page: str = ""  # where in the 台账 it is, e.g. "台账第12页"
    judged_by: str = ""
    judged_at: str = ""  # YYYY-MM-DD HH:MM

    @property
    def evidence(self) -> str:
        """The evidence in one line, as the 自评表 prints it."""
        parts = [self.note]
        if self.ledger_page:
            parts.append(f"见{self.ledger_page}" if not self.ledger_page.startswith("见") else self.ledger_page)
        if self.photo:
            parts.append(f"照片：{self.photo.replace(chr(92), '/').rsplit('/', 1)[-1]}")
        return "；".join(p for p in parts if p)


@dataclass(frozen=True)
class ItemScore:
    item: Item
    score: float | None  # None: judged by the operator and not yet done
    measured: str  # what the records show (computed) or the evidence (judged)
    missing: str  # what is missing for full points ("" when full)
    judgement: Judgement | None = None

    @property
    def full(self) -> bool:
        return self.score is not None and self.score >= self.item.points

    @property
    def status(self) -> str:
        if self.score is None:
            return "待评定"
        if self.full:
            return "满分"
        return "未得分" if self.score == 0 else "部分得分"


@dataclass(frozen=True)
class SectionScore:
    section: Section
    items: list[ItemScore]

    @property
    def score(self) -> float:
        return round(sum(i.score or 0 for i in self.items), 2)

    @property
    def pending(self) -> int:
        return sum(1 for i in self.items if i.score is None)


@dataclass(frozen=True)
class Assessment:
    sheet: Sheet
    year: int
    sections: list[SectionScore] = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(sum(s.score for s in self.sections), 2)

    @property
    def pending(self) -> int:
        return sum(s.pending for s in self.sections)

    def items(self) -> list[ItemScore]:
        return [i for s in self.sections for i in s.items]

    def item(self, code: str) -> ItemScore | None:
        return next((i for i in self.items() if i.item.code == code), None)


def share_of(points: float, achieved: float, goal: float) -> float:
    """Points in proportion to how much of the goal was reached, to the half point below (a county marks
    in whole and half points), never more than the item's points."""
    if goal <= 0 or achieved >= goal:
        return points
    return min(points, math.floor(points * min(1.0, achieved / goal) * 2) / 2)
