import re
import subprocess

import pytest
from PySide6.QtWidgets import QLabel, QMenu, QPushButton

from stationdesk.services import importing, roster, teams
from stationdesk.ui.import_dialog import ImportDialog
from stationdesk.ui.main_window import SETTINGS, STATS, MainWindow
from stationdesk.ui.rows_model import cell
from stationdesk.ui.teams_page import TeamsPage
from tests.exchange.messy import write_messy_xlsx
from tests.ui.conftest import type_chinese


def test_import_wizard_previews_imports_and_saves_the_error_rows(store, qtbot, tmp_path):
    dialog = ImportDialog(store, path=write_messy_xlsx(tmp_path / "messy.xlsx"))
    qtbot.addWidget(dialog)
    assert dialog.table.model().rowCount() == 8
    statuses = [cell(dialog.table, r, 1) for r in range(8)]
    assert statuses.count("有错误") == 4 and statuses.count("新增") == 4
    assert "新增 <b>4</b> 人" in dialog.summary.text()
    assert roster.count(store) == 0
    assert dialog.import_button.isEnabled()
    dialog.run_import()
    assert dialog.result.imported == 4 and roster.count(store) == 4
    assert "导入完成" in dialog.summary.text() and not dialog.import_button.isEnabled()
    errors = tmp_path / "errors.xlsx"
    dialog.save_errors(str(errors))
    counts = importing.plan_import(store, errors).counts()
    assert (counts[importing.REJECT], counts[importing.SKIP]) == (3, 1)  # the in-file duplicate is now known


def test_import_wizard_explains_an_unreadable_file(store, qtbot, tmp_path, monkeypatch):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a spreadsheet")
    shown = []
    from stationdesk.ui import errors

    monkeypatch.setattr(errors, "warn", lambda parent, title, text: shown.append(text))
    dialog = ImportDialog(store, path=bad)
    qtbot.addWidget(dialog)
    assert shown and "损坏" in shown[0]
    assert not dialog.import_button.isEnabled()


def test_teams_page_shows_the_tree_and_members(demo_store, qtbot):
    page = TeamsPage(demo_store)
    qtbot.addWidget(page)
    assert page.tree.topLevelItemCount() == 0  # nothing is queried until the page is shown
    page.show()
    top = page.tree.topLevelItem(0)
    assert top.text(0) == "青山村志愿服务总队" and top.childCount() == 8
    assert page.members.model().rowCount() == len(teams.member_ids(demo_store, page.current_team_id()))
    assert page.members.model().index(0, 0).data().startswith("【队长】")
    team = page.current_team_id()
    before = page.members.model().rowCount()
    page.members.selectRow(1)
    vid = page.members.model().index(1, 0).data(0x0100)
    page.toggle_leader()
    assert vid in teams.leader_ids(demo_store, team)
    page.members.selectRow(page.members.model().row_of(vid))
    page.toggle_leader()
    assert vid not in teams.leader_ids(demo_store, team)
    page.members.selectRow(page.members.model().row_of(vid))
    page.remove_member()
    assert page.members.model().rowCount() == before - 1 and vid not in teams.member_ids(demo_store, team)


