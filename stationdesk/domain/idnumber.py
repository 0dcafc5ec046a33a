"""Resident ID numbers per GB 11643-1999: 18 characters, ISO 7064 MOD 11-2 check character."""

import re
from dataclasses import dataclass
from datetime import date

from stationdesk.domain.text import to_halfwidth

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

# Province-level address codes (first two digits); 81/82/83 are HK/Macao/Taiwan residence permits,
# 9x the foreign permanent residents' IDs issued since 2023-12-01.
PROVINCE_CODES = frozenset(
    ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83"]
)

_SHAPE = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)


class InvalidIdNumber(ValueError):
    """`str()` is a Chinese reason a person can act on."""


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: date
    gender: str  # 男 / 女


def normalize_id_number(raw: str) -> str:
    """Full-width → ASCII, spaces removed, lowercase x → X. Does not validate."""
    return "".join(to_halfwidth(raw).split()).upper()


def check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def parse_id_number(raw: str, *, today: date | None = None) -> IdInfo:
    """Validate and decode an ID number, or raise InvalidIdNumber with the reason."""
    number = normalize_id_number(raw)
    if len(number) == 15 and number.isascii() and number.isdigit():
        raise InvalidIdNumber("这是15位的旧身份证号码，请改填18位号码")
    if len(number) != 18:
        raise InvalidIdNumber(f"身份证号码应为18位，现在是{len(number)}位")
    if not _SHAPE.fullmatch(number):
        raise InvalidIdNumber("身份证号码只能是数字，最后一位可以是X")
    if number[:2] not in PROVINCE_CODES and number[0] != "9":
        raise InvalidIdNumber("身份证号码前两位不是有效的省份代码")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdNumber("身份证号码中的出生日期不存在") from None
    if born.year < 1900 or born > (today or date.today()):
        raise InvalidIdNumber("身份证号码中的出生日期不合理")
    expected = check_char(number[:17])
    if number[17] != expected:
        raise InvalidIdNumber("身份证号码校验位不对，可能有数字输错，请与证件核对")
    gender = "男" if int(number[16]) % 2 == 1 else "女"
    return IdInfo(number=number, birth_date=born, gender=gender)


def make_id_number(region: str, born: date, sequence: int) -> str:
    """A valid synthetic ID (demo data and tests): 6-digit region, birth date, 3-digit sequence."""
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)
