"""Exact amounts with two decimals — yuan kept in fen, points in hundredths — parsed from what people type."""

from decimal import Decimal, InvalidOperation

from stationdesk.domain.text import to_halfwidth


class InvalidAmount(ValueError):
    pass


def parse_amount(text: str | int | float | Decimal, *, allow_negative: bool = False) -> int:
    """'1,234.5' → 123450. Rejects blanks, more than two decimals, zero, and negatives unless allowed."""
    raw = to_halfwidth(str(text)).strip().replace(",", "").replace("，", "").removesuffix("元").strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise InvalidAmount(f"“{text}”不是数字") from None
    if not value.is_finite():
        raise InvalidAmount(f"“{text}”不是数字")
    if value != value.quantize(Decimal("0.01")):
        raise InvalidAmount("最多保留两位小数")
    if value == 0:
        raise InvalidAmount("不能为 0")
    if value < 0 and not allow_negative:
        raise InvalidAmount("不能为负数")
    if abs(value) >= 10**10:
        raise InvalidAmount("数额过大")
    return int(value * 100)


def format_amount(hundredths: int, *, grouping: bool = True, keep_zeros: bool = True) -> str:
    """123450 → '1,234.50' (yuan); with keep_zeros=False → '1,234.5' (points)."""
    text = f"{Decimal(hundredths) / 100:{',' if grouping else ''}.2f}"
    if not keep_zeros and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def points_text(hundredths: int) -> str:
    """12.5 points, not 12.50: points are counted, not priced."""
    return format_amount(hundredths, grouping=False, keep_zeros=False)


def figure(value: int | float) -> str:
    """A count or a sum for people to read: whole numbers as they are, else at most two decimals.
    (`:g` keeps six digits: a county's 3,648,020.5 hours printed as 3.64802e+06, and 562,230.5 as 562230.)"""
    if isinstance(value, int):
        return str(value)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
