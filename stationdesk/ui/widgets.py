"""Small pieces the dialogs share."""

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QWidget,
)

OK, CANCEL = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel


def dialog_buttons(dialog: QDialog, ok_text: str, *, on_ok=None) -> QDialogButtonBox:
    """OK/取消 in Chinese (Qt's own words depend on an installed translation); OK runs `on_ok` or accepts."""
    buttons = QDialogButtonBox(OK | CANCEL)
    buttons.button(OK).setText(ok_text)
    buttons.button(CANCEL).setText("取消")
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def confirm(parent, title: str, text: str) -> bool:
    """Yes/No before anything that cannot be undone in one click."""
    return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes


class LazyPage(QWidget):
    """A page that queries nothing until it is shown, and after a change elsewhere refreshes when next
    seen. Subclasses implement `refresh()` and start it by clearing `_stale`."""

    changed = Signal()  # this page wrote something
    status_message = Signal(str)  # for the window's status bar

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError


def read_only_table(headers: list[str], *, stretch: int = -1) -> QTableWidget:
    """A row-selecting, read-only table; column `stretch` (default: the last) takes the spare width."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(stretch % len(headers), QHeaderView.ResizeMode.Stretch)
    return table


def date_edit(value: date | None = None) -> QDateEdit:
    """A yyyy-MM-dd field with a calendar, set to `value` (today by default)."""
    edit = QDateEdit(QDate(value or date.today()))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit
