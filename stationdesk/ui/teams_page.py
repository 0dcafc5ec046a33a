"""服务队 page: the team tree, its members and leaders."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stationdesk.services import roster, teams
from stationdesk.ui.errors import reported
from stationdesk.ui.rows_model import RowsModel, rows_view, selected_key
from stationdesk.ui.volunteer_picker import VolunteerPickerDialog
from stationdesk.ui.widgets import FormDialog, LazyPage

ID_ROLE = Qt.ItemDataRole.UserRole


class TeamDialog(FormDialog):
    """Name, category and parent of a team; `submit()` saves it while the form is open."""

    def __init__(self, team_rows, team=None, parent=None, *, submit=None):
        self.name = QLineEdit(team.name if team else "")
        self.category = QLineEdit(team.category if team else "")
        self.category.setPlaceholderText("如：理论宣讲、文化服务")
        self.parent_team = QComboBox()
        self.parent_team.addItem("（无，顶层队伍）", None)
        for row in team_rows:
            if team is None or row.id != team.id:
                self.parent_team.addItem("　" * row.depth + row.name, row.id)
        if team and team.parent_id:
            self.parent_team.setCurrentIndex(self.parent_team.findData(team.parent_id))
        self.note = QLineEdit(team.note if team else "")
        super().__init__(parent, "编辑队伍" if team else "新建队伍",
                         [("队伍名称*：", self.name), ("服务类别：", self.category), ("上级队伍：", self.parent_team),
                          ("备注：", self.note)], "保存", submit=submit)

    def values(self) -> dict:
        return dict(category=self.category.text(), parent_id=self.parent_team.currentData(), note=self.note.text())


class TeamsPage(LazyPage):
    shows = frozenset({"volunteer", "team"})

    def __init__(self, store, parent=None):
        super().__init__(store, parent)
        self.tree = QTreeWidget()
        self.tree.setObjectName("teamTree")
        self.tree.setHeaderLabels(["队伍", "服务类别", "队长", "人数"])
        self.tree.setColumnWidth(0, 220)
        self.tree.currentItemChanged.connect(lambda *_: self._show_members())
        self._leaders: set[int] = set()
        self.member_rows = RowsModel(
            [("队员", lambda r: ("【队长】" if r.id in self._leaders else "") + r.name), ("性别", lambda r: r.gender),
             ("联系电话", lambda r: r.phone_masked), ("村民小组", lambda r: r.village_group)],
            lambda ids: roster.rows_by_ids(self.store, ids), empty="这支队伍还没有队员。")
        self.members = rows_view(self.member_rows, stretch=0)  # a county team has 11,000: rows as shown
        self.members.setObjectName("memberList")
        self.members_title = QLabel("队员")

        buttons = QHBoxLayout()
        for text, slot in (("新建队伍", self.new_team), ("编辑", self.edit_team), ("解散/恢复", self.toggle_archived)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        member_buttons = QHBoxLayout()
        for text, slot in (("添加队员", self.add_members), ("移出队伍", self.remove_member),
                           ("设为/取消队长", self.toggle_leader)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            member_buttons.addWidget(button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.tree)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.members_title)
        right_layout.addWidget(self.members)
        right_layout.addLayout(member_buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 400])
        QVBoxLayout(self).addWidget(splitter)
        self._rows = []

    def refresh(self) -> None:
        self._stale = False
        current = self.current_team_id()
        self.tree.clear()
        self._rows = teams.list_teams(self.store, include_archived=True)
        items: dict[int, QTreeWidgetItem] = {}
        for row in self._rows:
            name = row.name + ("（已解散）" if row.archived else "")
            item = QTreeWidgetItem([name, row.category, row.leaders, str(row.member_count)])
            item.setData(0, ID_ROLE, row.id)
            parent = items.get(row.parent_id)
            if parent is not None:
                parent.addChild(item)
            else:
                self.tree.addTopLevelItem(item)
            items[row.id] = item
        self.tree.expandAll()
        if current in items:
            self.tree.setCurrentItem(items[current])
        elif self._rows:
            self.tree.setCurrentItem(items[self._rows[0].id])
        self._show_members()

    def current_team_id(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item else None

    def _current_row(self):
        team_id = self.current_team_id()
        return next((r for r in self._rows if r.id == team_id), None)

    def _show_members(self) -> None:
        row = self._current_row()
        ids = teams.member_ids(self.store, row.id) if row else []
        self._leaders = set(teams.leader_ids(self.store, row.id)) if row else set()
        self.member_rows.set_keys(ids)
        self.members_title.setText(f"{row.name}：{len(ids)} 名队员" if row else "队员")

    def _after_write(self) -> None:
        self.refresh()
        self.changed.emit()

    def new_team(self) -> None:
        dialog = TeamDialog(self._rows, parent=self,
                            submit=lambda: teams.create_team(self.store, dialog.name.text(), **dialog.values()))
        if dialog.exec():
            self._after_write()

    def edit_team(self) -> None:
        row = self._current_row()
        if row is None:
            return
        dialog = TeamDialog(self._rows, row, parent=self,
                            submit=lambda: teams.update_team(self.store, row.id, name=dialog.name.text(),
                                                             **dialog.values()))
        if dialog.exec():
            self._after_write()

    def toggle_archived(self) -> None:
        row = self._current_row()
        if row is None:
            return
        if not row.archived and QMessageBox.question(
                self, "解散队伍", f"解散“{row.name}”？队员和服务记录都会保留，之后可以恢复。") != \
                QMessageBox.StandardButton.Yes:
            return
        with reported(self):
            teams.set_archived(self.store, row.id, not row.archived)
            self._after_write()

    def add_members(self) -> None:
        team_id = self.current_team_id()
        if team_id is None:
            return
        dialog = VolunteerPickerDialog(self.store, "添加队员", "加入队伍", self)
        if dialog.exec() and dialog.chosen_ids():
            with reported(self):
                teams.add_members(self.store, team_id, dialog.chosen_ids())
                self._after_write()

    def _current_member(self) -> int | None:
        return selected_key(self.members)

    def remove_member(self) -> None:
        team_id, vid = self.current_team_id(), self._current_member()
        if team_id is None or vid is None:
            return
        with reported(self):
            teams.remove_member(self.store, team_id, vid)
            self._after_write()

    def toggle_leader(self) -> None:
        team_id, vid = self.current_team_id(), self._current_member()
        if team_id is None or vid is None:
            return
        with reported(self):
            teams.set_leader(self.store, team_id, vid, leader=vid not in self._leaders)
            self._after_write()
