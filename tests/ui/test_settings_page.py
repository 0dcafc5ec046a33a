from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.services import audit, roster, safety
from stationdesk.store.backup import list_backups
from stationdesk.ui.main_window import SETTINGS, MainWindow
from stationdesk.ui.rows_model import cell
from stationdesk.ui.settings_page import AuditLogDialog, SettingsPage


def test_home_warns_until_the_first_backup_then_the_start_checks_make_one(demo_store, qtbot):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    card = window.home.cards["backup"]
    assert "还没有备份" in card.figure.text() and "去备份" in window.home.backup_line.text()
    assert card.figure.property("state") == "behind"
    window.show()
    window.start_background_checks()
    qtbot.waitUntil(lambda: len(list_backups(safety.backup_dir(demo_store))) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: "已校验" in window.home.backup_line.text(), timeout=10_000)
    assert "刚刚" in card.figure.text() and card.figure.property("state") == "done"
    window.home.action.emit("settings")
    assert window.nav.currentRow() == SETTINGS
    assert "刚刚" in window.settings.age_label.text()


def test_closing_after_a_change_backs_up(store, qtbot):
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.close()
    assert list_backups(safety.backup_dir(store)) == []  # nothing written, nothing to back up
    window = MainWindow(store)
    qtbot.addWidget(window)
    roster.add_volunteer(store, VolunteerDraft(name="张三"))
    window.close()
    assert [b.label for b in list_backups(safety.backup_dir(store))] == ["exit"]


def test_backup_now_list_and_restore_from_the_page(demo_store, qtbot):
    page = SettingsPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    assert page.backups.model().rowCount() == 0
    page.backup_now()
    assert page.backups.model().rowCount() == 1 and cell(page.backups, 0, 3) == "60"
    roster.add_volunteer(demo_store, VolunteerDraft(name="后来添加"))
    page.backups.selectRow(0)
    page.confirm_restore = lambda path: False  # the user says no
    page.restore_selected()
    assert roster.count(demo_store) == 61
    page.confirm_restore = lambda path: True
    with qtbot.waitSignal(page.changed):
        page.restore_selected()
    assert roster.count(demo_store) == 60
    assert page.backups.model().rowCount() == 2  # plus the safety copy taken before restoring


def test_station_details_and_the_check_and_the_audit_log(demo_store, qtbot):
    page = SettingsPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    page.station_fields["name"].setText("白云村新时代文明实践站")
    with qtbot.waitSignal(page.changed):
        page.save_station()
    from stationdesk.services import station

    assert station.get_station(demo_store).name == "白云村新时代文明实践站"
    page.run_check()
    assert "数据库完好" in page.check_label.text()
    vid = roster.search_ids(demo_store, "zs")[0]
    roster.reveal(demo_store, vid, "phone")
    dialog = AuditLogDialog(demo_store)
    qtbot.addWidget(dialog)
    assert cell(dialog.table, 0, 2) == "查看完整号码"


def test_hours_rules_are_edited_on_the_page(store, qtbot, monkeypatch):
    from stationdesk.services import rules
    from stationdesk.ui import errors

    page = SettingsPage(store)
    qtbot.addWidget(page)
    page.show()
    assert page.levels.text() == "100, 300, 600, 1000, 1500" and page.step.currentData() == 30
    shown = []
    monkeypatch.setattr(errors, "warn", lambda parent, title, text: shown.append(text))
    page.levels.setText("30, 60, 100, 200")
    page.save_rules()
    assert shown and "5 个由小到大" in shown[-1]
    page.levels.setText("30，60，100，200，300")
    page.step.setCurrentIndex(page.step.findData(15))
    page.cap.setValue(6)
    page.save_rules()
    assert rules.star_levels(store) == (30, 60, 100, 200, 300) and rules.hours_rule(store).step_minutes == 15


def test_closing_during_the_start_backup_lets_it_finish(demo_store, qtbot):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    window.start_background_checks()
    window.close()  # at once: the check and the first backup are still running
    folder = safety.backup_dir(demo_store)
    made = list_backups(folder)
    assert len(made) == 1 and not list(folder.glob("*.partial*"))
    assert len(list(folder.glob("*.sha256"))) == 1  # verified and its checksum written


def test_the_chosen_operator_signs_receipts_and_the_audit_log_never_the_os_login(demo_store, qtbot, tmp_path):
    import getpass
    import subprocess

    from stationdesk.services import audit, documents, points
    from tests.ui.conftest import type_chinese

    page = SettingsPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    assert page.operator.text() == ""
    type_chinese(page.operator, "李会计")
    page.save_operator()
    vid = demo_store.scalar("SELECT volunteer_id FROM points_entry GROUP BY volunteer_id HAVING sum(hundredths) >= 500")
    goods = points.save_goods(demo_store, "肥皂", 1, 3, "块")
    receipt = tmp_path / "receipt.pdf"
    documents.receipt(demo_store, points.redeem(demo_store, vid, goods, 1), receipt)
    text = subprocess.run(["pdftotext", str(receipt), "-"], capture_output=True, text=True).stdout
    assert "李会计" in text and getpass.getuser() not in text.split()
    assert {row[1] for row in audit.recent(demo_store, 3)} == {"李会计"}
    audit.set_operator("")  # the next start on this PC remembers who was on duty
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    assert audit.operator() == "李会计"


def test_with_several_staff_the_app_asks_who_is_on_duty_at_start(demo_store, qtbot, monkeypatch):
    from stationdesk.ui import operator_dialog
    from stationdesk.ui.main_window import MainWindow
    from stationdesk.ui.operator_dialog import OperatorDialog

    audit.choose_operator(demo_store, "李会计")
    assert audit.staff(demo_store) == ["李会计"] and not audit.needs_choosing(demo_store)
    audit.choose_operator(demo_store, "王站长")
    assert audit.needs_choosing(demo_store)
    asked = []
    monkeypatch.setattr(operator_dialog, "ask_operator", lambda parent, store: asked.append(1) or False)
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: asked == [1])
    assert "经办人：王站长" in window.operator_label.text()
    dialog = OperatorDialog(demo_store)
    qtbot.addWidget(dialog)
    assert [dialog.names.itemText(i) for i in range(dialog.names.count())] == ["李会计", "王站长"]
    dialog.names.setCurrentText("李会计")
    dialog.choose()
    assert audit.operator() == "李会计" and dialog.result() == dialog.DialogCode.Accepted.value
    audit.remove_staff(demo_store, "王站长")
    assert audit.staff(demo_store) == ["李会计"]
    audit.set_operator("")


def test_station_id_shown_and_a_package_exported_from_the_page(demo_store, qtbot, tmp_path, forms):
    from stationdesk.services import packages
    from stationdesk.services.packages import read_checked as read_package
    from stationdesk.ui.settings_page import SettingsPage

    page = SettingsPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    me = packages.identity(demo_store)
    assert page.station_id.text() == me.station_id
    forms.answer({"年度": "2026 年", "证件号码": "打码"})
    out = page.export_package(str(tmp_path / "up.sdpkg"))
    package = read_package(out)
    assert package.manifest["period"] == {"year": 2026} and package.manifest["station"]["id"] == me.station_id
    assert package.manifest["personal_data"]["id_numbers"] == "masked"
