"""Volunteers as values passed between layers, and the rules a volunteer record must satisfy."""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from stationdesk.domain.idnumber import InvalidIdNumber, parse_id_number
from stationdesk.domain.phone import InvalidPhone, normalize_phone
from stationdesk.domain.text import clean, to_halfwidth

GENDERS = ("男", "女")
POLITICAL_STATUSES = ("中共党员", "中共预备党员", "共青团员", "民主党派成员", "群众")
EDUCATIONS = ("小学", "初中", "高中/中专", "大专", "本科", "研究生")
ACTIVE, ARCHIVED = "active", "archived"

# Field names as a person sees them, for messages and for column headers.
LABELS = {
    "name": "姓名", "gender": "性别", "id_number": "身份证号码", "birth_date": "出生日期",
    "phone": "联系电话", "village_group": "村民小组", "political_status": "政治面貌",
    "education": "文化程度", "skills": "技能特长", "national_code": "志愿者编号",
    "joined_on": "加入日期", "note": "备注",
}
MAX_NAME_LENGTH = 30
_DOTS = re.compile(r"[•・．.·]")
_NOT_IN_NAMES = re.compile(r"[0-9０-９:：,，;；!！?？@#$%^&*()（）<>《》/\\|=+]")
GENDER_ALIASES = {"男性": "男", "女性": "女", "M": "男", "F": "女"}


@dataclass(frozen=True)
class VolunteerDraft:
    """What a form or an import row says about a volunteer, before validation."""

    name: str = ""
    gender: str = ""
    id_number: str = ""
    birth_date: date | None = None
    phone: str = ""
    village_group: str = ""
    political_status: str = ""
    education: str = ""
    skills: str = ""
    national_code: str = ""
    joined_on: date | None = None
    note: str = ""


@dataclass(frozen=True)
class Problem:
    field: str  # a VolunteerDraft field name
    message: str
    is_warning: bool = False

    @property
    def label(self) -> str:
        return LABELS.get(self.field, self.field)


@dataclass(frozen=True)
class Validated:
    draft: VolunteerDraft  # normalised
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class VolunteerRow:
    """One line of the roster as lists and printouts show it (phone and ID already masked)."""

    id: int
    name: str
    gender: str
    phone_masked: str
    id_masked: str
    village_group: str
    political_status: str
    teams: str
    joined_on: str
    status: str


@dataclass(frozen=True)
class VolunteerDetail:
    id: int
    draft: VolunteerDraft
    status: str
    teams: tuple[str, ...] = field(default_factory=tuple)
    archive_reason: str = ""
    created_at: str = ""
    updated_at: str = ""


_MASKED = re.compile(r"[*＊]{2,}")
MASKED_MESSAGE = "这是打码导出的表，不能用于导入，请导出完整信息"


def normalize_name(raw: str) -> str:
    """Trimmed, inner spaces removed, the many middle dots of minority names made one (·)."""
    name = "".join(clean(raw).split())
    return _DOTS.sub("·", name) if not name.isascii() else clean(raw)


def validate(draft: VolunteerDraft, *, today: date | None = None) -> Validated:
    """Normalise a draft and check it. Gender and birth date are taken from a valid ID number. (One dict
    edited in place and one draft made at the end: an import validates 10,000 of these.)"""
    v: dict[str, Any] = {key: clean(value) if isinstance(value, str) else value for key, value in vars(draft).items()}
    errors: list[Problem] = []
    warnings: list[Problem] = []

    name = normalize_name(v["name"])
    if not name:
        errors.append(Problem("name", "姓名不能为空"))
    elif _NOT_IN_NAMES.search(name):
        errors.append(Problem("name", f"姓名“{name}”中有数字或标点，请只填写姓名"))
    elif len(name) > MAX_NAME_LENGTH:
        errors.append(Problem("name", f"姓名太长（最多{MAX_NAME_LENGTH}个字）"))
    v.update(name=name, national_code=to_halfwidth(v["national_code"]), gender=GENDER_ALIASES.get(v["gender"], v["gender"]))

    for key in ("id_number", "phone"):
        if _MASKED.search(v[key] or ""):  # 138****5678 from a masked export: not a number to keep
            errors.append(Problem(key, MASKED_MESSAGE))
            v[key] = ""

    if v["id_number"]:
        try:
            info = parse_id_number(v["id_number"], today=today)
        except InvalidIdNumber as exc:
            errors.append(Problem("id_number", str(exc)))
        else:
            if v["birth_date"] and v["birth_date"] != info.birth_date:
                warnings.append(Problem("birth_date", "出生日期与身份证号码不一致，已按身份证号码填写", True))
            if v["gender"] and v["gender"] != info.gender:
                warnings.append(Problem("gender", "性别与身份证号码不一致，已按身份证号码填写", True))
            v.update(id_number=info.number, birth_date=info.birth_date, gender=info.gender)

    if v["gender"] and v["gender"] not in GENDERS:
        errors.append(Problem("gender", "性别只能填“男”或“女”"))

    if v["phone"]:
        try:
            v["phone"] = normalize_phone(v["phone"])
        except InvalidPhone as exc:
            errors.append(Problem("phone", str(exc)))

    if v["political_status"] and v["political_status"] not in POLITICAL_STATUSES:
        alias = POLITICAL_ALIASES.get(v["political_status"])
        if alias:
            v["political_status"] = alias
        else:
            errors.append(Problem("political_status", "政治面貌应为：" + "、".join(POLITICAL_STATUSES)))

    today = today or date.today()
    if v["birth_date"] and not v["id_number"] and not (date(1900, 1, 1) <= v["birth_date"] <= today):
        errors.append(Problem("birth_date", "出生日期不合理"))
    if v["joined_on"] and v["joined_on"] > today:
        errors.append(Problem("joined_on", "加入日期不能晚于今天"))
    return Validated(VolunteerDraft(**v), tuple(errors), tuple(warnings))


# What people write in spreadsheets for the standard values.
POLITICAL_ALIASES = {
    "党员": "中共党员", "共产党员": "中共党员", "中国共产党党员": "中共党员",
    "预备党员": "中共预备党员", "团员": "共青团员", "共青团": "共青团员",
    "民主党派": "民主党派成员", "普通群众": "群众", "无": "群众",
}
