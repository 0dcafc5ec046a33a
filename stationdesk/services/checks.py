"""Checks several services make on what the operator typed, with the same answers in Chinese."""

from stationdesk.domain.phone import InvalidPhone, normalize_phone
from stationdesk.errors import UserError
from stationdesk.store.database import per_store


def unique_name(model, name: str, own_id: int | None, *, what: str, taken: str) -> str:
    """`name` stripped; refused when empty ("{what}不能为空") or when another row of `model` has it
    (`taken`, formatted with the name)."""
    name = name.strip()
    if not name:
        raise UserError(f"{what}不能为空")
    clash = model.get_or_none(model.name == name)
    if clash is not None and clash.id != own_id:
        raise UserError(taken.format(name=name))
    return name


def optional_phone(text: str) -> str:
    """A contact phone that may be left blank; stored in normal form when given."""
    phone = text.strip()
    if not phone:
        return ""
    try:
        return normalize_phone(phone)
    except InvalidPhone as exc:
        raise UserError(f"联系电话：{exc}") from None


per_store(globals())  # model queries run on the store each function is given
