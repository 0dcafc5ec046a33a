from PySide6.QtCore import Qt

from stationdesk.domain.amounts import points_text
from stationdesk.domain.idnumber import make_id_number
from stationdesk.services import audit, roster
from stationdesk.ui.volunteer_dialog import VolunteerDialog
from stationdesk.ui.volunteer_table_model import COL_NAME, COL_PHONE, VolunteerTableModel
from stationdesk.ui.volunteers_page import VolunteersPage
from tests.ui.conftest import type_chinese


def open_page(store, qtbot) -> VolunteersPage:
    page = VolunteersPage(store)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 0  # no query until the page is shown
    page.show()
    return page


def names(page):
    m = page.model
    return [m.data(m.index(r, COL_NAME)) for r in range(m.rowCount())]


def test_model_passes_the_model_tester(demo_store, qtmodeltester):
    model = VolunteerTableModel(demo_store)
    model.refresh()
    qtmodeltester.check(model)


def test_the_roster_reads_its_first_page_and_the_rest_only_when_wanted(demo_store, qtmodeltester, monkeypatch):
    """A first visit reads one page of ids and a count; a row past that page (scrolled to, or a volunteer
    to select) reads the rest — the same ids, in the same order, as one query of them all."""
    from stationdesk.ui import volunteer_table_model

    monkeypatch.setattr(volunteer_table_model, "PAGE_SIZE", 16)
    everyone = roster.search_ids(demo_store, "")
    model = VolunteerTableModel(demo_store)
    model.refresh()
    assert (model.rowCount(), len(model._ids)) == (len(everyone), 16)
    assert model.data(model.index(59, COL_NAME)) == roster.get_volunteer(demo_store, everyone[59]).draft.name
    assert [model.volunteer_id(r) for r in range(60)] == everyone
    model.refresh()
    assert model.row_of(everyone[-1]) == 59
    model.refresh()
    qtmodeltester.check(model)


def test_typing_initials_finds_zhang_san_first(demo_store, qtbot):
    page = open_page(demo_store, qtbot)
    assert page.model.rowCount() == 60
    qtbot.keyClicks(page.search, "zs")
    qtbot.waitUntil(lambda: page.model.text == "zs")
    assert names(page)[0] == "张三"
    assert "张三" in page.detail.text.text()
    assert "搜索“zs”" in page.count_label.text()
    from stationdesk.services import points

    balance = points_text(points.balance(demo_store, page.detail.volunteer_id))
    assert f"积分</td><td>{balance} 分" in page.detail.text.text()


def test_typing_chinese_through_an_input_method(demo_store, qtbot):
    page = open_page(demo_store, qtbot)
    page.search.setFocus()
    type_chinese(page.search, "张三")
    qtbot.waitUntil(lambda: page.model.text == "张三")
    assert names(page) == ["张三"]


def test_phone_tail_search_and_masked_cells(demo_store, qtbot):
    vid = roster.search_ids(demo_store, "李四")[0]
    phone = roster.get_volunteer(demo_store, vid).draft.phone
    page = open_page(demo_store, qtbot)
    qtbot.keyClicks(page.search, phone[-4:])
    qtbot.waitUntil(lambda: page.model.text == phone[-4:])
    assert "李四" in names(page)
    row = names(page).index("李四")
    assert page.model.data(page.model.index(row, COL_PHONE)) == phone[:3] + "****" + phone[-4:]


def test_clicking_a_header_sorts_in_sql(demo_store, qtbot):
    page = open_page(demo_store, qtbot)
    header = page.table.horizontalHeader()
    header.setSortIndicator(COL_NAME, Qt.SortOrder.DescendingOrder)
    assert page.model.sort_key == "name" and page.model.descending
    expected = [r.name for r in roster.search(demo_store, "", sort="name", descending=True)]
    assert names(page) == expected


def test_add_dialog_shows_field_messages_and_saves_valid_input(store, qtbot):
    dialog = VolunteerDialog(store)
    qtbot.addWidget(dialog)
    save = dialog.save_button
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.errors["name"].text() == "姓名不能为空"
    assert not dialog.errors["name"].isHidden()
    type_chinese(dialog.inputs["name"], "王五")
    qtbot.keyClicks(dialog.inputs["id_number"], "110105194912310021")
    qtbot.keyClicks(dialog.inputs["phone"], "1381234")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "校验位" in dialog.errors["id_number"].text()
    assert "11位" in dialog.errors["phone"].text()
    assert dialog.errors["name"].isHidden()
    assert roster.count(store) == 0
    dialog.inputs["id_number"].setText("11010519491231002x")
    dialog.inputs["id_number"].editingFinished.emit()
    assert dialog.inputs["gender"].currentText() == "女"  # filled from the ID
    qtbot.keyClicks(dialog.inputs["phone"], "5678")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.result() == VolunteerDialog.DialogCode.Accepted
    saved = roster.get_volunteer(store, dialog.saved_id).draft
    assert (saved.name, saved.id_number, saved.phone) == ("王五", "11010519491231002X", "13812345678")


