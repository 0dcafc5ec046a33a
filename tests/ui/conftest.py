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
