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
