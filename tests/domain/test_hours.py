from datetime import datetime, timedelta

import pytest

from stationdesk.domain.hours import HoursRule, InvalidTimes, star_level, stars_text

T0 = datetime(2026, 11, 5, 9, 0)


@pytest.mark.parametrize("minutes, hours", [
    (0, 0), (15, 0), (16, 0.5), (45, 0.5), (46, 1), (60, 1), (75, 1), (76, 1.5), (120, 2), (135, 2), (136, 2.5),
])
def test_rounding_to_the_half_hour_at_the_edges(minutes, hours):
    assert HoursRule().credit(T0, T0 + timedelta(minutes=minutes)) == hours


def test_the_daily_cap_and_other_steps():
    assert HoursRule().credit(T0, T0 + timedelta(hours=11)) == 8
    assert HoursRule(daily_cap=6).credit(T0, T0 + timedelta(hours=7)) == 6
    assert HoursRule(step_minutes=15).credit(T0, T0 + timedelta(minutes=38)) == 0.75


def test_check_out_before_check_in_is_refused():
    with pytest.raises(InvalidTimes, match="签退时间早于签到时间"):
        HoursRule().credit(T0, T0 - timedelta(minutes=1))


@pytest.mark.parametrize("hours, level", [(0, 0), (99.5, 0), (100, 1), (299, 1), (300, 2), (600, 3), (1000, 4),
                                          (1500, 5), (9999, 5)])
def test_star_levels(hours, level):
    assert star_level(hours) == level


def test_stars_text():
    assert stars_text(0) == "未达到一星" and stars_text(3) == "★★★☆☆"
