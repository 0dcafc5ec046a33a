"""Changes show where people look (issue 29): a correction of someone's hours — who, when, from what, to
what and why — in the attendance dialog, the volunteer's detail, the points line it caused, the printed
活动记录表, the 台账's activity records and the 个人档案."""

import subprocess
from datetime import datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt

from stationdesk.domain.activity import ActivityDraft
from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.services import activities, attendance, audit, documents, points, roster
from stationdesk.ui.attendance_dialog import AttendanceDialog
from stationdesk.ui.volunteers_page import VolunteerDetailPanel


@pytest.fixture
def corrected(store, qtbot, monkeypatch):
    """Two people at an activity three days ago; 李会计 corrects 周芳's hours in the dialog."""
    from stationdesk.ui import attendance_dialog

    people = [roster.add_volunteer(store, VolunteerDraft(name=n)) for n in ("周芳", "吴刚")]
    start = datetime.combine(datetime.now().date() - timedelta(days=3), time(9))
    aid = activities.create_activity(store, ActivityDraft(title="敬老院义诊", starts_at=start,
                                                          ends_at=start + timedelta(hours=3)))
    attendance.sign_up(store, aid, people)
    dialog = AttendanceDialog(store, aid)
    qtbot.addWidget(dialog)
    assert dialog.history_label.text() == "时长更正记录：无" and dialog.history.isHidden()
    dialog.set_all(True)
    dialog.save()
    audit.set_operator("李会计")
    try:
        again = AttendanceDialog(store, aid)
        qtbot.addWidget(again)
        row = next(r for r in range(again.table.rowCount()) if again.table.item(r, 1).text() == "周芳")
        again.table.selectRow(row)
        monkeypatch.setattr(attendance_dialog, "ask_correction", lambda parent, name, hours, save: save(1.5, "提前离开，电话核实") or 1.5)
        again.correct_selected()
    finally:
        audit.set_operator("")
    return store, aid, people[0], again


def test_the_attendance_dialog_lists_the_correction(corrected):
    *_, dialog = corrected
    model = dialog.history.model()
    assert dialog.history_label.text() == "时长更正记录（1 条）：" and not dialog.history.isHidden()
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row[1:] == ["李会计", "周芳", "3", "1.5", "提前离开，电话核实"]
    assert row[0].startswith(datetime.now().strftime("%Y-%m-%d"))
    assert [model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(model.columnCount())] == list(attendance.CORRECTION_HEADER)


def test_the_volunteer_detail_and_the_points_line_name_it(corrected, qtbot):
    store, _, who, _ = corrected
    panel = VolunteerDetailPanel(store)
    qtbot.addWidget(panel)
    panel.show_volunteer(who)
    text = panel.text.text()
    assert "时长更正" in text and "李会计" in text and "“敬老院义诊” 3 → 1.5 小时（原因：提前离开，电话核实）" in text
    lines = points.ledger(store, who)
    assert lines[-1].hundredths == -150 and lines[-1].reason == "敬老院义诊：服务 1.5 小时（原记 3 小时；更正原因：提前离开，电话核实）"


def squeezed(pdf) -> str:
    return "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())


def test_the_record_the_ledger_and_the_profile_print_it(corrected, tmp_path):
    store, aid, who, _ = corrected
    record, profile, ledger = (tmp_path / f"{n}.pdf" for n in ("record", "profile", "ledger"))
    documents.record(store, aid, record)
    documents.profile(store, who, profile)
    documents.ledger(store, activities.get_activity(store, aid).starts_at.year, ledger, sections=("activities",))
    for pdf in (record, ledger):
        text = squeezed(pdf)
        assert "服务时长更正记录（1条）" in text and "李会计" in text and "提前离开，电话核实" in text, pdf.name
    text = squeezed(profile)
    assert "服务时长更正记录（1条）" in text and "李会计" in text and "敬老院义诊" in text and "提前离开，电话核实" in text
    other = tmp_path / "other.pdf"
    documents.profile(store, store.scalar("SELECT id FROM volunteer WHERE name = '吴刚'"), other)
    assert "更正记录" not in squeezed(other)  # nothing corrected: nothing printed