def test_main_window_navigation_and_printing(demo_store, qtbot, tmp_path):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    assert window.nav.count() == SETTINGS + 1
    assert "青山村新时代文明实践站" in window.windowTitle()
    assert "在册志愿者 <b>60</b> 人" in window.home.figures.text()
    window.nav.setCurrentRow(1)
    assert window.stack.currentWidget() is window.volunteers
    window.nav.setCurrentRow(STATS)
    qtbot.waitUntil(lambda: "开展活动" in window.page(STATS).figures.text())
    pdf = tmp_path / "roster.pdf"
    assert window.print_roster(str(pdf), open_after=False) == str(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "志愿者花名册" in text
    window.nav.setCurrentRow(0)
    image = window.grab().toImage()
    assert (image.width(), image.height()) == (window.width(), window.height())
    title = window.home.title
    corner = title.mapTo(window, title.rect().topLeft())
    ink = sum(image.pixelColor(corner.x() + x, corner.y() + y).lightness() < 100
              for x in range(title.width()) for y in range(title.height()))
    assert ink > 200  # the station's name is drawn, in glyphs, where the title is (not boxes: covered elsewhere)


def test_home_lists_what_needs_doing_with_links(demo_store, qtbot):
    from datetime import datetime, timedelta

    from stationdesk.domain.activity import ActivityDraft
    from stationdesk.services import activities

    soon = datetime.now().replace(microsecond=0) + timedelta(days=2)
    activities.create_activity(demo_store, ActivityDraft(title="下周三义诊", starts_at=soon, ends_at=soon + timedelta(hours=2)))
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    assert "正在整理" in window.home.attention.text()
    window.show()
    qtbot.waitUntil(lambda: "需要关注" in window.home.attention.text())  # filled in after the first paint
    text = window.home.attention.text()
    assert "本周活动" in text and "下周三义诊" in text
    assert "待登记出勤" in text  # the demo's November activities are past and not yet recorded
    window.home.action.emit("activities")
    assert window.nav.currentRow() == 3
    import re

    from stationdesk.ui.main_window import PAIRINGS, REQUESTS
    from stationdesk.ui.rows_model import selected_key

    links = dict((kind, int(item)) for kind, item in re.findall(r"href='(\w+):(\d+)'", text))
    assert {"activity", "attend", "request", "pairing"} <= set(links)
    window.home.action.emit(f"activity:{links['activity']}")  # each link opens its own item, selected
    assert window.nav.currentRow() == 3 and window.activities.selected_id() == links["activity"]
    window.home.action.emit(f"request:{links['request']}")
    assert window.nav.currentRow() == REQUESTS and window.requests.request_id() == links["request"]
    window.home.action.emit(f"pairing:{links['pairing']}")
    assert window.nav.currentRow() == PAIRINGS and selected_key(window.page(PAIRINGS).agreements) == links["pairing"]
    opened = []
    window.activities.record_attendance = lambda: opened.append(window.activities.selected_id())
    window.home.action.emit(f"attend:{links['attend']}")
    assert opened == [links["attend"]]


def test_keyboard_shortcuts_are_set_once_the_window_has_painted(demo_store, qtbot):
    from stationdesk.ui.main_window import REQUESTS

    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()

    def shortcuts():
        return {a.shortcut().toString(): a for menu in window.menuBar().findChildren(QMenu) for a in menu.actions()}

    qtbot.waitUntil(lambda: "Ctrl+P" in shortcuts() and "Alt+5" in shortcuts())
    assert {"Ctrl+I", "Ctrl+E", "Alt+1", "Alt+0"} <= set(shortcuts())
    shortcuts()["Alt+5"].trigger()
    assert window.nav.currentRow() == REQUESTS


def test_the_window_paints_first_then_opens_the_database(tmp_path, qtbot):
    """As `stationdesk` starts it: the frame shows at once, the data layer loads after the first paint."""
    from stationdesk.services.demo import build_demo
    from stationdesk.store import open_database

    path = tmp_path / "station.sqlite3"
    with open_database(path) as store:
        build_demo(store, volunteers=30, seed=2)
    window = MainWindow(db_path=path)
    qtbot.addWidget(window)
    assert window.store is None and "正在打开数据库" in window.stack.currentWidget().text()
    window.show()
    qtbot.waitUntil(lambda: window.home is not None and "需要关注" in window.home.attention.text())
    assert "青山村新时代文明实践站" in window.windowTitle() and "在册志愿者 <b>30</b>" in window.home.figures.text()
    # The start checks follow the to-do list: a first verified backup appears.
    qtbot.waitUntil(lambda: any((tmp_path / "backups").glob("*.sqlite3")), timeout=10_000)
    window.nav.setCurrentRow(1)
    assert window.volunteers.model.rowCount() == 30
    window.close()
    window.store.close()


def test_a_file_that_is_not_a_database_is_explained_and_the_window_closes(tmp_path, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    bad = tmp_path / "station.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    told = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: told.append(text))
    window = MainWindow(db_path=bad)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(told))
    assert window.exit_code == 3 and window.store is None and not window.isVisible()  # DATABASE
    assert any("\u4e00" <= ch <= "\u9fff" for ch in told[0])


def test_qts_own_dialogs_and_buttons_speak_chinese(qapp):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QDialogButtonBox

    from stationdesk.ui.app import install_translations

    assert install_translations(qapp)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Open
                           | QDialogButtonBox.StandardButton.Cancel)
    assert [b.text() for b in box.buttons()] == ["确定", "打开", "取消"]
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, "提示", "已保存。", QMessageBox.StandardButton.Ok)
    assert [b.text() for b in box.buttons()] == ["确定"]


