from datetime import date

import pytest

from stationdesk.domain.idnumber import InvalidIdNumber, check_char, make_id_number, parse_id_number


@pytest.mark.parametrize("number, born, gender", [
    ("11010519491231002X", date(1949, 12, 31), "女"),
    ("440524188001010014", date(1880, 1, 1), "男"),
])
def test_published_examples_need_a_plausible_birth_year(number, born, gender):
    if born.year < 1900:
        with pytest.raises(InvalidIdNumber, match="出生日期不合理"):
            parse_id_number(number)
    else:
        info = parse_id_number(number)
        assert (info.birth_date, info.gender) == (born, gender)


def test_check_character_follows_iso_7064():
    assert check_char("11010519491231002") == "X"
    assert check_char("44052418800101001") == "4"


def test_lowercase_x_and_fullwidth_digits_and_spaces_are_normalised():
    assert parse_id_number("11010519491231002x").number == "11010519491231002X"
    assert parse_id_number("１１０１０５１９４９１２３１００２Ｘ").number == "11010519491231002X"
    assert parse_id_number(" 110105 19491231 002X ").number == "11010519491231002X"


def test_only_ascii_digits_count():
    arabic_indic = "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X"  # str.isdigit() would accept these
    with pytest.raises(InvalidIdNumber, match="只能是数字"):
        parse_id_number(arabic_indic)


@pytest.mark.parametrize("number, reason", [
    ("11010519491231002", "18位"),
    ("110105194912310", "15位的旧身份证"),
    ("110105194912310021", "校验位"),
    ("110105194902300027", "出生日期不存在"),
    ("000105194912310021", "省份代码"),
    ("11010519491231A02X", "只能是数字"),
    ("110105" + "20991231" + "0011", "出生日期不合理"),
])
def test_bad_numbers_say_why(number, reason):
    with pytest.raises(InvalidIdNumber, match=reason):
        parse_id_number(number)


def test_sex_from_the_17th_digit_and_made_numbers_validate():
    for seq, gender in ((1, "男"), (2, "女"), (999, "男"), (998, "女")):
        number = make_id_number("330182", date(1990, 2, 28), seq)
        info = parse_id_number(number)
        assert info.gender == gender
        assert info.birth_date == date(1990, 2, 28)


def test_foreign_permanent_resident_ids_start_with_nine():
    number = make_id_number("931000", date(1985, 5, 5), 11)
    assert parse_id_number(number).gender == "男"


def test_excel_truncated_numbers_are_mostly_caught():
    # Excel keeps 15 significant digits and zero-fills the rest; most such numbers fail the check.
    real = make_id_number("330182", date(1990, 7, 14), 123)
    truncated = real[:15] + "000"
    if check_char(truncated[:17]) != "0":
        with pytest.raises(InvalidIdNumber):
            parse_id_number(truncated)
