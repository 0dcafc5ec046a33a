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


def person_key(name: str, birth_date: str | None, id_number: str | None) -> str | None:
    """Who a registration is across stations: name, birth date and the ID number as masked — a number
    sent in full is masked the same way, so a station that sent it whole and one that sent it masked name
    the same person. The birth date comes from a full 18-digit number when the station left it empty.
    None when neither a birth date nor an ID number is known: a name alone is too weak."""
    number = (id_number or "").strip().upper()
    birth = birth_date or ""
    if not birth and len(number) == 18 and number[6:14].isdigit():
        birth = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
    if not birth and not number:
        return None
    return f"{name.strip()}|{birth}|{mask_id_number(number)}"