def test_a_new_station_is_set_up_before_anything_else_and_an_existing_one_never_asked(demo_store, tmp_path, qtbot,
                                                                                   first_run_answered):
    from stationdesk.services import audit, certificates, station
    from stationdesk.store import open_database
    from stationdesk.ui.setup_dialog import SetupDialog

    assert not station.needs_setup(demo_store)
    window = MainWindow(demo_store)  # an existing station goes straight to work
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(50)
    assert first_run_answered == []
    window.close()
    demo_store.close()
    store = open_database(tmp_path / "new.sqlite3")  # (models follow the store opened last)
    assert station.needs_setup(store)
    dialog = SetupDialog(store)
    qtbot.addWidget(dialog)
    type_chinese(dialog.fields["name"], "青山村新时代文明实践站")
    dialog.save()
    assert "负责人和联系电话" in dialog.message.text() and dialog.fields["name"].text() == "青山村新时代文明实践站"
    assert station.needs_setup(store)
    type_chinese(dialog.fields["manager"], "王建国")
    dialog.fields["phone"].setText("0571-88886666")
    dialog.fields["prefix"].setText("qsc")
    type_chinese(dialog.fields["operator"], "李会计")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted.value and not station.needs_setup(store)
    assert (station.get_station(store).manager, certificates.issuer(store).prefix, audit.operator()) == (
        "王建国", "QSC", "李会计")
    audit.set_operator("")
    window = MainWindow(store)  # a new station's window asks first (answered here by the fixture)
    qtbot.addWidget(window)
    store.execute("DELETE FROM station")
    store.execute("INSERT INTO station (name) VALUES ('新时代文明实践站')")
    fresh = MainWindow(store)
    qtbot.addWidget(fresh)
    fresh.show()
    qtbot.waitUntil(lambda: first_run_answered == [store.path])
    window.close()
    fresh.close()
    store.close()


def test_f1_opens_the_guide_in_chinese(demo_store, qtbot):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: any(a.shortcut().toString() == "F1" for m in window.menuBar().findChildren(QMenu)
                                for a in m.actions()))
    guide = next(a for m in window.menuBar().findChildren(QMenu) for a in m.actions() if a.shortcut().toString() == "F1")
    guide.trigger()
    from PySide6.QtWidgets import QTextBrowser

    browser = window._guide.findChild(QTextBrowser, "guide")
    text = browser.toPlainText()
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    for picture in ("setup.png", "home.png", "activities.png", "attendance.png", "backup.png"):  # pictures load
        image = browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(picture))
        assert image is not None and not image.isNull(), picture
    for job in ("第一次使用", "导入志愿者花名册", "登记出勤", "证书", "结对共建", "备份与恢复"):
        assert job in text


def test_empty_pages_say_what_to_do_first(store, qtbot, monkeypatch):
    from stationdesk.ui.main_window import ACTIVITIES, VOLUNTEERS

    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(VOLUNTEERS)
    hint = window.volunteers.empty
    assert hint.isVisible() and any("还没有志愿者" in label.text() for label in hint.findChildren(QLabel))
    asked = []
    monkeypatch.setattr(window, "import_volunteers", lambda: asked.append("import"))
    next(b for b in hint.findChildren(QPushButton) if "导入" in b.text()).click()
    assert asked == ["import"]
    window.nav.setCurrentRow(ACTIVITIES)
    assert window.activities.empty.isVisible()
    roster.add_volunteer(store, roster.VolunteerDraft(name="张三"))
    window.volunteers.refresh()
    assert not window.volunteers.empty.isVisible()


def test_long_work_runs_in_the_background_and_cancel_leaves_nothing_half_written(store, qtbot, tmp_path):
    """The window stays responsive behind a progress dialog; 取消 unwinds the work's own transaction."""
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from stationdesk.ui.background import run_with_progress

    def work(report):
        with store.write():
            for i in range(100):
                store.execute("INSERT INTO setting (key, value) VALUES (?, 'x')", (f"half-{i}",))
            while True:  # until 取消 is pressed
                report(1, 2)
                time.sleep(0.005)

    def press_cancel():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog))
        next(b for b in dialog.findChildren(QPushButton) if b.text() == "取消").click()

    QTimer.singleShot(400, press_cancel)
    assert run_with_progress(None, "测试", "正在处理…", work, store=store) is None
    assert store.scalar("SELECT count(*) FROM setting WHERE key LIKE 'half-%'") == 0
    assert run_with_progress(None, "测试", "正在处理…", lambda report: (report(1, 1), 42)[1], store=store) == 42
    with pytest.raises(ZeroDivisionError):  # the work's own errors reach the caller
        run_with_progress(None, "测试", "正在处理…", lambda report: 1 / 0, store=store)


def test_the_window_comes_back_at_the_size_it_was_left(demo_store, qtbot):
    first = MainWindow(demo_store)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)
    first.close()
    second = MainWindow(demo_store)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 500)


