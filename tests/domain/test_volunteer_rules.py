from datetime import date

from stationdesk.domain.volunteer import VolunteerDraft, validate


def test_a_valid_draft_takes_birth_date_and_gender_from_the_id():
    result = validate(VolunteerDraft(name=" 张 三 ", id_number="11010519491231002x", phone="138 1234 5678",
                                     political_status="党员"))
    assert result.ok
    d = result.draft
    assert (d.name, d.id_number, d.gender, d.birth_date) == ("张三", "11010519491231002X", "女", date(1949, 12, 31))
    assert (d.phone, d.political_status) == ("13812345678", "中共党员")


def test_each_bad_field_is_reported_once_with_its_label():
    result = validate(VolunteerDraft(name="", id_number="123", phone="12", gender="未知",
                                     political_status="火星人"))
    assert not result.ok
    assert {p.field for p in result.errors} == {"name", "id_number", "phone", "gender", "political_status"}
    assert {p.label for p in result.errors} >= {"姓名", "身份证号码", "联系电话"}


def test_disagreeing_birth_date_and_gender_are_warnings_not_errors():
    result = validate(VolunteerDraft(name="王五", id_number="11010519491231002X", gender="男",
                                     birth_date=date(1950, 1, 1)))
    assert result.ok
    assert {p.field for p in result.warnings} == {"gender", "birth_date"}
    assert result.draft.gender == "女"


def test_names_with_digits_or_punctuation_are_rejected():
    assert not validate(VolunteerDraft(name="制表人：李四")).ok
    assert not validate(VolunteerDraft(name="张三1")).ok
    assert validate(VolunteerDraft(name="阿卜杜•热合曼")).draft.name == "阿卜杜·热合曼"


def test_future_dates_are_rejected():
    result = validate(VolunteerDraft(name="李四", joined_on=date(2999, 1, 1)), today=date(2026, 11, 23))
    assert [p.field for p in result.errors] == ["joined_on"]
