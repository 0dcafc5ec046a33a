"""Masking personal data for lists and printouts that other people see (DESIGN §9)."""


def mask_id_number(number: str | None) -> str:
    """First 6 and last 4 characters: 110105********002X."""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str | None) -> str:
    """First 3 and last 4 digits: 138****5678; landlines keep the area code and last 4."""
    if not phone:
        return ""
    if "-" in phone:
        area, number = phone.split("-", 1)
        return f"{area}-{'*' * max(len(number) - 4, 0)}{number[-4:]}"
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
