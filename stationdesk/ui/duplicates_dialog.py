"""疑似重复: probable duplicate records, strongest first, each pair side by side (hours, teams,
certificates, points) so a person can tell; 不是同一人 is remembered."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from stationdesk.domain.amounts import points_text
from stationdesk.services import duplicates, merging
from stationdesk.ui import style
from stationdesk.ui.background import run_with_progress
from stationdesk.ui.errors import reported
from stationdesk.ui.rows_model import rows_table, selected_key, show_rows
from stationdesk.ui.widgets import dialog_buttons, fit_to_screen, form_message, submitted

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
                                key=lambda r: r[0], tint=lambda r: style.CHECK_SOFT if r[1] != r[2] else None, stretch=2)
        self.sides.setObjectName("duplicateSides")
        self.sides.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)  # a comparison, not a list
        for column in (1, 2):  # the two records get equal halves
            self.sides.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        merge = QPushButton("合并…")
        merge.setToolTip("同一人的两条记录合为一条：出勤、队伍、积分、证书等全部移入保留的记录")
        merge.clicked.connect(self.merge)
        dismiss = QPushButton("不是同一人")
        dismiss.setToolTip("记住这一对，以后不再列出")
        dismiss.clicked.connect(self.dismiss)
        self.undo_button = QPushButton("撤销刚才的合并")
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo_last)
        self._last_merge: int | None = None
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (merge, dismiss, self.undo_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.pairs, 3)
        layout.addWidget(QLabel("两条记录对照（不同之处标黄）："))
        layout.addWidget(self.sides, 4)
        layout.addLayout(buttons)

    def search(self) -> None:
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
            self._drop_pair(pair)

    def _drop_pair(self, pair) -> None:
        model = self.pairs.model()
        self.show_pairs([model.row(r) for r in range(model.rowCount()) if model.keys[r] != (pair.first, pair.second)])

    def merge(self) -> None:
        """The merge form (which record stays, field by field, whose hours where they differ) merges while
        it is open: a refusal shows in it, with the choices made."""
        pair = self.current()
        if pair is None:
            return
        merged = []

        def submit(keep, drop, take, prefer):
            merged.append((keep, drop, merging.merge(self.store, keep, drop, take=take, prefer=prefer)))

        if not MergeDialog(self.store, pair, self, submit=submit).exec():
            return
        keep, drop, self._last_merge = merged[0]
        self.undo_button.setEnabled(True)
        self._drop_pair(pair)
        self.summary.setText(self.summary.text() + f"<br>已把编号 {drop} 合并到编号 {keep}。"
                             "在有新的写入之前，可以点“撤销刚才的合并”。")

    def undo_last(self) -> None:
        if self._last_merge is None:
            return
        with reported(self, "没有撤销"):
            merging.undo_merge(self.store, self._last_merge)
            self._last_merge = None
            self.undo_button.setEnabled(False)
            self.search()


class MergeDialog(QDialog):
    """Which record stays, which of each differing field to keep, and whose attendance counts where
    both attended one activity with different hours. `value()`: (keep, drop, fields taken, prefer)."""

    def __init__(self, store, pair, parent=None, *, submit=None):
        super().__init__(parent)
        self.store = store
        self.pair = pair
        self.submit = submit
        self.setWindowTitle("合并两条记录")
        fit_to_screen(self, 640, 380)
        names = duplicates.names(store, [pair.first, pair.second])
        self.which = QButtonGroup(self)
        choice = QHBoxLayout()
        for n, vid in enumerate((pair.first, pair.second)):
            button = QRadioButton(f"保留{'甲乙'[n]}：{names[vid]}（编号 {vid}）")
            button.setChecked(n == 0)  # the older record by default: its number is on paper already
            self.which.addButton(button, vid)
            choice.addWidget(button)
        self.which.idToggled.connect(lambda *_: self._fill())
        self.fields = QWidget()
        self.form = QFormLayout(self.fields)
        self.moves = QLabel()
        self.moves.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("合并后只留下一条记录，另一条的出勤、队伍、积分、证书（编号不变）、荣誉和点单都移入保留的记录。"))
        layout.addLayout(choice)
        layout.addWidget(self.fields)
        layout.addWidget(self.moves)
        layout.addStretch(1)
        self.message = form_message()
        layout.addWidget(self.message)
        layout.addWidget(dialog_buttons(self, "合并", on_ok=self.ok))
        self.choices: dict[str, QComboBox] = {}
        self.prefer: QComboBox | None = None
        self._fill()

    def keep_and_drop(self) -> tuple[int, int]:
        keep = self.which.checkedId()
        return keep, self.pair.second if keep == self.pair.first else self.pair.first

    def _fill(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        keep, drop = self.keep_and_drop()
        self.choices = {}
        for d in merging.differences(self.store, keep, drop):
            combo = QComboBox()
            combo.addItem(f"保留：{d.keep or '（空）'}", False)
            combo.addItem(f"改用：{d.drop or '（空）'}", True)
            combo.setCurrentIndex(1 if not d.keep else 0)  # a blank is filled from the other record
            self.choices[d.field] = combo
            self.form.addRow(f"{d.label}：", combo)
        if not self.choices:
            self.form.addRow(QLabel("两条记录的各项信息相同。"))
        clashes = merging.conflicts(self.store, keep, drop)
        self.prefer = None
        if clashes:
            self.prefer = QComboBox()
            self.prefer.addItem("以保留记录的出勤为准", "keep")
            self.prefer.addItem("以并入记录的出勤为准", "drop")
            self.form.addRow(f"{len(clashes)} 次活动两条出勤时长不同：", self.prefer)
        moved = "，".join(f"{label} {n}" for label, n in merging.summary(self.store, drop).items() if n)
        self.moves.setText(f"将从编号 {drop} 移入：{moved or '没有其他记录'}。")

    def ok(self) -> None:
        if self.submit is None or submitted(lambda: self.submit(*self.value()), self.message):
            self.accept()

    def value(self) -> tuple[int, int, frozenset[str], str | None]:
        keep, drop = self.keep_and_drop()
        take = frozenset(field for field, combo in self.choices.items() if combo.currentData())
        return keep, drop, take, self.prefer.currentData() if self.prefer else None


def show_duplicates(parent, store) -> None:
    dialog = DuplicatesDialog(store, parent)
    dialog.search()
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.exec()
