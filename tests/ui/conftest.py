import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QInputMethodEvent

from stationdesk.ui.app import install_font


@pytest.fixture(autouse=True)
def bundled_font(qapp):
    install_font(qapp)


def type_chinese(widget, text: str) -> None:
    """Type like an input method does (qtbot.keyClicks aborts on non-ASCII text)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)
    assert event.type() == QEvent.Type.InputMethod


@pytest.fixture(autouse=True)
def first_run_answered(monkeypatch):
    """A window on a brand-new station asks for its particulars (a modal form that would wait for ever
    here): answered as an operator would. Tests of the form itself drive SetupDialog directly."""
    from stationdesk.services import station
    from stationdesk.ui import setup_dialog

    answered = []

    def answer(parent, store):
        station.set_up(store, station.StationInfo(name="测试村新时代文明实践站", manager="王站长", phone="0571-12345678"),
                       prefix="SD", operator="李会计")
        answered.append(store.path)
        return True

    monkeypatch.setattr(setup_dialog, "ask_setup", answer)
    return answered


class Forms:
    """Answers the real FormDialogs a page opens — one dict (label → value) per form, in order — and
    presses OK, so the page's own code reads the fields and submits them. A refused form (its red
    message shown) is then cancelled, as a person would; the message is kept in `messages`."""

    def __init__(self):
        self.queue: list[dict] = []
        self.messages: list[str] = []

    def answer(self, *answers: dict) -> None:
        self.queue.extend(answers)

    def run(self, dialog) -> int:
        assert self.queue, f"an unexpected form opened: {dialog.windowTitle()}"
        for label, value in self.queue.pop(0).items():
            fill(dialog.fields[label], value)
        dialog.ok()
        if dialog.message.text():
            self.messages.append(dialog.message.text())
        return dialog.result()


def fill(field, value) -> None:
    from PySide6.QtCore import QDate, Qt
    from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QComboBox, QDateEdit, QLineEdit, QPlainTextEdit

    if isinstance(field, QLineEdit):
        field.setText(value)
    elif isinstance(field, QComboBox) and field.isEditable():
        field.setCurrentText(value)
    elif isinstance(field, QComboBox):  # a choice: by its shown text's start (goods show price and stock after)
        index = field.findText(value, Qt.MatchFlag.MatchStartsWith)
        assert index >= 0, f"no choice {value!r} in {[field.itemText(i) for i in range(field.count())]}"
        field.setCurrentIndex(index)
    elif isinstance(field, QDateEdit):
        field.setDate(QDate(value))
    elif isinstance(field, QAbstractSpinBox):
        field.setValue(value)
    elif isinstance(field, QPlainTextEdit):
        field.setPlainText(value)
    elif isinstance(field, QCheckBox):
        field.setChecked(value)
    else:
        raise AssertionError(f"cannot fill a {type(field).__name__}")


@pytest.fixture
def forms(monkeypatch):
    from stationdesk.ui.widgets import FormDialog

    answering = Forms()
    monkeypatch.setattr(FormDialog, "exec", lambda dialog: answering.run(dialog))
    yield answering
    assert not answering.queue, f"answers never asked for: {answering.queue}"