def test_a_write_refreshes_only_the_pages_that_show_what_changed(demo_store, qtbot, forms):
    """A fund entry leaves 志愿者 and 活动 as they were; recorded attendance makes 志愿者 and 积分 stale
    (hours and points) but not 资金; a page of everything (统计) goes stale on both."""
    from datetime import date

    from stationdesk.services import activities, attendance, changes
    from stationdesk.ui import main_window as mw

    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    pages = {row: window.page(row) for row in mw.PAGES}
    assert all(p.shows is None or p.shows <= changes.KINDS for p in pages.values())
    for row in mw.PAGES:  # every page visited once: none stale
        window.nav.setCurrentRow(row)
    window.nav.setCurrentRow(mw.FUNDS)
    assert not any(p._stale for p in pages.values())
    forms.answer({"资金来源": "专项资金", "金额（元）": "100", "摘要": "拨款", "日期": date.today()})
    pages[mw.FUNDS].add_income()
    stale = {row for row, p in pages.items() if p._stale}
    assert stale == {mw.STATS, mw.RECORDS, mw.SETTINGS}  # 站务: its 测评自查 tab scores the funds received
    for p in pages.values():
        p._stale = False
    aid = next(a.id for a in activities.list_activities(demo_store, year=None) if a.status == "done")
    rows = attendance.sheet_rows(demo_store, aid)
    attendance.record_attendance(demo_store, aid, [attendance.Mark(r.volunteer_id, not r.attended) for r in rows],
                                 reason="补登")
    pages[mw.ACTIVITIES].changed.emit()
    stale = {row for row, p in pages.items() if p._stale}
    assert {mw.VOLUNTEERS, mw.POINTS, mw.CERTIFICATES, mw.STATS} <= stale and mw.FUNDS not in stale


def test_import_wizard_names_probable_duplicates_and_lets_the_operator_choose(demo_store, qtbot, tmp_path):
    from stationdesk.exchange.xlsx_out import write_table

    known = roster.get_volunteer(demo_store, roster.search_ids(demo_store, "")[2])
    sheet = tmp_path / "list.xlsx"
    write_table(sheet, "花名册", ("姓名", "联系电话"), [(known.draft.name, known.draft.phone)], text_columns=(1,))
    dialog = ImportDialog(demo_store, path=sheet)
    qtbot.addWidget(dialog)
    assert "<b>1</b> 行疑似已登记" in dialog.summary.text() and dialog.plan.rows[0].status == importing.SKIP
    assert f"编号 {known.id}" in cell(dialog.table, 0, 4) and not dialog.import_button.isEnabled()
    dialog.probable.setCurrentIndex(dialog.probable.findData(importing.NEW))
    assert dialog.plan.rows[0].status == importing.NEW and dialog.import_button.isEnabled()


def _told_in_plain_chinese(text: str) -> None:
    """No SQLite words, no paths: Chinese, figures and punctuation only."""
    assert not re.search(r"[A-Za-z]", text), text


@pytest.fixture
def station_with_backup(tmp_path):
    """A station of 3 volunteers with one verified backup beside it; (path, the backup's time)."""
    from stationdesk.domain.volunteer import VolunteerDraft
    from stationdesk.services import safety
    from stationdesk.store import open_database
    from stationdesk.store.recovery import newest_good_backup

    path = tmp_path / "station.sqlite3"
    with open_database(path) as store:
        for name in ("张三", "李四", "王五"):
            roster.add_volunteer(store, VolunteerDraft(name=name))
        safety.backup_now(store)
    return path, newest_good_backup(path).backup.taken_at


def test_a_failed_start_check_says_in_chinese_what_is_wrong_and_what_restoring_loses(
        station_with_backup, qtbot, monkeypatch):
    """The check found damage (SQLite says so in English): the question is plain Chinese, with the newest
    good backup's time and that what was entered after it is lost."""
    from PySide6.QtWidgets import QMessageBox

    from stationdesk.services import startup

    path, taken = station_with_backup
    monkeypatch.setattr(startup, "file_check", lambda path, thorough=False: [
        "无法读取数据库：database disk image is malformed", "数据库结构损坏：*** in database main *** Page 5: "
        "btreeInitPage() returns error code 11"])
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text: asked.append((title, text))
                        or QMessageBox.StandardButton.No)
    window = MainWindow(db_path=path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    title, text = asked[0]
    assert title == "数据库可能已损坏" and "已损坏" in text and "读不出来" in text
    assert f"{taken:%Y年%m月%d日 %H:%M}" in text and "以后录入和修改的内容都会丢失" in text
    assert "志愿者 3 人" in text
    _told_in_plain_chinese(title + text)
    window.close()
    window.store.close()


def test_a_file_that_will_not_open_offers_the_backup_in_plain_chinese(station_with_backup, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    path, taken = station_with_backup
    path.write_bytes(b"")  # cut off while being copied
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text: asked.append((title, text))
                        or QMessageBox.StandardButton.No)
    window = MainWindow(db_path=path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    title, text = asked[0]
    assert title == "数据库无法打开" and "是空的" in text
    assert f"{taken:%Y年%m月%d日 %H:%M}" in text and "丢失" in text
    _told_in_plain_chinese(title + text)
    assert window.store is None
