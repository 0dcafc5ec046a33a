import subprocess
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTime

from stationdesk.domain.activity import ActivityDraft, parse_row_numbers
from stationdesk.services import activities, attendance, roster
from stationdesk.ui.activities_page import ActivitiesPage
from stationdesk.ui.activity_dialogs import ActivityDialog, SignupDialog
from stationdesk.ui.attendance_dialog import AttendanceDialog
from stationdesk.ui.rows_model import cell
from tests.ui.conftest import type_chinese

START = datetime(2026, 11, 25, 9, 0)


def planned(store, people=12) -> int:
    aid = activities.create_activity(store, ActivityDraft(title="逢5出发·护河巡河", starts_at=START,
                                                          ends_at=START + timedelta(hours=2), place="青山溪"))
    attendance.sign_up(store, aid, roster.search_ids(store, "")[:people])
    return aid


def test_row_numbers_typed_from_the_sheet():
    assert parse_row_numbers("1 3, 5-8，10") == [1, 3, 5, 6, 7, 8, 10]
    assert parse_row_numbers("") == []


def test_plan_an_activity_in_the_dialog(store, qtbot):
    dialog = ActivityDialog(store)
    qtbot.addWidget(dialog)
    dialog.save()
    assert "活动主题不能为空" in dialog.message.text()
    type_chinese(dialog.title, "重阳节敬老活动")
    dialog.day.setDate(QDate(2026, 10, 18))
    dialog.end.setTime(QTime(8, 0))
    dialog.save()
    assert "结束时间必须晚于开始时间" in dialog.message.text()
    dialog.end.setTime(QTime(11, 30))
    dialog.save()
    row = activities.get_activity(store, dialog.saved_id)
    assert (row.title, row.starts_at, row.ends_at) == ("重阳节敬老活动", datetime(2026, 10, 18, 9), datetime(2026, 10, 18, 11, 30))

    # Edited while the activity went (deleted from another window): the refusal shows in the form, which
    # stays open with what was typed.
    edit = ActivityDialog(store, row.id)
    qtbot.addWidget(edit)
    edit.show()
    edit.place.setText("村委会二楼")
    activities.delete_activity(store, row.id)
    edit.save()
    assert edit.isVisible() and edit.result() == 0 and edit.place.text() == "村委会二楼"
    assert "找不到" in edit.message.text() and edit.message.isVisible()


def test_sign_up_a_team_and_see_conflicts(demo_store, qtbot):
    planned(demo_store, people=3)  # holds the first three people at the same time
    aid = activities.create_activity(demo_store, ActivityDraft(title="同时段的活动", starts_at=START,
                                                               ends_at=START + timedelta(hours=1)))
    dialog = SignupDialog(demo_store, aid)
    qtbot.addWidget(dialog)
    dialog.add_ids(roster.search_ids(demo_store, "")[:5])
    assert dialog.list.count() == 5 and dialog.count.text() == "已报名 5 人"
    assert "时间冲突提醒" in dialog.warning.text() and "逢5出发·护河巡河" in dialog.warning.text()
    dialog.list.item(0).setSelected(True)
    dialog.remove_selected()
    assert dialog.list.count() == 4


def test_attendance_for_thirty_people_by_typing_row_numbers(demo_store, qtbot):
    aid = planned(demo_store, people=30)
    dialog = AttendanceDialog(demo_store, aid)
    qtbot.addWidget(dialog)
    assert dialog.table.model().rowCount() == 30
    qtbot.keyClicks(dialog.numbers, "1-20 22 25")
    dialog.tick_typed()
    assert sum(dialog._box(r).isChecked() for r in range(30)) == 22
    assert "到场 22 人，合计 44 小时" in dialog.summary.text()
    dialog.table.cellWidget(0, 4).setTime(QTime(10, 0))  # the first person left after an hour
    qtbot.keyClicks(dialog.numbers, "31")
    dialog.tick_typed()
    assert "没有第 31 行" in dialog.message.text()
    dialog.save()
    rows = attendance.sheet_rows(demo_store, aid)
    assert sum(r.attended for r in rows) == 22 and rows[0].hours == 1 and rows[1].hours == 2
    assert activities.get_activity(demo_store, aid).status == "done"