def test_duplicate_id_is_shown_on_the_id_field(store, qtbot):
    number = make_id_number("330182", __import__("datetime").date(1990, 1, 1), 15)
    roster.add_volunteer(store, roster.VolunteerDraft(name="张三", id_number=number))
    dialog = VolunteerDialog(store)
    qtbot.addWidget(dialog)
    type_chinese(dialog.inputs["name"], "张叁")
    dialog.inputs["id_number"].setText(number)
    dialog.save()
    assert "已登记在志愿者“张三”" in dialog.errors["id_number"].text()
    assert roster.count(store) == 1


def test_archive_asks_first_and_restore_brings_back(demo_store, qtbot, monkeypatch, forms):
    from stationdesk.ui.widgets import FormDialog

    page = open_page(demo_store, qtbot)
    qtbot.keyClicks(page.search, "zs")
    qtbot.waitUntil(lambda: page.model.text == "zs")
    with monkeypatch.context() as cancelling:
        cancelling.setattr(FormDialog, "exec", lambda dialog: 0)  # the user cancels
        page.archive_or_restore()
    assert names(page)[0] == "张三"
    forms.answer({"原因（可不填）": "迁出本村"})
    page.archive_or_restore()
    assert "张三" not in names(page)
    page.status_filter.setCurrentIndex(1)
    assert "张三" in names(page)
    page.select_row(names(page).index("张三"))
    page.archive_or_restore()
    page.status_filter.setCurrentIndex(0)
    assert "张三" in names(page)


def test_reveal_shows_full_numbers_and_is_logged(demo_store, qtbot):
    page = open_page(demo_store, qtbot)
    vid = page.selected_id()
    full = roster.get_volunteer(demo_store, vid).draft.phone
    assert full not in page.detail.text.text()
    qtbot.mouseClick(page.detail.reveal_button, Qt.MouseButton.LeftButton)
    assert full in page.detail.text.text()
    assert [e[2] for e in audit.entries_for(demo_store, "volunteer", vid)][-2:] == ["reveal", "reveal"]


def test_the_edit_form_opens_masked_and_showing_the_numbers_is_logged(store, qtbot):
    number = make_id_number("330182", __import__("datetime").date(1990, 1, 1), 15)
    vid = roster.add_volunteer(store, roster.VolunteerDraft(name="张三", id_number=number, phone="13812345678"))
    reveals = "SELECT count(*) FROM audit_entry WHERE action = 'reveal' AND entity_id = ?"
    dialog = VolunteerDialog(store, vid)
    qtbot.addWidget(dialog)
    shown = dialog.inputs["id_number"].text(), dialog.inputs["phone"].text()
    assert number not in shown and "13812345678" not in shown and "*" in shown[0] and "*" in shown[1]
    assert dialog.inputs["id_number"].isReadOnly() and not dialog.reveal_button.isHidden()
    type_chinese(dialog.inputs["skills"], "维修家电")
    dialog.save()  # saving without revealing keeps the full numbers, not the masks
    saved = roster.get_volunteer(store, vid).draft
    assert (saved.id_number, saved.phone, saved.skills) == (number, "13812345678", "维修家电")
    assert store.scalar(reveals, (vid,)) == 0
    again = VolunteerDialog(store, vid)
    qtbot.addWidget(again)
    again.reveal_button.click()
    assert again.inputs["id_number"].text() == number and not again.inputs["id_number"].isReadOnly()
    assert store.scalar(reveals, (vid,)) == 2  # ID number and phone, each logged
    again.inputs["phone"].setText("13900001111")
    again.save()
    assert roster.get_volunteer(store, vid).draft.phone == "13900001111"


