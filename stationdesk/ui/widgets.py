"""Small pieces the dialogs share."""

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

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
