"""Every form keeps what was typed on a refusal (#29 item 8). Each form is opened from its real page as a
person would, filled with something the service refuses, and OK pressed: the form must stay open with the
refusal in red, in Chinese, and what was typed still in its fields; then the value is mended, OK pressed,
and the row must be there. A guard reads the UI source so a new form that writes after closing (a
form_dialog without submit=, a dialog class nobody walked) fails here instead of slipping by."""

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from stationdesk.services import activities, attendance, funds, pairings, points, requests, teams
from stationdesk.ui.widgets import FormDialog
from tests.ui.conftest import fill

UI = Path(__file__).parents[2] / "stationdesk" / "ui"


def value_of(widget):
    for read in ("text", "currentText", "value", "date", "isChecked", "toPlainText"):
        if hasattr(widget, read):
            return getattr(widget, read)()
    raise AssertionError(type(widget).__name__)


@dataclass
class Walk:
    name: str
    open: Callable  # (store, qtbot) → a slot that opens the real form
    refused: dict  # label → a value the service refuses
    says: str  # words of the red refusal
    mended: dict  # label → what makes it acceptable
    written: Callable  # store → True once the row is there
    setup: Callable = field(default=lambda store: None)


def page(cls_path: str, slot: str, *, select=None):
    """The slot `slot` of a freshly shown page `module:Class`, after `select(page)`."""
    def opened(store, qtbot):
        module, name = cls_path.split(":")
        cls = getattr(__import__(f"stationdesk.ui.{module}", fromlist=[name]), name)
        widget = cls(store)
        qtbot.addWidget(widget)
        widget.show()
        if select:
            select(widget)
        return getattr(widget, slot)
    return opened


def select_first(table_name: str):
    return lambda page: getattr(page, table_name).selectRow(0)


def attended(store) -> int:
    """One saved 2-hour attendance of one volunteer; its activity's id."""
    from datetime import datetime, timedelta

    from stationdesk.domain.activity import ActivityDraft
    from stationdesk.domain.volunteer import VolunteerDraft
    from stationdesk.services import roster

    vid = roster.add_volunteer(store, VolunteerDraft(name="周芳"))
    start = datetime.combine(date.today(), datetime.min.time()).replace(hour=9) - timedelta(days=1)
    aid = activities.create_activity(store, ActivityDraft(title="敬老院义诊", starts_at=start,
                                                          ends_at=start + timedelta(hours=2)))
    attendance.sign_up(store, aid, [vid])
    attendance.record_attendance(store, aid, [attendance.Mark(vid, True)])
    return aid


def correcting(store, qtbot):
    from stationdesk.ui.attendance_dialog import AttendanceDialog

    dialog = AttendanceDialog(store, store.scalar("SELECT id FROM activity"))
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    return dialog.correct_selected


def unit_with_pairing(store) -> None:
    uid = pairings.add_unit(store, pairings.UnitDraft(name="县人民医院"))
    pairings.create_pairing(store, uid, signed_on=date.today(), starts_on=date.today(),
                            ends_on=date.today().replace(year=date.today().year + 3))


WALKS = [
    Walk("登记收入", page("funds_page:FundsPage", "add_income"), {"金额（元）": "-30", "摘要": "县专项资金"}, "不能为负数",
         {"金额（元）": "30"}, lambda s: [e.purpose for e in funds.entries(s, date.today().year)] == ["县专项资金"]),
    Walk("新建队伍", page("teams_page:TeamsPage", "new_team"), {"队伍名称": "文艺队", "服务类别": "文化服务"}, "已经有名为",
         {"队伍名称": "宣讲队"}, lambda s: {t.name for t in teams.list_teams(s)} == {"文艺队", "宣讲队"},
         setup=lambda s: teams.create_team(s, "文艺队")),
    Walk("新增文明单位", page("pairings_page:PairingsPage", "add_unit"), {"单位名称": " ", "地址": "青山路1号"}, "单位名称",
         {"单位名称": "县人民医院"}, lambda s: [u.name for u in pairings.list_units(s)] == ["县人民医院"]),
    Walk("提前终止协议", page("pairings_page:PairingsPage", "end_pairing", select=lambda p: (
         p.units.selectRow(0), p.agreements.selectRow(0))), {"终止日期": date.today(), "原因": " "}, "必须填写原因",
         {"原因": "单位改制"}, lambda s: pairings.list_pairings(s)[0].end_reason == "单位改制", setup=unit_with_pairing),
    Walk("登记群众点单", page("requests_page:RequestsPage", "new_request"), {"群众姓名": " ", "具体需求": "修水龙头"},
         "请填写群众姓名", {"群众姓名": "钱阿婆"},
         lambda s: s.scalar("SELECT resident_name FROM service_request") == "钱阿婆"),
    Walk("新增物品", page("points_page:PointsPage", "add_goods"), {"物品名称": " ", "所需积分": "3", "单位": "把"}, "不能为空",
         {"物品名称": "雨伞"}, lambda s: [g.name for g in points.goods(s)] == ["雨伞"]),
    Walk("服务菜单项目", page("menu_dialog:MenuDialog", "add_item"), {"项目名称": " ", "说明": "上门"}, "不能为空",
         {"项目名称": "磨剪刀"}, lambda s: [m.name for m in requests.list_menu(s)] == ["磨剪刀"]),
    Walk("更正时长", correcting, {"更正为": 1.5, "原因": " "}, "必须填写原因", {"原因": "电话核实"},
         lambda s: s.scalar("SELECT reason FROM hours_correction") == "电话核实", setup=attended),
]


