"""Who is on duty (当前经办人): chosen from the station's staff list at start when several people share
the PC, and switchable at any time (Ctrl+Shift+J). No passwords: a name on every audit entry and paper."""

from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QVBoxLayout

from stationdesk.services import audit
from stationdesk.ui.errors import reported
from stationdesk.ui.widgets import dialog_buttons


class OperatorDialog(QDialog):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("选择经办人")
        self.names = QComboBox()
        self.names.setObjectName("operatorNames")
        self.names.setEditable(True)
        self.names.addItems(audit.staff(store))
        self.names.setCurrentText(audit.operator())
        self.names.lineEdit().setPlaceholderText("输入姓名（新名字会加入工作人员名单）")
        hint = QLabel("今天由谁使用本机？所选姓名记入操作日志，并作为经办人打印在兑换单、证明上。")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.names)
        layout.addWidget(dialog_buttons(self, "确定", on_ok=self.choose))

    def choose(self) -> None:
        name = self.names.currentText().strip()
        if not name:
            self.names.setFocus()
            return
        with reported(self, "没有切换经办人"):
            audit.choose_operator(self.store, name)
            self.accept()


def ask_operator(parent, store) -> bool:
    """Show the chooser; True when someone was chosen. Tests replace this function."""
    return bool(OperatorDialog(store, parent).exec())
