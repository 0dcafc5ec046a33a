"""生僻字 on screen: typed (pasted) into the form, found by search and pinyin, drawn with a real glyph."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from stationdesk.services import roster
from stationdesk.ui.volunteer_dialog import VolunteerDialog
from stationdesk.ui.volunteer_table_model import COL_NAME
from stationdesk.ui.volunteers_page import VolunteersPage
from tests.ui.conftest import type_chinese

RARE_NAMES = ("王䶮", "𠮷田", "阿卜杜热合曼·艾合买提江", "李𫖯")


def pixels(qtbot, text: str) -> bytes:
    label = QLabel(text)
    qtbot.addWidget(label)
    label.resize(80, 40)
    image = label.grab().toImage()
    return bytes(image.constBits())


def test_rare_characters_draw_as_glyphs_not_boxes_or_blanks(qtbot):
    box = pixels(qtbot, "\ue000")  # a private-use character: no font has it, Qt draws its missing-glyph box
    blank = pixels(qtbot, "")
    for char in "䶮𠮷𫖯𬭚":
        drawn = pixels(qtbot, char)
        assert drawn not in (box, blank), char
    assert pixels(qtbot, "䶮") != pixels(qtbot, "𠮷")


def test_a_pasted_rare_name_saves_and_is_found_by_name_and_pinyin(store, qtbot):
    dialog = VolunteerDialog(store)
    qtbot.addWidget(dialog)
    type_chinese(dialog.inputs["name"], "𠮷田")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert roster.get_volunteer(store, dialog.saved_id).draft.name == "𠮷田"
    for name in RARE_NAMES[::2]:
        roster.add_volunteer(store, roster.VolunteerDraft(name=name))
    page = VolunteersPage(store)
    qtbot.addWidget(page)
    page.show()
    for typed, expected in (("jt", "𠮷田"), ("𠮷", "𠮷田"), ("wy", "王䶮"), ("䶮", "王䶮"), ("艾合买提江", RARE_NAMES[2])):
        page.search.setText(typed)
        qtbot.waitUntil(lambda typed=typed: page.model.text == typed)
        found = [page.model.data(page.model.index(r, COL_NAME)) for r in range(page.model.rowCount())]
        assert expected in found, (typed, found)
