"""服务菜单: the services the station offers residents, and the team that usually serves each."""

from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLineEdit, QVBoxLayout

from stationdesk.domain.activity import CATEGORIES
from stationdesk.services import requests, teams
from stationdesk.ui.rows_model import rows_table, selected_key, show_rows
from stationdesk.ui.widgets import add_buttons, fit_to_screen, form_dialog


class MenuDialog(QDialog):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("服务菜单")
        fit_to_screen(self, 720, 420)
        self.table = rows_table([("服务项目", lambda m: m.name), ("服务类别", lambda m: m.category),
                                 ("承接队伍", lambda m: m.team), ("说明", lambda m: m.description),
                                 ("状态", lambda m: "已停用" if m.archived else "在用")], stretch=3)
        self.table.doubleClicked.connect(lambda _: self.edit_item())
        buttons = QHBoxLayout()
        add_buttons(buttons, (("新增项目", self.add_item), ("编辑", self.edit_item), ("停用/恢复", self.toggle_archived)))
        buttons.addStretch(1)
        add_buttons(buttons, (("关闭", self.accept),))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self._rows = requests.list_menu(self.store, include_archived=True)
        show_rows(self.table, self._rows)

    def _save(self, current=None) -> None:
        name = QLineEdit(current.name if current else "")
        category = QComboBox()
        category.setEditable(True)
        category.addItems(CATEGORIES)
        category.setCurrentText(current.category if current else "")
        description = QLineEdit(current.description if current else "")
        team = QComboBox()
        team.addItem("（无）", None)
        for row in teams.list_teams(self.store):
            team.addItem("　" * row.depth + row.name, row.id)
        team.setCurrentIndex(max(team.findData(current.team_id if current else None), 0))
        if form_dialog(self, "服务项目", [("项目名称*：", name), ("服务类别：", category), ("说明：", description),
                                      ("通常承接的队伍：", team)], "保存",
                       submit=lambda: requests.save_menu_item(
                           self.store, name.text(), category=category.currentText(), description=description.text(),
                           team_id=team.currentData(), item_id=current.id if current else None)):
            self.refresh()

    def add_item(self) -> None:
        self._save()

    def _current(self):
        mid = selected_key(self.table)
        return next((m for m in self._rows if m.id == mid), None)

    def edit_item(self) -> None:
        if self._current() is not None:
            self._save(self._current())

    def toggle_archived(self) -> None:
        m = self._current()
        if m is not None:
            requests.set_menu_archived(self.store, m.id, not m.archived)
            self.refresh()
