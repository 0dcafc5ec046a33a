"""The volunteer form asks before saving someone probably registered already: open that record, save
anyway, or go back with everything typed kept."""

from PySide6.QtCore import Qt

from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.services import roster
from stationdesk.ui.volunteer_dialog import VolunteerDialog
from tests.ui.conftest import type_chinese


def _typed_again(store, qtbot, answer: str, asked: list):
    dialog = VolunteerDialog(store)
    qtbot.addWidget(dialog)
    dialog.ask_probable = lambda text, *, can_open: asked.append((text, can_open)) or answer
    type_chinese(dialog.inputs["name"], "王小明")
    qtbot.keyClicks(dialog.inputs["phone"], "13800138000")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    return dialog


def test_the_form_asks_and_each_answer_does_what_it_says(store, qtbot):
    first = roster.add_volunteer(store, VolunteerDraft(name="王小明", phone="13800138000"))
    asked = []
    back = _typed_again(store, qtbot, "back", asked)
    assert roster.count(store) == 1 and back.result() == 0  # not saved, not closed
    assert back.inputs["name"].text() == "王小明" and back.inputs["phone"].text() == "13800138000"  # kept
    text, can_open = asked[0]
    assert f"王小明（编号 {first}）" in text and "姓名和电话相同" in text and can_open
    opened = _typed_again(store, qtbot, "open", asked)
    assert opened.saved_id == first and opened.result() == 1 and roster.count(store) == 1
    saved = _typed_again(store, qtbot, "save", asked)
    assert saved.saved_id not in (None, first) and roster.count(store) == 2
    # Someone new is saved without a question.
    asked.clear()
    dialog = VolunteerDialog(store)
    qtbot.addWidget(dialog)
    dialog.ask_probable = lambda text, *, can_open: asked.append(text) or "back"
    type_chinese(dialog.inputs["name"], "赵六")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert asked == [] and roster.count(store) == 3