def press_ok(dialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


@pytest.mark.parametrize("walk", WALKS, ids=[w.name for w in WALKS])
def test_a_refused_form_stays_open_with_what_was_typed(walk, store, qtbot, monkeypatch):
    from stationdesk.ui import errors

    told = []  # a refusal shown after the form closed (the bug) lands here instead of a modal box
    monkeypatch.setattr(errors, "warn", lambda parent, title, text: told.append(text))
    walk.setup(store)
    slot = walk.open(store, qtbot)
    seen = {}

    def answer():
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, FormDialog), f"no form open: {dialog}"
            for label, value in walk.refused.items():
                fill(dialog.fields[label], value)
            typed = {label: value_of(dialog.fields[label]) for label in walk.refused}
            press_ok(dialog)
            seen.update(open=dialog.isVisible(), message=dialog.message.text(), shown=dialog.message.isVisible(),
                        kept={label: value_of(dialog.fields[label]) for label in walk.refused}, typed=typed)
            for label, value in walk.mended.items():
                fill(dialog.fields[label], value)
            press_ok(dialog)
            seen["closed"] = not dialog.isVisible()
        except BaseException as exc:  # re-raised below, outside the modal loop
            seen["error"] = exc
        finally:
            if dialog is not None and dialog.isVisible():  # never leave a modal open: the test would hang
                dialog.reject()

    QTimer.singleShot(0, answer)
    slot()
    if "error" in seen:
        raise seen["error"]
    assert not told, f"refused after the form closed: {told}"
    assert seen["open"] and seen["shown"], f"{walk.name}: the form closed on a refusal"
    assert walk.says in seen["message"] and re.search(r"[\u4e00-\u9fff]", seen["message"])
    assert not re.search(r"[A-Za-z]{3,}", seen["message"]), seen["message"]
    assert seen["kept"] == seen["typed"]
    assert seen["closed"] and walk.written(store)


# -- the guard: every form in stationdesk/ui is walked above, or says why it needs no walk --------------------

WALKED = {w.name for w in WALKS}
# form_dialog calls without submit=: they only choose what to print or export (nothing written in them).
CHOOSERS = {"settings_page.py": 1, "publicity_dialogs.py": 1}
# QDialog subclasses that are not FormDialogs, each with its own in-dialog save or no typed form at all.
OWN_SAVE_OR_NO_FORM = {
    "ActivityDialog", "SignupDialog", "PhotosDialog", "AttendanceDialog", "ReviewDialog", "VolunteerDialog",
    "SetupDialog", "OperatorDialog", "ImportDialog", "ExportDialog", "CalendarDialog", "DuplicatesDialog",
    "MergeDialog", "MenuDialog", "VolunteerPickerDialog", "ExpiringDialog", "AuditLogDialog", "PdfPreviewDialog", "BriefDialog",
    "FormDialog"}
# Plain QDialog(...) built in place: 使用说明 and the 台账 sections' check boxes (no service refuses them).
PLAIN_DIALOGS = {"main_window.py": 1, "stats_page.py": 1}


def _calls(tree, name: str):
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)
            and (getattr(n.func, "id", None) == name or getattr(n.func, "attr", None) == name)]


def test_no_form_writes_after_it_closed():
    sources = {path.name: ast.parse(path.read_text(encoding="utf-8")) for path in UI.glob("*.py")}
    form_classes = {c.name for tree in sources.values() for c in ast.walk(tree) if isinstance(c, ast.ClassDef)
                    and any(getattr(b, "id", None) == "FormDialog" for b in c.bases)}
    without_submit, plain, dialogs = {}, {}, set()
    for name, tree in sources.items():
        for call in _calls(tree, "form_dialog") + [c for k in form_classes for c in _calls(tree, k)]:
            if not any(k.arg == "submit" for k in call.keywords):
                without_submit[name] = without_submit.get(name, 0) + 1
        plain_here = len(_calls(tree, "QDialog"))
        if plain_here:
            plain[name] = plain_here
        dialogs |= {c.name for c in ast.walk(tree) if isinstance(c, ast.ClassDef)
                    and any(getattr(b, "id", None) == "QDialog" for b in c.bases)}
    assert without_submit == CHOOSERS, "a form that saves after it closed loses what was typed on a refusal: " \
                                       "give it submit= and a walk above"
    assert plain == PLAIN_DIALOGS, "a new hand-built QDialog: make it a FormDialog with submit= and walk it"
    assert dialogs == OWN_SAVE_OR_NO_FORM, "a new dialog class: a FormDialog with submit= (walked above), " \
                                           "or say here why it needs none"
    assert len(WALKED) == len(WALKS)
