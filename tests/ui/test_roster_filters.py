"""The 志愿者 page's filter row, driven as an operator would: open it, choose, type a skill, print."""

import subprocess
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from stationdesk.domain.roster_filter import RosterFilter
from stationdesk.services import people, roster
from stationdesk.ui.volunteers_page import VolunteersPage
from tests.ui.conftest import type_chinese


def open_filters(store, qtbot) -> VolunteersPage:
    page = VolunteersPage(store)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    qtbot.waitExposed(page)
    assert not page.filters.isVisible()
    QTest.keySequence(page.windowHandle(), QKeySequence("Ctrl+Shift+F"))  # through the window: as a keyboard does
    assert page.filters.isVisible() and page.filter_button.isChecked()
    return page


def choose(box, text: str) -> None:
    index = box.findText(text)
    assert index >= 0, f"{text} not offered: {[box.itemText(i) for i in range(box.count())]}"
    box.setCurrentIndex(index)


def test_filters_narrow_the_table_and_say_so(demo_store, qtbot):
    page = open_filters(demo_store, qtbot)
    everyone = page.model.rowCount()
    choose(page.filters.age, "60岁及以上")
    elderly = roster.search_ids(demo_store, "", narrow=RosterFilter(age_band="60+"))
    assert 0 < page.model.rowCount() == len(elderly) < everyone
    assert page.count_label.text() == f"在册 {len(elderly)} 人（60岁及以上）"
    assert page.filter_button.text() == "筛选（1）"
    assert page.detail.volunteer_id == elderly[0]  # the first of them is shown

    kind = page.filters.qualification.itemText(1)
    choose(page.filters.qualification, kind)
    both = roster.search_ids(demo_store, "", narrow=RosterFilter(age_band="60+", qualification=kind))
    assert [page.model.volunteer_id(r) for r in range(page.model.rowCount())] == both
    assert page.filter_button.text() == "筛选（2）"

    page.filters.clear()
    assert page.model.rowCount() == everyone and page.count_label.text() == f"在册 {everyone} 人"
    assert page.filter_button.text() == "筛选"


def test_a_skill_typed_through_an_input_method_filters_once_typing_pauses(demo_store, qtbot):
    page = open_filters(demo_store, qtbot)
    assert "医疗护理" in [page.filters.skill.itemText(i) for i in range(page.filters.skill.count())]
    page.filters.skill.lineEdit().setFocus()
    type_chinese(page.filters.skill.lineEdit(), "医疗")
    qtbot.waitUntil(lambda: page.model.narrow.skill == "医疗")
    assert page.model.rowCount() == roster.count(demo_store, narrow=RosterFilter(skill="医疗")) > 0
    page.search.setText("zzzz")  # a search inside the filtered list
    qtbot.waitUntil(lambda: page.model.text == "zzzz")
    assert page.model.rowCount() == 0
    assert "搜索“zzzz”；技能含“医疗”" in page.count_label.text()


def test_a_group_or_qualification_written_while_the_filters_are_open_is_offered(demo_store, qtbot):
    page = open_filters(demo_store, qtbot)
    choose(page.filters.age, "18至35岁")
    vid = roster.search_ids(demo_store, "")[0]
    people.add_qualification(demo_store, vid, kind="救生员证（高级）", valid_until=date(2099, 1, 1))
    page.refresh()
    choose(page.filters.qualification, "救生员证（高级）")
    assert page.filters.age.currentText() == "18至35岁"  # what was chosen stays chosen


def test_the_filtered_roster_prints_with_its_filters_under_the_title(demo_store, qtbot, tmp_path):
    page = open_filters(demo_store, qtbot)
    choose(page.filters.group, "三组")
    choose(page.filters.age, "60岁及以上")
    out = page.print_filtered(str(tmp_path / "filtered.pdf"), open_after=False)
    text = subprocess.run(["pdftotext", "-layout", out, "-"], capture_output=True, text=True, check=True).stdout
    rows = roster.search(demo_store, "", narrow=RosterFilter(village_group="三组", age_band="60+"))
    packed = text.replace(" ", "")  # (the line breaking sets "共 3 人" as Chinese type: no spaces to read back)
    assert rows and "筛选：村民小组“三组”、60岁及以上" in packed and f"共{len(rows)}人" in packed
    for r in rows:
        assert r.name in text
    others = {r.name for r in roster.search(demo_store, "")} - {r.name for r in rows}
    assert not [name for name in others if name in text.split()]


def test_a_pasted_paragraph_or_a_long_skill_never_widens_the_page(demo_store, qtbot):
    """A 600-character paste into the search box made the count line 8,000 px wide, and the main window
    with it: far past a 1366×768 screen."""
    page = open_filters(demo_store, qtbot)
    page.search.setText("张" * 600)
    qtbot.waitUntil(lambda: page.model.text == "张" * 600)
    type_chinese(page.filters.skill.lineEdit(), "医" * 600)
    qtbot.waitUntil(lambda: page.model.narrow.skill != "")
    assert len(page.model.narrow.skill) == 20
    assert page.count_label.text().startswith(f"在册 0 人（搜索“{'张' * 20}…”")
    assert page.minimumSizeHint().width() < 1366 - 150  # beside the navigation list
    assert "没有符合筛选条件" in page.detail.text.text()


def test_signing_up_for_an_activity_that_needs_a_qualification_starts_from_its_holders(demo_store, qtbot, monkeypatch):
    from datetime import datetime, timedelta

    from stationdesk.domain.activity import ActivityDraft
    from stationdesk.services import activities
    from stationdesk.ui import activity_dialogs
    from stationdesk.ui.volunteer_picker import VolunteerPickerDialog

    start = datetime(2026, 7, 18, 9)
    aid = activities.create_activity(demo_store, ActivityDraft(title="防溺水巡河", starts_at=start,
                                                               ends_at=start + timedelta(hours=2), place="河边"))
    kind = roster.filter_choices(demo_store)["qualification"][0]
    people.set_safety(demo_store, aid, risky=True, needs_qualification=kind)
    opened = []

    class Picker(VolunteerPickerDialog):
        def exec(self):
            opened.append(self)
            return False

    monkeypatch.setattr(activity_dialogs, "VolunteerPickerDialog", Picker)
    signup = activity_dialogs.SignupDialog(demo_store, aid)
    qtbot.addWidget(signup)
    signup.add_people()
    [picker] = opened  # a child of the sign-up dialog, closed with it
    holders = roster.search_ids(demo_store, "", narrow=RosterFilter(qualification=kind))
    listed = [picker.results.item(r).data(Qt.ItemDataRole.UserRole) for r in range(picker.results.count())]
    assert picker.filter_button.isChecked() and listed == holders
    picker.filter_button.setChecked(False)  # anyone, as before
    assert picker.results.count() == min(200, roster.count(demo_store))