def test_check_out_before_check_in_is_refused_in_the_dialog(demo_store, qtbot, monkeypatch):
    aid = planned(demo_store, people=2)
    dialog = AttendanceDialog(demo_store, aid)
    qtbot.addWidget(dialog)
    dialog.set_all(True)
    dialog.table.cellWidget(0, 4).setTime(QTime(8, 0))
    assert "时间有误" in cell(dialog.table, 0, 5)
    shown = []
    from stationdesk.ui import errors

    monkeypatch.setattr(errors, "warn", lambda parent, title, text: shown.append(text))
    dialog.save()
    assert shown and "签退时间早于签到时间" in shown[0]
    assert not any(r.attended for r in attendance.sheet_rows(demo_store, aid))


def test_activities_page_lists_and_prints_the_sheet(demo_store, qtbot, tmp_path):
    aid = planned(demo_store)
    page = ActivitiesPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    page.year.setCurrentIndex(page.year.findData(2026))
    model = page.table.model()  # rows fetched as shown: read as the view does
    titles = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert "逢5出发·护河巡河" in titles
    page.table.selectRow(titles.index("逢5出发·护河巡河"))
    assert page.selected_id() == aid
    pdf = tmp_path / "signin.pdf"
    assert page.print_signin(str(pdf), open_after=False) == str(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "志愿者签到表" in text and "逢5出发·护河巡河" in text


def test_a_printout_is_named_by_what_it_is(demo_store, qtbot, tmp_path, monkeypatch):
    from stationdesk.ui import pdf_preview

    monkeypatch.setattr(pdf_preview, "data_dir", lambda: tmp_path)
    aid = planned(demo_store)
    day = activities.get_activity(demo_store, aid).starts_at.date()
    page = ActivitiesPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    page.year.setCurrentIndex(page.year.findData(day.year))
    page.show_activity(aid)
    made = [Path(page.print_signin(open_after=False)), Path(page.print_signin(open_after=False))]
    assert [p.name for p in made] == [f"签到表-逢5出发·护河巡河-{day}.pdf", f"签到表-逢5出发·护河巡河-{day} (2).pdf"]
    assert all(p.parent == tmp_path / "printouts" and p.stat().st_size > 1000 for p in made)


def test_check_in_mode_with_simulated_scanner_keystrokes(demo_store, qtbot):
    from stationdesk.ui.checkin_window import CheckInWindow

    aid = planned(demo_store, people=5)
    now = [START - timedelta(minutes=10)]
    window = CheckInWindow(demo_store, aid, clock=lambda: now[0])
    qtbot.addWidget(window)
    window.show()
    first = attendance.sheet_rows(demo_store, aid)[0]
    code = demo_store.scalar("SELECT card_code FROM volunteer WHERE id = ?", (first.volunteer_id,))
    qtbot.keyClicks(window.input, f"SDV:{code}")  # a USB scanner types like a keyboard…
    qtbot.keyClick(window.input, "\r")  # …and ends with Enter
    assert window.result.text() == f"{first.name}，签到成功！"
    qtbot.keyClicks(window.input, f"SDV:{code}\r")
    assert "刚刚已经签到过了" in window.result.text()
    now[0] = START + timedelta(hours=2)
    qtbot.keyClicks(window.input, f"SDV:{code}\r")
    assert "签退成功，本次服务 2 小时" in window.result.text()
    qtbot.keyClicks(window.input, "SDV:FFFFFFFFFFFF\r")
    assert "没有找到这张志愿者证" in window.result.text()
    assert "已签到 1 人　已签退 1 人" in window.counts.text()
    # by hand: a phone tail that matches one person checks them in
    other = roster.get_volunteer(demo_store, attendance.sheet_rows(demo_store, aid)[1].volunteer_id)
    qtbot.keyClicks(window.input, other.draft.phone + "\r")
    assert window.result.text() == f"{other.draft.name}，签到成功！"


def test_photos_and_the_activity_record_from_the_page(demo_store, qtbot, tmp_path, monkeypatch):
    from PIL import Image

    from stationdesk.services import photos
    from stationdesk.ui.activity_dialogs import PhotosDialog

    aid = planned(demo_store)
    dialog = PhotosDialog(demo_store, aid)
    qtbot.addWidget(dialog)
    files = []
    for i in range(2):
        Image.new("RGB", (900, 600), (50 * i, 120, 180)).save(tmp_path / f"{i}.jpg")
        files.append(str(tmp_path / f"{i}.jpg"))
    (tmp_path / "bad.jpg").write_text("x")
    from stationdesk.ui import errors

    shown = []
    monkeypatch.setattr(errors, "warn", lambda parent, title, text: shown.append(text))
    dialog.add_files([*files, str(tmp_path / "bad.jpg")])
    assert dialog.list.count() == 2 and shown and "不是可以识别的图片" in shown[0]
    dialog.list.item(0).setSelected(True)
    dialog.remove_selected()
    assert len(photos.photos(demo_store, aid)) == 1
    page = ActivitiesPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    page.year.setCurrentIndex(page.year.findData(2026))
    page.table.selectRow(page.table.model().row_of(aid))
    pdf = tmp_path / "record.pdf"
    assert page.print_record(str(pdf), open_after=False) == str(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "活动记录表" in text and "逢5出发·护河巡河" in text


def test_linking_an_activity_to_a_pairing_in_the_dialog(demo_store, qtbot):
    from stationdesk.services import pairings

    pid = pairings.list_pairings(demo_store)[0].id
    p = pairings.get_pairing(demo_store, pid)
    dialog = ActivityDialog(demo_store)
    qtbot.addWidget(dialog)
    type_chinese(dialog.title, "共建活动")
    dialog.day.setDate(QDate(p.starts_on).addDays(30))
    dialog.pairing.setCurrentIndex(dialog.pairing.findData(pid))
    assert dialog.partner.text() == p.unit_name
    dialog.save()
    assert activities.get_draft(demo_store, dialog.saved_id).pairing_id == pid
    dialog.day.setDate(QDate(p.starts_on).addDays(-400))  # before the agreement: not offered
    assert dialog.pairing.findData(pid) == -1


def test_resaving_the_sheet_with_other_times_asks_why_and_corrections_survive(demo_store, qtbot, monkeypatch):
    from stationdesk.ui import attendance_dialog

    aid = planned(demo_store, people=3)
    dialog = AttendanceDialog(demo_store, aid)
    qtbot.addWidget(dialog)
    dialog.set_all(True)
    dialog.save()
    again = AttendanceDialog(demo_store, aid)
    qtbot.addWidget(again)
    again.table.cellWidget(0, 4).setTime(QTime(10, 0))  # the first person left after an hour
    asked = []
    monkeypatch.setattr(attendance_dialog, "ask_reason", lambda parent, text, save: asked.append(text))  # cancelled
    again.save()
    assert asked and "2 → 1 小时" in asked[0]
    assert [r.hours for r in attendance.sheet_rows(demo_store, aid)] == [2, 2, 2]  # nothing saved
    monkeypatch.setattr(attendance_dialog, "ask_reason", lambda parent, text, save: save("提前离开") or True)
    again.save()
    assert [r.hours for r in attendance.sheet_rows(demo_store, aid)] == [1, 2, 2]
    # 更正时长 on the second row; the dialog shows the corrected hours, and saving it again keeps them.
    third = AttendanceDialog(demo_store, aid)
    qtbot.addWidget(third)
    third.table.selectRow(1)
    monkeypatch.setattr(attendance_dialog, "ask_correction", lambda parent, name, hours, save: save(1.5, "电话核实") or 1.5)
    third.correct_selected()
    assert cell(third.table, 1, 5) == "1.5" and "更正为 1.5" in third.message.text()
    third.save()
    assert [r.hours for r in attendance.sheet_rows(demo_store, aid)] == [1, 1.5, 2]
    reasons = [(c.old_hours, c.new_hours, c.reason) for c in attendance.corrections(demo_store, aid)]
    assert reasons == [(2, 1, "提前离开"), (2, 1.5, "电话核实")]


def test_a_check_out_left_at_not_out_is_flagged_and_reviewed_from_home(demo_store, qtbot, monkeypatch):
    from stationdesk.ui import attendance_dialog
    from stationdesk.ui.attendance_dialog import NOT_OUT, ReviewDialog
    from stationdesk.ui.pages import HomePage

    aid = planned(demo_store, people=2)
    dialog = AttendanceDialog(demo_store, aid)
    qtbot.addWidget(dialog)
    dialog.set_all(True)
    dialog.table.cellWidget(0, 4).setTime(NOT_OUT)
    assert dialog.table.cellWidget(0, 4).text() == "未签退"
    dialog.save()
    first = attendance.sheet_rows(demo_store, aid)[0]
    assert first.needs_review and first.hours == 2
    home = HomePage(demo_store)
    qtbot.addWidget(home)
    home.refresh()
    # … besides the demo's kiosk scan-in never scanned out, an older activity's
    assert "有 2 条出勤待核实" in home.attention.text() and "href='review'" in home.attention.text()
    review = ReviewDialog(demo_store)
    qtbot.addWidget(review)
    assert review.table.model().rowCount() == 2 and cell(review.table, 0, 2) == first.name  # newest first
    review.table.selectRow(0)
    monkeypatch.setattr(attendance_dialog, "ask_correction", lambda parent, name, hours, save: save(1.0, "照片显示提前走了") or 1.0)
    review.correct_selected()
    assert review.table.model().rowCount() == 1 and "共 1 条待核实" in review.note.text()
    review.table.selectRow(0)
    review.confirm_selected()  # the kiosk's hours stand
    assert review.table.model().rowCount() == 0 and "没有待核实" in review.note.text()
    assert attendance.sheet_rows(demo_store, aid)[0].hours == 1


def test_a_kiosk_scan_in_shows_as_not_out_and_saving_closes_it_flagged(demo_store, qtbot):
    aid = planned(demo_store, people=2)
    first = attendance.sheet_rows(demo_store, aid)[0]
    attendance.scan(demo_store, aid, first.volunteer_id, START + timedelta(minutes=3))
    dialog = AttendanceDialog(demo_store, aid)
    qtbot.addWidget(dialog)
    assert dialog.table.cellWidget(0, 4).text() == "未签退" and cell(dialog.table, 0, 5) == "2（待核实）"
    dialog.save()
    row = attendance.sheet_rows(demo_store, aid)[0]
    assert (row.hours, row.needs_review, row.check_out) == (2, True, START + timedelta(hours=2))


def test_enter_in_the_row_box_only_ticks_and_enter_in_a_picker_chooses(demo_store, qtbot):
    from PySide6.QtCore import Qt

    from stationdesk.ui.volunteer_picker import VolunteerPickerDialog

    aid = planned(demo_store, people=5)
    dialog = AttendanceDialog(demo_store, aid)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.numbers.setFocus()
    qtbot.keyClicks(dialog.numbers, "1-3")
    qtbot.keyClick(dialog.numbers, Qt.Key.Key_Return)
    assert sum(dialog._box(r).isChecked() for r in range(5)) == 3
    assert dialog.isVisible() and not any(r.attended for r in attendance.sheet_rows(demo_store, aid))  # not saved
    picker = VolunteerPickerDialog(demo_store, "选择", "选定")
    qtbot.addWidget(picker)
    picker.show()
    picker.search.setFocus()
    qtbot.keyClicks(picker.search, "zs")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.result() == picker.DialogCode.Accepted.value and [p.name for p in picker.chosen()] == ["张三"]
    nobody = VolunteerPickerDialog(demo_store, "选择", "选定")
    qtbot.addWidget(nobody)
    nobody.show()
    qtbot.keyClicks(nobody.search, "qqqqqq")
    qtbot.keyClick(nobody.search, Qt.Key.Key_Return)
    assert nobody.isVisible() and "没有找到" in nobody.hint.text()
    qtbot.keyClick(nobody.search, Qt.Key.Key_Escape)  # Esc leaves without choosing anyone
    assert not nobody.isVisible() and nobody.result() == nobody.DialogCode.Rejected.value and nobody.chosen() == []


def test_sign_ups_offer_the_activitys_own_team_first(demo_store, qtbot):
    from stationdesk.services import teams

    team_rows = teams.list_teams(demo_store)
    own = team_rows[-1]
    aid = activities.create_activity(demo_store, ActivityDraft(title="护河", starts_at=START, ends_at=START + timedelta(hours=1),
                                                               organiser_team_id=own.id))
    dialog = SignupDialog(demo_store, aid)
    qtbot.addWidget(dialog)
    assert dialog.team.currentData() == own.id != team_rows[0].id


def test_repeat_monthly_on_the_chosen_days(demo_store, qtbot, monkeypatch):
    """按月重复 on 10、20、30: the days come from the choice itself, not from its shown words."""
    from stationdesk.ui.activities_page import RepeatDialog

    aid = planned(demo_store)
    start = activities.get_activity(demo_store, aid).starts_at
    page = ActivitiesPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    page.year.setCurrentIndex(page.year.findData(start.year))
    page.refresh(keep_id=aid)

    def choose(dialog):
        dialog.days.setCurrentIndex(dialog.days.findText("10、20、30", Qt.MatchFlag.MatchStartsWith))
        dialog.day.setDate(QDate(start.date() + timedelta(days=62)))
        dialog.ok()
        return dialog.result()

    monkeypatch.setattr(RepeatDialog, "exec", choose)
    before = set(activities.activity_ids(demo_store, year=None))
    page.repeat()
    added = [activities.get_activity(demo_store, i) for i in set(activities.activity_ids(demo_store, year=None)) - before]
    assert added and {a.starts_at.day for a in added} <= {10, 20, 30}
    assert all(start < a.starts_at <= start + timedelta(days=63) for a in added)
