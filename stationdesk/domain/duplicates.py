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


def evidence(a: Person, b: Person) -> list[tuple[int, str]]:
    """Every piece of evidence that two records are one person, strongest first; none when their ID
    numbers say they are two."""
    if _different_ids(a, b):
        return []
    found = []
    if a.id_number and a.id_number == b.id_number:
        found.append(SAME_ID)
    elif len(a.id_number) == len(b.id_number) == 18 and a.id_number[:17] == b.id_number[:17]:
        found.append(ID_TYPO)
    if a.name == b.name and a.phone and a.phone == b.phone:
        found.append(NAME_PHONE)
    if a.name == b.name and a.birth_date and a.birth_date == b.birth_date:
        found.append(NAME_BIRTH)
    if a.phone and a.phone == b.phone and a.name != b.name:
        if a.reading and a.reading == b.reading:
            found.append(PHONE_READING)
        elif one_character_apart(a.name, b.name):
            found.append(PHONE_ONE_CHAR)
    return sorted(found, reverse=True)


def score(found: list[tuple[int, str]]) -> int:
    """The strongest evidence names the score; each further piece adds 5."""
    return min(100, found[0][0] + 5 * (len(found) - 1)) if found else 0


class Index:
    """A roster grouped by every key evidence can share, so the records that might be one person with a
    given one are found by lookups, not by comparing it with everyone."""

    def __init__(self, people: Iterable[Person]):
        self.keys: dict[tuple, list[Person]] = defaultdict(list)
        for p in people:
            for key in _keys(p):
                self.keys[key].append(p)

    def candidates(self, p: Person) -> dict[int, Person]:
        out: dict[int, Person] = {}
        for key in _keys(p):
            group = self.keys.get(key, ())
            if len(group) <= SHARED_KEY_LIMIT:  # a placeholder phone is no evidence
                out.update((other.id, other) for other in group if other.id != p.id)
        return out

    def best(self, p: Person, *, threshold: int = THRESHOLD) -> Pair | None:
        """The record most probably the same person as `p` (a row being imported), or None."""
        found = [(score(e), other.id, e) for other in self.candidates(p).values() if (e := evidence(p, other))]
        if not found:
            return None
        top, other, e = max(found, key=lambda f: (f[0], -f[1]))
        return Pair(other, p.id, top, tuple(reason for _, reason in e)) if top >= threshold else None


def _keys(p: Person) -> list[tuple]:
    keys: list[tuple] = [("phone", p.phone)] if p.phone else []
    if p.id_number:
        keys.append(("id17", p.id_number[:17]))
    if p.birth_date:
        keys.append(("name+birth", p.name, p.birth_date))
    return keys


def find(people: Iterable[Person], *, dismissed: frozenset[tuple[int, int]] = frozenset(),
         threshold: int = THRESHOLD) -> list[Pair]:
    """Pairs at or above `threshold`, strongest first; `dismissed` holds (lower id, higher id) pairs a
    person has marked 不是同一人."""
    pairs = {}
    for group in Index(people).keys.values():
        if not 2 <= len(group) <= SHARED_KEY_LIMIT:  # alone, or a placeholder phone (no evidence)
            continue
        for a, b in combinations(group, 2):
            key = (min(a.id, b.id), max(a.id, b.id))
            if key not in pairs and key not in dismissed:
                found = evidence(a, b)
                pairs[key] = Pair(*key, score(found), tuple(reason for _, reason in found))
    return sorted((pair for pair in pairs.values() if pair.score >= threshold),
                  key=lambda p: (-p.score, p.first, p.second))


def _different_ids(a: Person, b: Person) -> bool:
    """Two ID numbers that differ before the check digit are two people, whatever else they share (a
    typed birth date or a household phone)."""
    return bool(a.id_number and b.id_number) and a.id_number[:17] != b.id_number[:17]
