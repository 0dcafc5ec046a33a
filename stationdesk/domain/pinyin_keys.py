"""Pinyin search keys, computed once when a name is written (pypinyin costs ~15 µs a name)."""

import secrets
from dataclasses import dataclass
from functools import lru_cache

# Surnames whose reading differs from the character's common one (pypinyin reads 曾伟 as "ceng wei").
# Compound surnames first so that 单于 is not read as 单 + 于.
SURNAME_READINGS = {
    "万俟": ["mo", "qi"], "尉迟": ["yu", "chi"], "单于": ["chan", "yu"], "长孙": ["zhang", "sun"],
    "令狐": ["ling", "hu"], "澹台": ["tan", "tai"],
    "曾": ["zeng"], "单": ["shan"], "解": ["xie"], "仇": ["qiu"], "区": ["ou"], "查": ["zha"],
    "朴": ["piao"], "盖": ["ge"], "覃": ["qin"], "翟": ["zhai"], "缪": ["miao"], "乐": ["yue"],
    "召": ["shao"], "种": ["chong"], "员": ["yun"], "华": ["hua"], "纪": ["ji"], "任": ["ren"],
    "薄": ["bo"], "繁": ["po"], "折": ["she"], "黑": ["he"], "秘": ["bi"], "尉": ["yu"],
    "重": ["chong"], "柏": ["bai"], "隗": ["wei"], "祭": ["zhai"], "谌": ["chen"], "冼": ["xian"],
    "蕃": ["pi"], "句": ["gou"], "卜": ["bu"], "阚": ["kan"], "宓": ["mi"], "过": ["guo"],
}
_COMPOUND = tuple(k for k in SURNAME_READINGS if len(k) == 2)
# Rare name characters pypinyin has no reading for (variants of common ones); others add no syllable, and
# the name itself still finds them.
RARE_READINGS = {"𠮷": "ji", "𡒄": "tai", "𰻝": "biang", "𰻞": "biang", "𬌗": "he"}


def _unread(chars: str) -> str | list[str]:
    """pypinyin's fallback for characters without a reading: a known one, or nothing (never the character,
    which would put a CJK character into the Latin search keys)."""
    return chars if chars.isascii() else [RARE_READINGS.get(c, "") for c in chars]


@dataclass(frozen=True)
class PinyinKeys:
    full: str  # zengwei
    initials: str  # zw
    sortable: str  # "zeng wei": compares syllable by syllable (chen < cheng)


def _syllables(name: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin  # 160 ms to import: only when a name is written, not at start

    surname = name[:2] if name.startswith(_COMPOUND) else name[:1]
    head = SURNAME_READINGS.get(surname)
    if head is None:
        return lazy_pinyin(name, style=Style.NORMAL, errors=_unread)  # type: ignore[arg-type]  # a list is one reading a character
    return head + lazy_pinyin(name[len(surname):], style=Style.NORMAL, errors=_unread)  # type: ignore[arg-type]


@lru_cache(maxsize=50_000)  # names repeat a lot in a village (and in bulk imports)
def pinyin_keys(name: str) -> PinyinKeys:
    syllables = [s.lower() for s in _syllables(name) if s.strip() and s not in "·•"]
    return PinyinKeys(full="".join(syllables), initials="".join(s[0] for s in syllables),
                      sortable=" ".join(syllables))


ID_TAIL = 6  # ID numbers are searched by their tail only: short keys scan faster, and say less


def search_keys(name: str, phone: str | None, id_number: str | None) -> tuple[str, str, str, str]:
    """(pinyin_full, pinyin_initials, sort_name, search_key) stored with a volunteer's row: search is one
    LIKE, sorting one index."""
    keys = pinyin_keys(name)
    haystack = "\x1f".join((name, keys.full, keys.initials, (phone or "").replace("-", ""),
                            (id_number or "")[-ID_TAIL:])).lower()
    return keys.full, keys.initials, f"{keys.sortable}\x1f{name}", haystack  # \x1f sorts before " "


def new_card_code() -> str:
    """12 random hex digits: what a volunteer card's QR carries, revealing nothing about the person."""
    return secrets.token_hex(6).upper()