def test_tab_after_a_valid_id_number_skips_the_fields_it_filled(store, qtbot):
    from PySide6.QtCore import Qt

    dialog = VolunteerDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    number = make_id_number("330182", __import__("datetime").date(1990, 1, 1), 15)
    dialog.inputs["id_number"].setFocus()
    dialog.inputs["id_number"].setText(number)
    dialog.inputs["id_number"].editingFinished.emit()
    assert dialog.inputs["birth_date"].value() == __import__("datetime").date(1990, 1, 1)
    assert dialog.inputs["birth_date"].focusPolicy() == Qt.FocusPolicy.ClickFocus
    dialog.activateWindow()
    dialog.inputs["id_number"].setFocus()
    qtbot.keyClick(dialog.inputs["id_number"], Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.inputs["phone"]


def test_duplicates_dialog_shows_the_pair_side_by_side_and_remembers_not_the_same(demo_store, qtbot):
    from stationdesk.domain.volunteer import VolunteerDraft
    from stationdesk.services import duplicates, roster
    from stationdesk.ui.duplicates_dialog import DuplicatesDialog
    from stationdesk.ui.rows_model import cell

    first = roster.get_volunteer(demo_store, roster.search_ids(demo_store, "")[3])
    again = roster.add_volunteer(demo_store, VolunteerDraft(name=first.draft.name, phone=first.draft.phone))
    dialog = DuplicatesDialog(demo_store)
    qtbot.addWidget(dialog)
    dialog.search()  # in the background, as from the page
    assert dialog.pairs.model().rowCount() == 1 and "发现 <b>1</b> 对" in dialog.summary.text()
    assert first.draft.name in cell(dialog.pairs, 0, 1) and f"编号 {again}" in cell(dialog.pairs, 0, 2)
    dialog.pairs.selectRow(0)
    sides = {cell(dialog.sides, r, 0): (cell(dialog.sides, r, 1), cell(dialog.sides, r, 2))
             for r in range(dialog.sides.model().rowCount())}
    assert sides["姓名"] == (first.draft.name, first.draft.name) and sides["编号"] == (str(first.id), str(again))
    assert sides["联系电话"][0] == sides["联系电话"][1] and "****" in sides["联系电话"][0]
    assert sides["服务时长"][1] == "0 小时"
    model = dialog.sides.model()
    tinted = {cell(dialog.sides, r, 0) for r in range(model.rowCount())
              if model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole) is not None}
    assert "编号" in tinted and "姓名" not in tinted
    dialog.dismiss()
    assert dialog.pairs.model().rowCount() == 0 and "没有发现" in dialog.summary.text()
    assert duplicates.pairs(demo_store) == []


def test_merge_from_the_duplicates_dialog_and_undo_it(demo_store, qtbot, monkeypatch):
    """The real merge form: keep the older record, take the other's village group; then 撤销."""
    from stationdesk.domain.volunteer import VolunteerDraft
    from stationdesk.services import roster
    from stationdesk.ui.duplicates_dialog import DuplicatesDialog, MergeDialog

    first = roster.get_volunteer(demo_store, roster.search_ids(demo_store, "")[5])
    again = roster.add_volunteer(demo_store, VolunteerDraft(name=first.draft.name, phone=first.draft.phone,
                                                            village_group="十二组"))
    seen = {}

    def fill(form):
        seen["fields"] = sorted(form.choices)
        form.choices["village_group"].setCurrentIndex(1)  # 改用 the other's
        # Meanwhile the other record went (another window merged it): refused inside the form, choices kept.
        with demo_store.write():
            demo_store.execute("UPDATE volunteer SET id = id + 100000 WHERE id = ?", (again,))
        form.ok()
        seen["refused"], seen["kept"] = form.message.text(), form.choices["village_group"].currentIndex()
        with demo_store.write():
            demo_store.execute("UPDATE volunteer SET id = ? WHERE id = ?", (again, again + 100000))
        form.ok()
        return form.result()

    monkeypatch.setattr(MergeDialog, "exec", fill)
    dialog = DuplicatesDialog(demo_store)
    qtbot.addWidget(dialog)
    dialog.search()
    dialog.pairs.selectRow(0)
    dialog.merge()
    assert "village_group" in seen["fields"]
    assert "找不到" in seen["refused"] and seen["kept"] == 1
    assert roster.get_volunteer(demo_store, first.id).draft.village_group == "十二组"
    assert demo_store.scalar("SELECT count(*) FROM volunteer WHERE id = ?", (again,)) == 0
    assert dialog.pairs.model().rowCount() == 0 and dialog.undo_button.isEnabled()
    dialog.undo_last()
    assert roster.get_volunteer(demo_store, first.id).draft.village_group == first.draft.village_group
    assert dialog.pairs.model().rowCount() == 1 and not dialog.undo_button.isEnabled()


def test_a_volunteers_own_record_prints_from_the_page(demo_store, qtbot, tmp_path):
    """个人志愿服务档案: every held activity with its hours, masked ID, and the words that it is no proof."""
    import subprocess

    from stationdesk.ui.volunteers_page import VolunteersPage

    page = VolunteersPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    vid = demo_store.scalar("SELECT volunteer_id FROM participation WHERE attended = 1 GROUP BY volunteer_id"
                            " ORDER BY count(*) DESC LIMIT 1")
    page.refresh(keep_id=vid)
    assert page.selected_id() == vid
    out = page.print_profile(str(tmp_path / "profile.pdf"), open_after=False)
    text = "".join(subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True).stdout.split())
    name, idn = demo_store.execute("SELECT name, id_number FROM volunteer WHERE id = ?", (vid,)).fetchone()
    held = demo_store.execute("SELECT a.title, p.hours FROM participation p JOIN activity a ON a.id = p.activity_id"
                              " WHERE p.volunteer_id = ? AND p.attended = 1 AND a.status = 'done'", (vid,)).fetchall()
    assert "个人志愿服务档案" in text and name in text and "不作证明使用" in text
    assert f"共{len(held)}次，{sum(h for _, h in held):g}小时" in text and all(t.replace(" ", "") in text for t, _ in held)
    assert (idn is None) or (idn not in text and idn[-4:] in text)
