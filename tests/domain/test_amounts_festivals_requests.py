from datetime import date

import pytest

from stationdesk.domain import requests as flow
from stationdesk.domain.amounts import InvalidAmount, figure, format_amount, parse_amount
from stationdesk.domain.festivals import in_month, is_fifth_day, marked_days, next_festivals


@pytest.mark.parametrize(("text", "fen"), [("12", 1200), ("1,234.5", 123450), ("０.０１", 1), ("3.10元", 310),
                                           (" 88.88 ", 8888)])
def test_amounts_parse_exactly(text, fen):
    assert parse_amount(text) == fen


@pytest.mark.parametrize("text", ["", "abc", "-5", "0", "1.005", "nan", "inf", "1e12"])
def test_bad_amounts_are_refused_in_chinese(text):
    with pytest.raises(InvalidAmount) as caught:
        parse_amount(text)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(caught.value))


def test_negative_only_when_allowed_and_formatting():
    assert parse_amount("-2.5", allow_negative=True) == -250
    assert format_amount(123450) == "1,234.50"
    assert format_amount(1250, grouping=False, keep_zeros=False) == "12.5"
    assert format_amount(1200, keep_zeros=False) == "12"
    # Adding a cent a million times stays exact (a float would drift).
    assert sum(parse_amount("0.01") for _ in range(10**5)) == 10**5


def test_festivals_match_the_published_2026_dates():
    # REFERENCE §5: lunar-python, lunardate, cnlunar and borax agree on these.
    got = {d.name: d.day for d in marked_days(2026)}
    assert got["春节"] == date(2026, 2, 17)
    assert got["元宵节"] == date(2026, 3, 3)
    assert got["清明节"] == date(2026, 4, 5)
    assert got["端午节"] == date(2026, 6, 19)
    assert got["七夕节"] == date(2026, 8, 19)
    assert got["中秋节"] == date(2026, 9, 25)
    assert got["重阳节"] == date(2026, 10, 18)
    assert got["学雷锋纪念日"] == date(2026, 3, 5)
    assert got["国际志愿者日"] == date(2026, 12, 5)


def test_festivals_for_other_years_and_month_view():
    got = {d.name: d.day for d in marked_days(2027)}
    assert got["春节"] == date(2027, 2, 6) and got["中秋节"] == date(2027, 9, 15)
    assert [d.name for d in in_month(2026, 9)[date(2026, 9, 25)]] == ["中秋节"]
    mid_autumn = next(d for d in marked_days(2026) if d.name == "中秋节")
    assert mid_autumn.brand == "我们的节日" and mid_autumn.activity_title == "“我们的节日·中秋”主题活动"
    spring = next(d for d in marked_days(2026) if d.name == "春节")
    assert spring.activity_title == "“我们的节日·春节”主题活动"
    assert is_fifth_day(date(2026, 11, 25)) and not is_fifth_day(date(2026, 11, 26))
    # Late December looks ahead into the next year.
    assert [d.name for d in next_festivals(date(2026, 12, 20), within_days=60)] == ["元旦", "春节"]


def test_request_steps_cannot_be_skipped():
    assert flow.check_step(flow.REQUESTED, flow.DISPATCHED) is None
    assert "派单" in flow.check_step(flow.REQUESTED, flow.ACCEPTED)
    assert "接单" in flow.check_step(flow.DISPATCHED, flow.DONE)
    assert "完成后" in flow.check_step(flow.ACCEPTED, flow.REVIEWED)
    assert flow.check_step(flow.REVIEWED, flow.REVIEWED) == "这条需求已经评过了"
    assert flow.check_step(flow.DONE, flow.WITHDRAWN) is not None


@pytest.mark.parametrize("rating", [0, 6, -1, "五", 3.5, None])
def test_rating_out_of_range(rating):
    with pytest.raises(ValueError):
        flow.check_rating(rating)


def test_amount_boundaries_and_their_exact_words():
    """Found by mutation testing: each edge below once let a changed rule pass."""
    from stationdesk.domain.amounts import InvalidAmount, parse_amount, points_text

    assert parse_amount("1，200") == parse_amount("1,200") == 120_000  # a Chinese comma groups digits too
    assert parse_amount("-0.01", allow_negative=True) == -1
    for text, words in (("0", "不能为 0"), ("0.001", "最多保留两位小数"), ("-5", "不能为负数"),
                        ("10000000000", "数额过大"), ("abc", "“abc”不是数字")):
        with pytest.raises(InvalidAmount) as refused:
            parse_amount(text)
        assert str(refused.value) == words
    assert parse_amount("9999999999.99") == 999_999_999_999  # just under the limit
    assert points_text(123_456) == "1234.56" and points_text(150) == "1.5"  # points: no grouping, no trailing 0


@pytest.mark.parametrize("value, text", [(3648020.5, "3648020.5"), (562230.5, "562230.5"), (2.0, "2"), (0.25, "0.25"),
                                         (1 / 3, "0.33"), (-0.0, "0"), (7, "7"), (100000, "100000")])
def test_figures_read_as_numbers_never_exponents_or_six_digits(value, text):
    """A county's year: `:g` printed 3648020.5 hours as 3.64802e+06 and 562230.5 as 562230."""
    assert figure(value) == text
