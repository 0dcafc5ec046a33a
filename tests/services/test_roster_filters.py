"""The roster's filters — skill, village group, a qualification valid today, age band — against the same
questions asked of every volunteer in Python."""

import itertools
from datetime import date, timedelta

import pytest

from stationdesk.domain.dates import age_on
from stationdesk.domain.roster_filter import AGE_BANDS, BANDS, RosterFilter
from stationdesk.domain.volunteer import ARCHIVED, VolunteerDraft
from stationdesk.services import people, roster

TODAY = date.today()


def add(store, name, **kw):
    return roster.add_volunteer(store, VolunteerDraft(name=name, **kw))


def years_ago(years: int, days: int = 0) -> date:
    return TODAY.replace(year=TODAY.year - years) + timedelta(days=days) if (TODAY.month, TODAY.day) != (2, 29) \
        else date(TODAY.year - years, 3, 1) + timedelta(days=days)


@pytest.fixture
def village(store):
    """People on each side of every edge a filter has."""
    ids = {
        "eighteen today": add(store, "赵十八", birth_date=years_ago(18), village_group="三组", skills="医疗护理、理发"),
        "eighteen tomorrow": add(store, "钱十七", birth_date=years_ago(18, 1), village_group="三组", skills="理发"),
        "sixty today": add(store, "孙六十", birth_date=years_ago(60), village_group="十组", skills="书法"),
        "fifty-nine": add(store, "李五九", birth_date=years_ago(60, 1), village_group="二组", skills="100%纯手工"),
        "no birth date": add(store, "周无龄", village_group="三组", skills="医疗"),
        "archived": add(store, "吴归档", birth_date=years_ago(70), village_group="三组", skills="医疗"),
    }
    people.add_qualification(store, ids["eighteen today"], kind="急救证", valid_until=TODAY)  # still valid today
    people.add_qualification(store, ids["eighteen tomorrow"], kind="急救证", valid_until=TODAY - timedelta(days=1))
    people.add_qualification(store, ids["sixty today"], kind="急救证")  # no expiry
    people.add_qualification(store, ids["fifty-nine"], kind="救生员证", valid_until=TODAY + timedelta(days=9))
    people.add_qualification(store, ids["archived"], kind="急救证")
    roster.archive_volunteer(store, ids["archived"], reason="迁出")
    return ids


def found(store, **kw) -> set[int]:
    narrow = RosterFilter(**kw)
    ids = roster.search_ids(store, "", narrow=narrow)
    assert len(ids) == roster.count(store, narrow=narrow)
    return set(ids)


def test_each_filter_on_its_edges(store, village):
    v = village
    assert found(store, age_band="minor") == {v["eighteen tomorrow"]}
    assert found(store, age_band="18-35") == {v["eighteen today"]}
    assert found(store, age_band="36-59") == {v["fifty-nine"]}
    assert found(store, age_band="60+") == {v["sixty today"]}  # not the archived 70-year-old
    assert found(store, qualification="急救证") == {v["eighteen today"], v["sixty today"]}  # not the lapsed one
    assert found(store, village_group="三组") == {v["eighteen today"], v["eighteen tomorrow"], v["no birth date"]}
    assert found(store, skill="医疗") == {v["eighteen today"], v["no birth date"]}
    assert found(store, skill="%") == {v["fifty-nine"]}  # a wildcard is a character like any other
    assert found(store, skill="理发", village_group="三组", age_band="18-35", qualification="急救证") == {v["eighteen today"]}
    assert roster.search_ids(store, "", status=ARCHIVED, narrow=RosterFilter(age_band="60+")) == [v["archived"]]


def test_a_filter_narrows_a_search_and_every_sort(store, village):
    narrow = RosterFilter(village_group="三组")
    assert roster.search_ids(store, "zsb", narrow=narrow) == [village["eighteen today"]]
    assert roster.search_ids(store, "zsb", narrow=RosterFilter(village_group="十组")) == []
    for key in roster.SORT_KEYS:
        assert set(roster.search_ids(store, "", sort=key, narrow=narrow)) == found(store, village_group="三组")


def test_every_combination_agrees_with_asking_each_volunteer(demo_store):
    """On the demo station (its qualifications drawn by the demo), every filter and pair of filters gives
    what a look at each volunteer's own record gives, in name order and with the right count."""
    choices = roster.filter_choices(demo_store)
    assert choices["qualification"] and choices["skill"] and len(choices["village_group"]) == 10
    everyone = []
    for vid in roster.search_ids(demo_store, ""):
        d = roster.get_volunteer(demo_store, vid).draft
        held = {q.kind for q in people.records(demo_store, vid).qualifications
                if q.valid_until is None or q.valid_until >= TODAY}
        everyone.append((vid, d, held))
    options = ([("skill", s) for s in choices["skill"][:3]] + [("village_group", g) for g in choices["village_group"][:3]]
               + [("qualification", k) for k in choices["qualification"]] + [("age_band", b.key) for b in AGE_BANDS])
    for pair in itertools.chain(((o,) for o in options), itertools.combinations(options, 2)):
        if len({field for field, _ in pair}) < len(pair):
            continue
        narrow = RosterFilter(**dict(pair))

        def fits(d, held, narrow=narrow):
            band = BANDS.get(narrow.age_band)
            age = age_on(d.birth_date, TODAY)
            return ((not narrow.skill or narrow.skill in d.skills)
                    and (not narrow.village_group or d.village_group == narrow.village_group)
                    and (not narrow.qualification or narrow.qualification in held)
                    and (band is None or (age is not None and (band.lowest is None or age >= band.lowest)
                                          and (band.below is None or age < band.below))))

        expected = [vid for vid, d, held in everyone if fits(d, held)]
        assert roster.search_ids(demo_store, "", narrow=narrow) == expected, narrow
        assert roster.count(demo_store, narrow=narrow) == len(expected)


def test_choices_list_groups_in_number_order_and_skills_by_use(store):
    for name, group, skills in (("甲", "十组", "理发、医疗"), ("乙", "二组", "理发，书法"), ("丙", "一组", "理发")):
        add(store, name, village_group=group, skills=skills)
    people.add_qualification(store, roster.search_ids(store, "甲")[0], kind="急救证")
    choices = roster.filter_choices(store)
    assert choices == {"village_group": ["一组", "二组", "十组"], "qualification": ["急救证"],
                       "skill": ["理发", "书法", "医疗"]}
