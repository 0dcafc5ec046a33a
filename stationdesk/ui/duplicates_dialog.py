"""疑似重复: probable duplicate records, strongest first, each pair side by side (hours, teams,
certificates, points) so a person can tell; 不是同一人 is remembered."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from stationdesk.domain.amounts import points_text
from stationdesk.services import duplicates
from stationdesk.ui.background import run_with_progress
from stationdesk.ui.errors import reported
from stationdesk.ui.rows_model import rows_table, selected_key, show_rows
from stationdesk.ui.widgets import fit_to_screen

FIELDS = (("姓名", lambda s: s.name), ("编号", lambda s: str(s.id)), ("性别", lambda s: s.gender),
          ("联系电话", lambda s: s.phone_masked), ("身份证号码", lambda s: s.id_masked),
          ("出生日期", lambda s: s.birth_date), ("村民小组", lambda s: s.village_group),
          ("状态", lambda s: "在册" if s.status == "active" else "已归档"), ("所属队伍", lambda s: s.teams),
          ("参加活动", lambda s: f"{s.activities} 次"), ("服务时长", lambda s: f"{s.hours:g} 小时"),
          ("证书", lambda s: f"{s.certificates} 张"), ("积分", lambda s: points_text(s.points)))


class DuplicatesDialog(QDialog):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("疑似重复的志愿者记录")
        fit_to_screen(self, 980, 640)
        self._names: dict[int, str] = {}
        self.pairs = rows_table(
            [("可能性", lambda p: f"{p.score}"), ("记录甲", lambda p: self._label(p.first)),
             ("记录乙", lambda p: self._label(p.second)), ("理由", lambda p: "；".join(p.reasons))],
            key=lambda p: (p.first, p.second), numbers=(0,), stretch=3)
        self.pairs.setObjectName("duplicatePairs")
        self.pairs.selectionModel().selectionChanged.connect(self._show_sides)
        self.sides = rows_table([("", lambda r: r[0]), ("记录甲", lambda r: r[1]), ("记录乙", lambda r: r[2])],
                                key=lambda r: r[0], tint=lambda r: "#fff4e0" if r[1] != r[2] else None, stretch=2)
        self.sides.setObjectName("duplicateSides")
        self.sides.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)  # a comparison, not a list
        for column in (1, 2):  # the two records get equal halves
            self.sides.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        dismiss = QPushButton("不是同一人")
        dismiss.setToolTip("记住这一对，以后不再列出")
        dismiss.clicked.connect(self.dismiss)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(dismiss)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.pairs, 3)
        layout.addWidget(QLabel("两条记录对照（不同之处标黄）："))
        layout.addWidget(self.sides, 4)
        layout.addLayout(buttons)

    def find(self) -> None:
        """Look through the whole roster (in the background: about a second at 100,000 people)."""
        with reported(self, "查找疑似重复失败"):
            found = run_with_progress(self, "疑似重复", "正在查找疑似重复的记录…",
                                      lambda report: duplicates.pairs(self.store), store=self.store)
            if found is not None:
                self.show_pairs(found)

    def show_pairs(self, found) -> None:
        self._names = duplicates.names(self.store, [i for p in found for i in (p.first, p.second)])
        show_rows(self.pairs, found)
        self.summary.setText(f"发现 <b>{len(found)}</b> 对疑似重复的记录（按可能性排列）。请逐对核对，"
                             "不是同一人的点“不是同一人”。" if found else "没有发现疑似重复的记录。")
        self._show_sides()

    def _label(self, vid: int) -> str:
        return f"{self._names.get(vid, '')}（编号 {vid}）"

    def current(self):
        key = selected_key(self.pairs)
        row = self.pairs.model().row_of(key) if key else None
        return self.pairs.model().row(row) if row is not None else None

    def _show_sides(self) -> None:
        pair = self.current()
        if pair is None:
            show_rows(self.sides, [])
            return
        a, b = duplicates.sides(self.store, pair)
        show_rows(self.sides, [(label, value(a), value(b)) for label, value in FIELDS])

    def dismiss(self) -> None:
        pair = self.current()
        if pair is None:
            return
        with reported(self, "没有记下"):
            duplicates.mark_not_duplicate(self.store, pair.first, pair.second)
            model = self.pairs.model()
            rest = [model.row(r) for r in range(model.rowCount()) if model.keys[r] != (pair.first, pair.second)]
            self.show_pairs(rest)


def show_duplicates(parent, store) -> None:
    dialog = DuplicatesDialog(store, parent)
    dialog.find()
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.exec()
