"""Telephone numbers: mainland mobiles, and landlines with an area code."""

import re

from stationdesk.domain.text import to_halfwidth

_MOBILE = re.compile(r"1[3-9][0-9]{9}", re.ASCII)
_LANDLINE = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}", re.ASCII)


class InvalidPhone(ValueError):
    """`str()` is a Chinese reason."""


def normalize_phone(raw: str) -> str:
    """Validate a phone number and return it in stored form, or raise InvalidPhone.

    Mobiles: 11 digits starting 13–19, `+86`/spaces/hyphens removed. Landlines: area code, hyphen, number.
    """
    s = to_halfwidth(raw).strip()
    s = re.sub(r"[\s()（）]", "", s)
    if s.startswith("+86"):
        s = s[3:]
    elif s.startswith("86") and len(s) == 13:
        s = s[2:]
    digits = s.replace("-", "")
    if _MOBILE.fullmatch(digits):
        return digits
    if _LANDLINE.fullmatch(s):
        return s
    if digits.isascii() and digits.isdigit() and digits.startswith("1") and len(digits) != 11:
        raise InvalidPhone(f"手机号码应为11位，现在是{len(digits)}位")
    raise InvalidPhone("电话号码格式不对：手机号填11位数字，座机号填区号-号码")
