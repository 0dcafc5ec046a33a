from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stationdesk.domain.dates import age_on
from stationdesk.domain.roster_filter import AGE_BANDS, BANDS, RosterFilter, born_range, group_order

days = st.dates(min_value=date(1920, 1, 1), max_value=date(2030, 12, 31))


def in_band(born: date, band, today: date) -> bool:
    after, latest = born_range(band, today)
    return (after is None or born > after) and (latest is None or born <= latest)


@given(born=days, today=days)
def test_an_age_band_holds_exactly_the_people_whose_age_is_in_it(born, today):
    """The SQL compares birth dates; the detail shows age_on(). They must agree on every day, 29 February
    included, or a 17-year-old turns up among the adults on the eve of a birthday."""
    age = age_on(born, today)
    for band in AGE_BANDS:
        expected = (band.lowest is None or age >= band.lowest) and (band.below is None or age < band.below)
        assert in_band(born, band, today) == expected, (band.key, born, today, age)


@pytest.mark.parametrize("born, today, band", [
    (date(2008, 12, 2), date(2026, 12, 2), "18-35"),  # eighteen today
    (date(2008, 12, 3), date(2026, 12, 2), "minor"),  # eighteen tomorrow
    (date(2008, 2, 29), date(2026, 2, 28), "minor"),  # a leap-day birthday in a common year
    (date(2008, 2, 29), date(2026, 3, 1), "18-35"),
    (date(2010, 3, 1), date(2028, 2, 29), "minor"),  # today is a leap day, eighteen years after a common year
    (date(2010, 2, 28), date(2028, 2, 29), "18-35"),
    (date(1966, 12, 2), date(2026, 12, 2), "60+"),
    (date(1966, 12, 3), date(2026, 12, 2), "36-59"),
])
def test_birthdays_on_the_edge_of_a_band(born, today, band):
    assert [b.key for b in AGE_BANDS if in_band(born, b, today)] == [band]


def test_bands_cover_every_age_once():
    today = date(2026, 12, 2)
    for years in range(0, 110):
        born = today - timedelta(days=int(years * 365.25) + 10)
        assert sum(in_band(born, b, today) for b in AGE_BANDS) == 1


def test_a_filter_says_what_it_narrows_and_refuses_an_unknown_band():
    assert not RosterFilter() and not RosterFilter(skill="  ")
    narrow = RosterFilter(skill=" 医疗 ", village_group="三组", qualification="急救证", age_band="60+")
    assert narrow.describe() == "技能含“医疗”、村民小组“三组”、持有效“急救证”、60岁及以上"
    assert set(BANDS) == {"minor", "18-35", "36-59", "60+"}
    with pytest.raises(ValueError, match="没有“old”这个年龄段"):
        RosterFilter(age_band="old")


def test_village_groups_sort_by_their_numbers():
    groups = ["十组", "二组", "一组", "10组", "9组", "第十二组", "二十组", "十一组", "东村", "十十组", "2组"]
    assert sorted(groups, key=group_order) == ["一组", "2组", "二组", "9组", "10组", "十组", "十一组", "第十二组",
                                                "二十组", "东村", "十十组"]
