"""Add or edit a volunteer, with a message under each field that is wrong."""

from dataclasses import fields

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from stationdesk.domain.idnumber import InvalidIdNumber, parse_id_number
from stationdesk.domain.masking import mask_id_number, mask_phone
from stationdesk.domain.volunteer import (
    EDUCATIONS,
    GENDERS,
    LABELS,
    POLITICAL_STATUSES,
    VolunteerDraft,
    validate,
)
from stationdesk.reports.fonts import unprintable_warning
from stationdesk.services import roster
from stationdesk.services.roster import DuplicateIdNumber
from stationdesk.ui.errors import reported
from stationdesk.ui.style import set_role
from stationdesk.ui.widgets import OK, dialog_buttons

NO_DATE = QDate(1900, 1, 1)  # shown as blank: the date edit's "special value"


class _DateEdit(QDateEdit):
    """A date field that may be left empty."""

    def __init__(self):
        super().__init__()
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText("（未填）")
        self.setDate(NO_DATE)

    def value(self):
        d = self.date()
        return None if d == NO_DATE else d.toPython()

    def set_value(self, value) -> None:
        self.setDate(QDate(value) if value else NO_DATE)


class VolunteerDialog(QDialog):
    def __init__(self, store, volunteer_id: int | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.volunteer_id = volunteer_id
        self.saved_id: int | None = None
        self.setWindowTitle("编辑志愿者" if volunteer_id else "新增志愿者")
        self.setMinimumWidth(460)

        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name in LABELS:
            widget = self._make_input(name)
            self.inputs[name] = widget
            error = QLabel()
            error.setObjectName(f"error_{name}")
            set_role(error, "error")
            error.setWordWrap(True)
            error.hide()
            self.errors[name] = error
            box = QVBoxLayout()
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(1)
            box.addWidget(widget)
            box.addWidget(error)
            if name == "name":
                box.addWidget(self._make_print_warning())
            holder = QWidget()
            holder.setLayout(box)
            required = "*" if name == "name" else ""
            form.addRow(f"{LABELS[name]}{required}：", holder)
        self.inputs["id_number"].editingFinished.connect(self._fill_from_id)
        self.hint = QLabel("填写身份证号码后，出生日期和性别会自动填入。")
        set_role(self.hint, "hint")

        self._hidden: dict[str, str] = {}  # full values behind the masked fields, until revealed
        self.reveal_button = QPushButton("显示完整证件号和电话")
        self.reveal_button.setToolTip("查看完整号码会记入操作日志；显示后才能修改这两项")
        self.reveal_button.clicked.connect(self.reveal)
        self.reveal_button.hide()
        buttons = dialog_buttons(self, "保存", on_ok=self.save)
        self.save_button = buttons.button(OK)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        if volunteer_id:
            self._load(roster.get_volunteer(store, volunteer_id).draft)
            self._mask()

    def _mask(self) -> None:
        """Editing opens with the ID number and phone masked, as everywhere else: seeing them in full is
        a logged act (显示完整), not a side effect of fixing a typo in an address."""
        for name, mask in (("id_number", mask_id_number), ("phone", mask_phone)):
            full = self._get(name)
            if full:
                self._hidden[name] = full
                self.inputs[name].setText(mask(full))
                self.inputs[name].setReadOnly(True)
        self.reveal_button.setVisible(bool(self._hidden))

    def reveal(self) -> None:
        with reported(self, "无法显示完整号码"):
            for name in list(self._hidden):
                full = roster.reveal(self.store, self.volunteer_id, name)
                del self._hidden[name]
                self.inputs[name].setReadOnly(False)
                self.inputs[name].setText(full)
            self.reveal_button.hide()

    def _make_print_warning(self) -> QLabel:
        """Says, as the name is typed, which of its characters no shipped font draws (they print as □);
        the name is saved all the same."""
        self.print_warning = QLabel()
        self.print_warning.setObjectName("print_warning_name")
        set_role(self.print_warning, "warning")
        self.print_warning.setWordWrap(True)
        self.print_warning.hide()
        self.inputs["name"].textChanged.connect(self._check_printable)
        return self.print_warning

    def _check_printable(self, text: str) -> None:
        warning = unprintable_warning(text)
        self.print_warning.setText(f"{warning}。姓名照常保存。" if warning else "")
        self.print_warning.setVisible(bool(warning))

    def _make_input(self, name: str) -> QWidget:
        if name in ("birth_date", "joined_on"):
            return _DateEdit()
        choices = {"gender": GENDERS, "political_status": POLITICAL_STATUSES, "education": EDUCATIONS}.get(name)
        if choices:
            combo = QComboBox()
            combo.addItems(["", *choices])
            return combo
        if name == "note":
            note = QPlainTextEdit()
            note.setFixedHeight(56)
            return note
        edit = QLineEdit()
        edit.setObjectName(name)
        if name == "id_number":
            edit.setPlaceholderText("18位，最后一位可以是X")
        elif name == "phone":
            edit.setPlaceholderText("11位手机号，或 区号-座机号")
        return edit

    # -- reading and writing the form ------------------------------------------------------------------
    def _load(self, draft: VolunteerDraft) -> None:
        for f in fields(draft):
            self._set(f.name, getattr(draft, f.name))

    def _set(self, name: str, value) -> None:
        widget = self.inputs[name]
        if isinstance(widget, _DateEdit):
            widget.set_value(value)
        elif isinstance(widget, QComboBox):
            widget.setCurrentText(value or "")
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        else:
            widget.setText(value or "")

    def _get(self, name: str):
        widget = self.inputs[name]
        if isinstance(widget, _DateEdit):
            return widget.value()
        if isinstance(widget, QComboBox):
            return widget.currentText()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        return widget.text()

    def draft(self) -> VolunteerDraft:
        return VolunteerDraft(**{f.name: self._hidden.get(f.name, self._get(f.name)) for f in fields(VolunteerDraft)})

    def _fill_from_id(self) -> None:
        """A valid ID number fills birth date and gender, and Tab then skips them: typed phone digits must
        not walk into the date's year and month."""
        try:
            info = parse_id_number(self.draft().id_number)
        except InvalidIdNumber:
            info = None
        for name in ("birth_date", "gender"):
            self.inputs[name].setFocusPolicy(Qt.FocusPolicy.ClickFocus if info else Qt.FocusPolicy.StrongFocus)
        if info is not None:
            self._set("birth_date", info.birth_date)
            self._set("gender", info.gender)

    def show_problems(self, problems) -> None:
        for label in self.errors.values():
            label.hide()
        for p in problems:
            self.errors[p.field].setText(p.message)
            self.errors[p.field].show()
        if problems:
            self.inputs[problems[0].field].setFocus()

    def save(self) -> None:
        result = validate(self.draft())
        self.show_problems(result.errors)
        if not result.ok:
            return
        if not self.confirm_not_registered(result.draft):
            return
        with reported(self, "保存失败"):
            try:
                if self.volunteer_id:
                    roster.update_volunteer(self.store, self.volunteer_id, result.draft)
                    self.saved_id = self.volunteer_id
                else:
                    self.saved_id = roster.add_volunteer(self.store, result.draft)
            except DuplicateIdNumber as exc:
                self.errors["id_number"].setText(str(exc))
                self.errors["id_number"].show()
                return
        if self.saved_id is not None:
            self.accept()

    def confirm_not_registered(self, draft) -> bool:
        """Before saving someone who is probably registered already (same name and phone, name and birth
        date …): say who, and offer to open that record instead. False keeps the form as typed."""
        with reported(self, "查重失败"):
            found = roster.probably_registered(self.store, draft, volunteer_id=self.volunteer_id)
        if not found:
            return True
        listed = "\n".join(f"· {p.name}（编号 {p.id}）：{'、'.join(p.reasons)}" for p in found[:3])
        choice = self.ask_probable(f"可能已经登记过这个人：\n{listed}\n\n确认是另一个人，才“仍然保存”。",
                                   can_open=not self.volunteer_id)
        if choice == "open":
            self.saved_id = found[0].id  # the page shows that record
            self.accept()
            return False
        return choice == "save"

    def ask_probable(self, text: str, *, can_open: bool) -> str:
        """'open', 'save' or 'back' (the default: nothing is saved, the form keeps what was typed)."""
        box = QMessageBox(QMessageBox.Icon.Warning, "可能已登记", text, parent=self)
        opened = box.addButton("打开已有记录", QMessageBox.ButtonRole.AcceptRole) if can_open else None
        save = box.addButton("仍然保存", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton("返回修改", QMessageBox.ButtonRole.RejectRole))
        box.exec()
        clicked = box.clickedButton()
        return "open" if opened is not None and clicked is opened else "save" if clicked is save else "back"

    def keyPressEvent(self, event):  # Enter in a line edit saves, as users expect of a form
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(
                self.focusWidget(), QPlainTextEdit):
            self.save()
            return
        super().keyPressEvent(event)
