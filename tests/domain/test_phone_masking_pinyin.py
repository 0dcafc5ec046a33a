import pytest

from stationdesk.domain.masking import mask_id_number, mask_phone
from stationdesk.domain.phone import InvalidPhone, normalize_phone
from stationdesk.domain.pinyin_keys import pinyin_keys


@pytest.mark.parametrize("raw, stored", [
    ("13812345678", "13812345678"),
    ("138 1234 5678", "13812345678"),
    ("138-1234-5678", "13812345678"),
    ("+86 13812345678", "13812345678"),
    ("8613812345678", "13812345678"),
    ("１３８１２３４５６７８", "13812345678"),
    ("0571-63001234", "0571-63001234"),
])
def test_phone_numbers_normalise(raw, stored):
    assert normalize_phone(raw) == stored


@pytest.mark.parametrize("raw, reason", [
    ("1381234567", "11位"),
    ("12812345678", "格式不对"),
    ("abc", "格式不对"),
    ("138123456789", "11位"),
])
def test_bad_phone_numbers_say_why(raw, reason):
    with pytest.raises(InvalidPhone, match=reason):
        normalize_phone(raw)


def test_masking_keeps_first_and_last_digits():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0571-63001234") == "0571-****1234"
    assert mask_id_number("") == "" and mask_phone(None) == ""


@pytest.mark.parametrize("name, full, initials", [
    ("张三", "zhangsan", "zs"),
    ("曾伟", "zengwei", "zw"),
    ("单丽", "shanli", "sl"),
    ("解红梅", "xiehongmei", "xhm"),
    ("仇晓东", "qiuxiaodong", "qxd"),
    ("区志强", "ouzhiqiang", "ozq"),
    ("查文军", "zhawenjun", "zwj"),
    ("朴美玲", "piaomeiling", "pml"),
    ("尉迟敬德", "yuchijingde", "ycjd"),
])
def test_pinyin_keys_read_surnames_as_surnames(name, full, initials):
    keys = pinyin_keys(name)
    assert (keys.full, keys.initials) == (full, initials)


def test_the_middle_dot_of_minority_names_is_not_part_of_the_keys():
    assert pinyin_keys("阿卜杜·热合曼").initials == "abdrhm"
