"""Export the roster: which column set, and whether to mask ID numbers and phones."""

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QLabel,
    QRadioButton,
    QVBoxLayout,
)

from stationdesk.files import suggested_path
from stationdesk.ui.widgets import dialog_buttons


class ExportDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("导出志愿者花名册")
        self.full = QRadioButton("本站完整花名册（所有字段）")
        self.national = QRadioButton("全国志愿服务信息系统格式（证件号码必须完整）")
        self.full.setChecked(True)
        self.ids_none = QRadioButton("身份证号码：不导出")
        self.ids_masked = QRadioButton("身份证号码：只显示首6位和末4位")
        self.ids_full = QRadioButton("身份证号码：完整导出")
        self.ids_none.setChecked(True)
        ids = QButtonGroup(self)
        for button in (self.ids_none, self.ids_masked, self.ids_full):
            ids.addButton(button)
        self.full_phones = QCheckBox("电话号码完整导出（默认只显示首3位和末4位）")
        self.archived = QCheckBox("包括已归档的志愿者")
        self.national.toggled.connect(self._national_toggled)
        buttons = dialog_buttons(self, "选择保存位置…")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("导出的表格含有个人信息，请妥善保管，不要随意转发。"))
        for widget in (self.full, self.national, self.ids_none, self.ids_masked, self.ids_full,
                       self.full_phones, self.archived):
            layout.addWidget(widget)
        layout.addWidget(buttons)

    def _national_toggled(self, on: bool) -> None:
        """The national system needs complete numbers: the privacy choices do not apply."""
        for widget in (self.ids_none, self.ids_masked, self.ids_full, self.full_phones):
            widget.setEnabled(not on)

    @property
    def id_numbers(self) -> str:
        return "full" if self.ids_full.isChecked() else "masked" if self.ids_masked.isChecked() else "none"

    @property
    def phones(self) -> str:
        return "full" if self.full_phones.isChecked() else "masked"

    @property
    def fmt(self) -> str:
        return "national" if self.national.isChecked() else "full"

    def ask_path(self) -> str:
        suggested = suggested_path(Path.home(), "志愿者花名册-全国系统.xlsx" if self.fmt == "national" else "志愿者花名册.xlsx")
        path, _ = QFileDialog.getSaveFileName(self.parent(), "保存花名册", str(suggested), "Excel 表格 (*.xlsx)")
        if path and not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        return path
