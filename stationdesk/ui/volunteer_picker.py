"""Pick volunteers by search (name, pinyin initials, phone tail) — for teams, sign-ups and walk-ins."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from stationdesk.services import roster
from stationdesk.ui.widgets import dialog_buttons

ID_ROLE = Qt.ItemDataRole.UserRole


class VolunteerPickerDialog(QDialog):
    def __init__(self, store, title: str, ok_text: str, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(title)
        self.resize(440, 500)
        self.search = QLineEdit()
        self.search.setPlaceholderText("输入姓名、拼音首字母或电话尾号查找")
        self.search.textChanged.connect(self._refresh)
        self.results = QListWidget()
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.results.itemDoubleClicked.connect(lambda _: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(QLabel("可按住 Ctrl 或 Shift 多选，双击直接选定："))
        layout.addWidget(self.results)
        layout.addWidget(dialog_buttons(self, ok_text))
        self._refresh()

    def _refresh(self) -> None:
        self.results.clear()
        for r in roster.search(self.store, self.search.text(), limit=200):
            item = QListWidgetItem(f"{r.name}　{r.gender}　{r.phone_masked}　{r.village_group}　{r.teams}")
            item.setData(ID_ROLE, r.id)
            self.results.addItem(item)

    def chosen_ids(self) -> list[int]:
        return [item.data(ID_ROLE) for item in self.results.selectedItems()]
