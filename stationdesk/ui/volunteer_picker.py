"""Pick volunteers by search (name, pinyin initials, phone tail) and the roster's filters — for teams,
sign-ups and walk-ins."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from stationdesk.domain.roster_filter import NO_FILTER
from stationdesk.services import roster
from stationdesk.ui.roster_filter_bar import RosterFilterBar
from stationdesk.ui.widgets import dialog_buttons, fit_to_screen, when_typing_pauses

ID_ROLE = Qt.ItemDataRole.UserRole


class VolunteerPickerDialog(QDialog):
    def __init__(self, store, title: str, ok_text: str, parent=None, *, qualification: str = ""):
        """`qualification`: start from the people holding it (a sign-up for an activity that needs it)."""
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(title)
        fit_to_screen(self, 440, 500)
        self.search = QLineEdit()
        self.search.setPlaceholderText("输入姓名、拼音首字母或电话尾号查找")
        self._typing = when_typing_pauses(self.search.textChanged, self._refresh, self)
        self.filters = RosterFilterBar(store, printable=False, per_row=2)
        self.filters.changed.connect(self._refresh)
        self.filter_button = self.filters.button  # off: anyone, whatever the filters hold
        self.filter_button.toggled.connect(self._refresh)
        self.results = QListWidget()
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.results.itemDoubleClicked.connect(lambda _: self.accept())
        self.hint = QLabel("回车选定第一个（或用方向键选中的）人；按住 Ctrl 或 Shift 可多选，双击直接选定：")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.filter_button)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.hint)
        layout.addWidget(self.results)
        layout.addWidget(dialog_buttons(self, ok_text))
        self._rows: dict[int, roster.VolunteerRow] = {}
        if qualification:
            self.filters.require(qualification)
            self.filter_button.setChecked(True)
        self._refresh()

    def _refresh(self) -> None:
        self.results.clear()
        narrow = self.filters.current() if self.filter_button.isChecked() else NO_FILTER
        self._rows = {r.id: r for r in roster.search(self.store, self.search.text(), limit=200, narrow=narrow)}
        for r in self._rows.values():
            item = QListWidgetItem(f"{r.name}　{r.gender}　{r.phone_masked}　{r.village_group}　{r.teams}")
            item.setData(ID_ROLE, r.id)
            self.results.addItem(item)
        self.results.setCurrentRow(0)  # Enter in the search box picks the top hit

    def _search_now(self) -> None:
        """Enter or an arrow typed before the search box's pause: search what was typed first."""
        if self._typing.isActive():
            self._typing.stop()
            self._refresh()

    def keyPressEvent(self, event) -> None:
        """Up and Down in the search box walk the list, so the keyboard alone can choose."""
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.focusWidget() is self.search:
            self._search_now()
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            self.results.setCurrentRow(max(0, min(self.results.count() - 1, self.results.currentRow() + step)))
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        """With nothing selected, the highlighted person is the choice; with nobody found, stay open."""
        self._search_now()
        if not self.results.selectedItems():
            item = self.results.currentItem()
            if item is None:
                self.hint.setText("没有找到这个人。请换个写法（姓名、拼音首字母或电话尾号）再找。")
                return
            item.setSelected(True)
        super().accept()

    def chosen(self) -> list:
        """The chosen volunteers' rows (name, teams …) — never text parsed back from the list."""
        return [self._rows[item.data(ID_ROLE)] for item in self.results.selectedItems()]

    def chosen_ids(self) -> list[int]:
        return [r.id for r in self.chosen()]
