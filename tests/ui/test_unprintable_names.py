"""The volunteer form says, as the name is typed, which character no shipped font draws (issue 28), and
saves the name all the same; the screen draws 㔰 and emoji from the bundled fallback fonts."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from stationdesk.services import roster
from stationdesk.ui.volunteer_dialog import VolunteerDialog
from tests.ui.conftest import type_chinese

EXT_I = "\U0002EBF0"


def test_the_form_warns_of_a_character_that_prints_as_a_box_and_saves_the_name(store, qtbot):
    dialog = VolunteerDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    type_chinese(dialog.inputs["name"], "李㔰")
    assert dialog.print_warning.isHidden()  # 㔰 prints (HanaMinA)
    type_chinese(dialog.inputs["name"], EXT_I)
    assert dialog.print_warning.isVisible()
    assert dialog.print_warning.text() == (f"姓名中的“{EXT_I}”（U+2EBF0）没有可用字体，打印时会显示为 □。"
                                           "姓名照常保存。")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert roster.get_volunteer(store, dialog.saved_id).draft.name == f"李㔰{EXT_I}"


def test_the_warning_goes_when_the_character_does(store, qtbot):
    dialog = VolunteerDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.inputs["name"].setText(f"王{EXT_I}")
    assert dialog.print_warning.isVisible()
    dialog.inputs["name"].setText("王明")
    assert dialog.print_warning.isHidden()


def pixels(qtbot, text: str) -> bytes:
    label = QLabel(text)
    qtbot.addWidget(label)
    label.resize(80, 40)
    return bytes(label.grab().toImage().constBits())


def test_the_screen_draws_the_fallback_fonts_glyphs(qtbot):
    box = pixels(qtbot, "\ue000")  # private use: no font has it, Qt draws its missing-glyph box
    blank = pixels(qtbot, "")
    for char in "㔰😀🚀":
        assert pixels(qtbot, char) not in (box, blank), char
