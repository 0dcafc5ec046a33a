"""The duplicate finder on random rosters: every planted duplicate of each kind is found, and distinct
people who only share a common name never are."""

import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from stationdesk.domain.duplicates import THRESHOLD, Person, find, one_character_apart
from stationdesk.domain.idnumber import make_id_number

COMMON = ("王伟", "李娜", "张敏", "王芳", "李强", "张静", "刘洋", "陈杰")
READINGS = {"王伟": "wangwei", "李娜": "lina", "张敏": "zhangmin", "王芳": "wangfang", "李强": "liqiang",
            "张静": "zhangjing", "刘洋": "liuyang", "陈杰": "chenjie", "王玮": "wangwei", "张三丰": "zhangsanfeng",
            "张三峰": "zhangsanfeng"}


def distinct_people(rng: random.Random, n: int) -> list[Person]:
    """`n` different people, all with the commonest names, each their own phone; most with an ID number
    (and the birth date it gives — same-day births included), the rest with neither, as paper rosters
    typed without IDs are."""
    out = []
    for i in range(n):
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(300))  # many share a birthday
        name = rng.choice(COMMON)
        if rng.random() < 0.7:
            out.append(Person(i + 1, name, f"139{i:08d}", make_id_number("330122", born, i % 999 + 1), born,
                              READINGS[name]))
        else:
            out.append(Person(i + 1, name, f"139{i:08d}", reading=READINGS[name]))
    return out


KINDS = ("name+phone", "name+birth", "id typo", "phone+reading", "phone+one character")


def plant(rng: random.Random, people: list[Person], kind: str) -> tuple[list[Person], tuple[int, int]]:
    """Add a second record of one person, typed again as `kind` describes."""
    original = rng.choice(people)
    new_id = max(p.id for p in people) + 1
    if kind == "name+phone":
        copy = Person(new_id, original.name, original.phone)
    elif kind == "name+birth":
        original = Person(original.id, original.name, original.phone, original.id_number,
                          original.birth_date or date(1966, 6, 6), original.reading)
        people = [original if p.id == original.id else p for p in people]
        copy = Person(new_id, original.name, "13700000000", birth_date=original.birth_date)
    elif kind == "id typo":
        born = original.birth_date or date(1966, 6, 6)
        original = Person(original.id, original.name, original.phone, make_id_number("330122", born, 998), born,
                          original.reading)
        people = [original if p.id == original.id else p for p in people]
        wrong = original.id_number[:17] + ("0" if original.id_number[17] != "0" else "1")
        copy = Person(new_id, original.name + "", "", wrong)
    elif kind == "phone+reading":
        original = Person(original.id, "王伟", original.phone, original.id_number, original.birth_date, "wangwei")
        people = [original if p.id == original.id else p for p in people]
        copy = Person(new_id, "王玮", original.phone, reading="wangwei")
    else:
        original = Person(original.id, "张三丰", original.phone, original.id_number, original.birth_date, "zhangsanfeng")
        people = [original if p.id == original.id else p for p in people]
        copy = Person(new_id, "张三锋", original.phone, reading="zhangsanfeng2")
    return [*people, copy], (original.id, new_id)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(5, 300), kind=st.sampled_from(KINDS))
def test_a_planted_duplicate_is_found_and_common_names_alone_never_pair(seed, size, kind):
    rng = random.Random(seed)
    people = distinct_people(rng, size)
    assert find(people) == [], "distinct people sharing only a common name were paired"
    roster, planted = plant(rng, people, kind)
    found = {(p.first, p.second): p for p in find(roster)}
    assert planted in found, kind
    assert found[planted].score >= THRESHOLD and found[planted].reasons
    # Only the new record pairs: with a name and a birth date alone it may match two same-day namesakes.
    assert all(planted[1] in pair for pair in found), kind


def test_scores_and_reasons_name_the_evidence():
    born = date(1980, 5, 6)
    a = Person(1, "张三", "13812345678", make_id_number("330122", born, 12), born, "zhangsan")
    b = Person(2, "张三", "13812345678", "", born, "zhangsan")
    (pair,) = find([a, b])
    assert pair.reasons == ("姓名和电话相同", "姓名和出生日期相同") and pair.score == 95
    assert find([a, b], dismissed=frozenset({(1, 2)})) == []
    assert find([a, Person(3, "张三", "", "", None, "zhangsan")]) == []  # a name alone is no evidence


def test_a_phone_shared_by_many_records_is_no_evidence():
    """The station's own phone typed for everyone without one: 40 different people, no pairs."""
    office = [Person(i, f"李{'一二三四五六七八九十'[i % 10]}{i}", "057112345678") for i in range(1, 41)]
    assert find(office) == []


def test_one_character_apart():
    assert one_character_apart("张三丰", "张三峰") and one_character_apart("王伟", "王玮")
    assert not one_character_apart("张三", "张三丰") and not one_character_apart("王伟", "李娜")
    assert not one_character_apart("王", "李")
