"""Someone typed in again by hand is caught at the door: the form asks, the CLI refuses without --anyway."""

from datetime import date

from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.services import roster
from tests.e2e.test_cli import run


def test_the_same_name_and_phone_or_birth_date_is_probably_registered(store):
    first = roster.add_volunteer(store, VolunteerDraft(name="王小明", phone="13800138000"))
    other = roster.add_volunteer(store, VolunteerDraft(name="李华", birth_date=date(1990, 3, 7)))
    found = roster.probably_registered(store, VolunteerDraft(name="王小明", phone="13800138000"))
    assert [(p.id, p.name) for p in found] == [(first, "王小明")] and "姓名和电话相同" in found[0].reasons
    born = roster.probably_registered(store, VolunteerDraft(name="李华", id_number="110101199003071233"))
    assert [p.id for p in born] == [other] and "姓名和出生日期相同" in born[0].reasons  # born as the ID says
    assert roster.probably_registered(store, VolunteerDraft(name="王小明", phone="13900139000")) == []
    assert roster.probably_registered(store, VolunteerDraft(name="王小明", phone="13800138000"),
                                      volunteer_id=first) == []  # editing the record itself


def test_the_cli_refuses_a_probable_duplicate_unless_told(tmp_path):
    db = tmp_path / "s.sqlite3"
    run("--db", db, "--create", "volunteers", "add", "--name", "王小明", "--phone", "13800138000", check_code=0)
    err = run("--db", db, "volunteers", "add", "--name", "王小明", "--phone", "13800138000", check_code=2).stderr
    assert "可能已经登记过这个人" in err and "姓名和电话相同" in err and "--anyway" in err
    run("--db", db, "volunteers", "add", "--name", "王小明", "--phone", "13800138000", "--anyway", check_code=0)
    assert run("--db", db, "volunteers", "search", "王小明", "--json", check_code=0).stdout.count('"王小明"') == 2
