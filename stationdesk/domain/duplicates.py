"""Probable duplicates in a roster typed by several people over years: pairs of records scored by the
evidence that they are one person. Common names alone are never evidence (a village has many 王伟);
a name must meet a phone, a birth date or an ID number, or a phone must meet a name read the same;
and two ID numbers that differ (beyond a mistyped check digit) always mean two people.

Records are grouped by each key first, so 100,000 people cost a few dictionary passes, not 5 billion
comparisons."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations

THRESHOLD = 70  # pairs below this are not shown
SHARED_KEY_LIMIT = 30  # a phone on more records than this is a placeholder (the office's), not evidence


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    phone: str = ""
    id_number: str = ""
    birth_date: date | None = None
    reading: str = ""  # full pinyin, e.g. "zhangsan"


@dataclass(frozen=True)
class Pair:
    first: int  # the older record (lower id)
    second: int
    score: int
    reasons: tuple[str, ...]


# Evidence and its weight: the strongest names the pair's score; each further one adds a little.
SAME_ID = (100, "身份证号码相同")
ID_TYPO = (90, "身份证号码前17位相同（校验位不同，可能录错）")
NAME_PHONE = (90, "姓名和电话相同")
NAME_BIRTH = (80, "姓名和出生日期相同")
PHONE_READING = (75, "电话相同，姓名读音相同")
PHONE_ONE_CHAR = (70, "电话相同，姓名只差一个字")


def one_character_apart(a: str, b: str) -> bool:
    """Same length, exactly one character different (张三丰 / 张三峰); two-character names included."""
    return len(a) == len(b) >= 2 and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def find(people: Iterable[Person], *, dismissed: frozenset[tuple[int, int]] = frozenset(),
         threshold: int = THRESHOLD) -> list[Pair]:
    """Pairs at or above `threshold`, strongest first; `dismissed` holds (lower id, higher id) pairs a
    person has marked 不是同一人."""
    evidence: dict[tuple[int, int], set[tuple[int, str]]] = defaultdict(set)

    def group(key_of, found, check=None) -> None:
        groups: dict = defaultdict(list)
        for p in people_list:
            key = key_of(p)
            if key:
                groups[key].append(p)
        for members in groups.values():
            if len(members) < 2 or len(members) > SHARED_KEY_LIMIT:
                continue
            for a, b in combinations(members, 2):
                what = found if check is None else check(a, b)
                if what:
                    evidence[(min(a.id, b.id), max(a.id, b.id))].add(what)

    people_list = list(people)
    group(lambda p: p.id_number, SAME_ID)
    group(lambda p: p.id_number[:17] if len(p.id_number) == 18 else "",
          None, lambda a, b: ID_TYPO if a.id_number != b.id_number else None)
    group(lambda p: (p.name, p.phone) if p.phone else None, NAME_PHONE)
    group(lambda p: (p.name, p.birth_date) if p.birth_date else None, NAME_BIRTH)
    group(lambda p: p.phone, None, _phone_and_name)
    by_id = {p.id: p for p in people_list}
    pairs = []
    for (first, second), found in evidence.items():
        if (first, second) in dismissed or _different_ids(by_id[first], by_id[second]):
            continue
        ranked = sorted(found, reverse=True)
        score = min(100, ranked[0][0] + 5 * (len(ranked) - 1))
        if score >= threshold:
            pairs.append(Pair(first, second, score, tuple(reason for _, reason in ranked)))
    return sorted(pairs, key=lambda p: (-p.score, p.first, p.second))


def _different_ids(a: Person, b: Person) -> bool:
    """Two ID numbers that differ before the check digit are two people, whatever else they share (a
    typed birth date or a household phone)."""
    return bool(a.id_number and b.id_number) and a.id_number[:17] != b.id_number[:17]


def _phone_and_name(a: Person, b: Person) -> tuple[int, str] | None:
    if a.name == b.name:
        return None  # already NAME_PHONE
    if a.reading and a.reading == b.reading:
        return PHONE_READING
    if one_character_apart(a.name, b.name):
        return PHONE_ONE_CHAR
    return None
