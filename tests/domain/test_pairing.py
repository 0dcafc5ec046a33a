from datetime import date

import pytest

from stationdesk.domain.pairing import (
    ACTIVE,
    BEHIND,
    ENDED,
    EXPIRED,
    EXPIRING,
    MET,
    NOT_DUE,
    NOT_STARTED,
    ON_TRACK,
    Term,
    check_term,
    fulfilment,
)

TERM = Term(date(2025, 7, 1), date(2028, 6, 30))


@pytest.mark.parametrize("today, status", [
    (date(2025, 6, 30), NOT_STARTED), (date(2025, 7, 1), ACTIVE), (date(2028, 5, 1), EXPIRING),
    (date(2028, 6, 30), EXPIRING), (date(2028, 7, 1), EXPIRED),
])
def test_status_through_the_term(today, status):
    assert TERM.status(today) == status


def test_ended_early_and_year_spans():
    ended = Term(date(2025, 7, 1), date(2028, 6, 30), ended_early_on=date(2026, 3, 31))
    assert ended.status(date(2026, 4, 1)) == ENDED and ended.status(date(2026, 3, 30)) == ACTIVE
    assert TERM.year_span(2025) == (date(2025, 7, 1), date(2025, 12, 31))  # reported, not pro-rated
    assert TERM.year_span(2028) == (date(2028, 1, 1), date(2028, 6, 30))
    assert TERM.year_span(2029) is None and ended.year_span(2027) is None


def test_bad_terms_are_explained():
    assert check_term(date(2026, 1, 1), date(2025, 1, 1), date(2026, 1, 1)) == ["协议结束日期必须晚于开始日期"]
    assert check_term(date(2026, 1, 1), date(2029, 1, 1), date(2025, 12, 20)) == []


@pytest.mark.parametrize("done, today, expected", [
    (4, date(2026, 3, 1), MET),
    (0, date(2026, 2, 1), ON_TRACK),  # a month in, 4 a year: nothing due yet
    (0, date(2026, 4, 15), BEHIND),  # past a quarter with none
    (1, date(2026, 4, 15), ON_TRACK),
    (3, date(2026, 12, 31), BEHIND),  # the year is over
    (2, date(2026, 7, 2), ON_TRACK),
])
def test_fulfilment_against_a_yearly_target_of_four(done, today, expected):
    assert fulfilment(4, done, (date(2026, 1, 1), date(2026, 12, 31)), today) == expected


def test_a_year_outside_the_term_is_not_due():
    assert fulfilment(4, 0, None, date(2026, 5, 1)) == NOT_DUE


def test_term_and_fulfilment_boundaries():
    """Found by mutation testing: each day-exact edge below once let a changed rule pass."""
    from datetime import date, timedelta

    from stationdesk.domain.pairing import BEHIND, ON_TRACK, check_term, fulfilment

    start = date(2026, 1, 1)
    assert check_term(start, start, start) == ["协议结束日期必须晚于开始日期"]
    assert check_term(start, start + timedelta(days=3660), start) == []
    assert check_term(start, start + timedelta(days=3661), start) == ["协议期限不能超过10年"]
    assert check_term(start, start + timedelta(days=30), start + timedelta(days=366)) == []
    assert check_term(start, start + timedelta(days=30), start + timedelta(days=367)) == ["签订日期不能比开始日期晚一年以上"]
    first, last = date(2026, 1, 1), date(2026, 12, 31)
    assert fulfilment(4, 3, (first, last), last) == BEHIND  # the last day: the year is over
    assert fulfilment(4, 0, (first, last), first) == ON_TRACK  # the first day counts as begun, 0 expected
    assert fulfilment(365, 0, (first, last), first) == BEHIND  # …but one a day is due on day one
    assert fulfilment(365, 1, (first, last), first) == ON_TRACK
    assert fulfilment(365, 1, (first, last), date(2026, 1, 2)) == BEHIND  # two days in, one done
    assert fulfilment(365, 2, (first, last), date(2026, 1, 2)) == ON_TRACK
