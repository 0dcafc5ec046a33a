from datetime import date

import pytest

from stationdesk.domain.idnumber import make_id_number
from stationdesk.domain.volunteer import ARCHIVED, VolunteerDraft
from stationdesk.services import audit, roster
from stationdesk.services.roster import DuplicateIdNumber, InvalidVolunteer

ID1 = make_id_number("330182", date(1980, 3, 1), 11)
ID2 = make_id_number("330182", date(1992, 6, 9), 22)


def add(store, name, **kw):
    return roster.add_volunteer(store, VolunteerDraft(name=name, **kw))


def test_add_and_read_back_normalised(store):
    vid = add(store, "张三", id_number=ID1.lower(), phone="138 1234 5678")
    detail = roster.get_volunteer(store, vid)
    assert detail.draft.id_number == ID1
    assert detail.draft.phone == "13812345678"
    assert detail.draft.birth_date == date(1980, 3, 1)
    assert detail.status == "active"


def test_invalid_and_duplicate_volunteers_are_refused_and_nothing_is_written(store):
    with pytest.raises(InvalidVolunteer, match="姓名：姓名不能为空"):
        add(store, "")
    add(store, "张三", id_number=ID1)
    with pytest.raises(DuplicateIdNumber, match="已登记在志愿者“张三”"):
        add(store, "张叁", id_number=ID1)
    assert roster.count(store) == 1


def test_edit_changes_fields_and_is_audited(store):
    vid = add(store, "李四", phone="13800000001")
    draft = roster.get_volunteer(store, vid).draft
    roster.update_volunteer(store, vid, draft.__class__(**{**draft.__dict__, "village_group": "三组"}))
    assert roster.get_volunteer(store, vid).draft.village_group == "三组"
    actions = [e[2] for e in audit.entries_for(store, "volunteer", vid)]
    assert actions == ["add", "edit"]


def test_edit_cannot_steal_another_persons_id_number(store):
    add(store, "张三", id_number=ID1)
    other = add(store, "李四", id_number=ID2)
    with pytest.raises(DuplicateIdNumber):
        roster.update_volunteer(store, other, VolunteerDraft(name="李四", id_number=ID1))


def test_archive_hides_and_restore_brings_back(store):
    vid = add(store, "王五")
    roster.archive_volunteer(store, vid, reason="迁出本村")
    assert roster.search_ids(store, "王五") == []
    assert roster.search_ids(store, "王五", status=ARCHIVED) == [vid]
    assert roster.get_volunteer(store, vid).archive_reason == "迁出本村"
    roster.restore_volunteer(store, vid)
    assert roster.search_ids(store, "王五") == [vid]


@pytest.mark.parametrize("query", ["zs", "ZS", "zhangsan", "zhangs", "张三", "张", "5678", "１３８", ID1[-4:]])
def test_search_by_name_pinyin_phone_and_id_tail(store, query):
    vid = add(store, "张三", id_number=ID1, phone="13812345678")
    add(store, "李四", phone="13900000000")
    assert vid in roster.search_ids(store, query)


def test_search_ranks_exact_initials_first_and_escapes_wildcards(store):
    add(store, "邹诗琪")
    add(store, "张三")
    add(store, "赵珊")
    assert roster.search(store, "zs")[0].name in ("张三", "赵珊")
    assert roster.search(store, "zs")[-1].name == "邹诗琪"
    assert roster.search_ids(store, "%") == []
    assert roster.search_ids(store, "_") == []


def test_polyphonic_surnames_are_found_by_their_surname_reading(store):
    vid = add(store, "曾伟")
    assert roster.search_ids(store, "zengw") == [vid]
    assert roster.search_ids(store, "cengw") == []


def test_sort_by_each_column_both_ways(demo_store):
    for key in roster.SORT_KEYS:
        up = roster.search_ids(demo_store, "", sort=key)
        down = roster.search_ids(demo_store, "", sort=key, descending=True)
        assert sorted(up) == sorted(down) and len(up) == 60
    rows = roster.rows_by_ids(demo_store, roster.search_ids(demo_store, "", sort="village_group"))
    groups = [r.village_group for r in rows]
    assert groups == sorted(groups)
    names = roster.search(demo_store, "", sort="name")
    keys = [demo_store.scalar("SELECT sort_name FROM volunteer WHERE id = ?", (r.id,)) for r in names]
    assert keys == sorted(keys)


def test_rows_are_masked_and_reveal_is_logged(store):
    vid = add(store, "张三", id_number=ID1, phone="13812345678")
    row = roster.search(store, "张三")[0]
    assert row.phone_masked == "138****5678"
    assert row.id_masked == ID1[:6] + "********" + ID1[-4:]
    assert roster.reveal(store, vid, "id_number") == ID1
    assert [e[2] for e in audit.entries_for(store, "volunteer", vid)][-1] == "reveal"


def test_rows_by_ids_keeps_order_over_many_ids(demo_store):
    ids = roster.search_ids(demo_store, "", sort="phone", descending=True)
    assert [r.id for r in roster.rows_by_ids(demo_store, ids)] == ids


def test_names_sort_syllable_by_syllable(store):
    for name in ("程卫东", "陈国庆", "程淑芬", "陈"):
        add(store, name)
    assert [r.name for r in roster.search(store, "", sort="name")] == ["陈", "陈国庆", "程淑芬", "程卫东"]


def test_home_counts_the_active_as_every_record_less_the_others(store):
    """首页's figure subtracts the other statuses from the whole table's count: it equals a count of the
    active, whatever other status a record holds."""
    from stationdesk.services import station

    ids = [roster.add_volunteer(store, VolunteerDraft(name=name)) for name in ("张三", "李四", "王五", "赵六", "钱七")]
    roster.archive_volunteer(store, ids[0], reason="迁出")
    with store.write():  # a status the app does not write, on either side of 'active'
        store.execute("UPDATE volunteer SET status = 'aaa' WHERE id = ?", (ids[1],))
        store.execute("UPDATE volunteer SET status = 'zzz' WHERE id = ?", (ids[2],))
    counted = dict(store.execute("SELECT status, count(*) FROM volunteer GROUP BY status").fetchall())
    overview = station.overview(store)
    assert (overview.volunteers, overview.archived) == (counted["active"], counted[ARCHIVED]) == (2, 1)
