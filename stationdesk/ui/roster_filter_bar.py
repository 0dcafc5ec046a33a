"""The roster's filter row: skill, village group, a qualification valid today, age band — to find the
people a task suits (the 条例 asks a station to match tasks to age and skills, and to check the
qualifications a service needs)."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from stationdesk.domain.roster_filter import AGE_BANDS, RosterFilter
from stationdesk.services import roster
from stationdesk.ui.widgets import when_typing_pauses

ANY = "全部"
MAX_SKILL = 20  # a skill is a few words; the count line repeats it
TYPING_DELAY_MS = 250  # a skill typed character by character filters once the typing pauses


def _choice_box(name: str, tip: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.setToolTip(tip)
    box.setMinimumContentsLength(6)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return box


class RosterFilterBar(QWidget):
    """Hidden until its `button` (筛选, checkable) is pressed; the button then says how many filters are on."""

    changed = Signal(object)  # a RosterFilter
    print_requested = Signal()

    def __init__(self, store, parent=None, *, printable: bool = True, per_row: int = 4):
        """`per_row` filters a row (a narrow dialog takes two); `printable` adds 打印筛选名单."""
        super().__init__(parent)
        self.store = store
        self.setVisible(False)
        self.button = QPushButton("筛选")
        self.button.setCheckable(True)
        self.button.setToolTip("按技能、村民小组、资质、年龄段筛选")
        self.button.toggled.connect(self._shown)
        self.skill = _choice_box("skillFilter", "技能特长含这几个字的志愿者（可从列表选，也可以直接输入）")
        self.skill.setEditable(True)
        self.skill.lineEdit().setPlaceholderText(ANY)
        self.skill.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.skill.setCompleter(None)  # a fragment filters: 医疗 must not complete itself to 医疗护理
        self.skill.lineEdit().setMaxLength(MAX_SKILL)
        self.group = _choice_box("groupFilter", "所在的村民小组")
        self.qualification = _choice_box("qualificationFilter", "持有这项资质、且今天仍在有效期内")
        self.age = _choice_box("ageFilter", "按出生日期算今天的年龄；没有出生日期的不在任何年龄段")
        self.age.addItem(ANY, "")
        for band in AGE_BANDS:
            self.age.addItem(band.label, band.key)

        self._typing = when_typing_pauses(self.skill.editTextChanged, self._emit, self, TYPING_DELAY_MS)
        for box in (self.group, self.qualification, self.age):
            box.currentIndexChanged.connect(self._emit)

        clear = QPushButton("清除筛选")
        clear.clicked.connect(self.clear)
        buttons = [clear]
        if printable:
            print_button = QPushButton("打印筛选名单")
            print_button.setToolTip("按当前筛选打印花名册，标题下注明筛选条件")
            print_button.clicked.connect(self.print_requested)
            buttons.append(print_button)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for n, (label, box) in enumerate((("技能", self.skill), ("村民小组", self.group), ("资质", self.qualification),
                                          ("年龄段", self.age))):
            layout.addWidget(QLabel(label), n // per_row, n % per_row * 2)
            layout.addWidget(box, n // per_row, n % per_row * 2 + 1)
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row, 0, per_row * 2)
        layout.setColumnStretch(per_row * 2, 1)

    def _shown(self, shown: bool) -> None:
        if shown:
            self.load_choices()
        self.setVisible(shown)

    def load_choices(self) -> None:
        """The groups, qualification kinds and common skills on record now; what is chosen stays chosen."""
        choices = roster.filter_choices(self.store)
        for box, values in ((self.group, choices["village_group"]), (self.qualification, choices["qualification"])):
            chosen = box.currentData() or ""
            box.blockSignals(True)
            box.clear()
            box.addItem(ANY, "")
            for value in values if not chosen or chosen in values else [*values, chosen]:  # chosen stays offered
                box.addItem(value, value)
            box.setCurrentIndex(max(box.findData(chosen), 0))
            box.blockSignals(False)
        typed = self.skill.currentText()
        self.skill.blockSignals(True)
        self.skill.clear()
        self.skill.addItems(choices["skill"])
        self.skill.setEditText(typed)
        self.skill.blockSignals(False)

    def require(self, qualification: str) -> None:
        """Start from the people holding `qualification` (an activity that needs it); the other choices
        load when the row is shown."""
        if self.qualification.findData(qualification) < 0:
            self.qualification.addItem(qualification, qualification)
        self.qualification.setCurrentIndex(self.qualification.findData(qualification))

    def current(self) -> RosterFilter:
        return RosterFilter(skill=self.skill.currentText(), village_group=self.group.currentData() or "",
                            qualification=self.qualification.currentData() or "", age_band=self.age.currentData() or "")

    def clear(self) -> None:
        for box in (self.group, self.qualification, self.age):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.skill.blockSignals(True)
        self.skill.setEditText("")
        self.skill.blockSignals(False)
        self._emit()

    def _emit(self) -> None:
        self._typing.stop()
        narrow = self.current()
        used = len(narrow.parts())
        self.button.setText(f"筛选（{used}）" if used else "筛选")
        self.changed.emit(narrow)
