"""Export the roster: which column set, and whether to mask ID numbers and phones."""

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QRadioButton,
    QVBoxLayout,
)


class ExportDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("导出志愿者花名册")
        self.full = QRadioButton("本站完整花名册（所有字段）")
        self.national = QRadioButton("全国志愿服务信息系统格式（证件号码必须完整）")
        self.full.setChecked(True)
        self.mask = QCheckBox("身份证号和电话只显示首尾几位（发给他人时建议勾选）")
        self.mask.setChecked(True)
        self.archived = QCheckBox("包括已归档的志愿者")
        self.national.toggled.connect(lambda on: (self.mask.setChecked(not on), self.mask.setEnabled(not on)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("选择保存位置…")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("导出的表格含有个人信息，请妥善保管，不要随意转发。"))
        for widget in (self.full, self.national, self.mask, self.archived):
            layout.addWidget(widget)
        layout.addWidget(buttons)

    @property
    def fmt(self) -> str:
        return "national" if self.national.isChecked() else "full"

    def ask_path(self) -> str:
        suggested = Path.home() / ("志愿者花名册-全国系统.xlsx" if self.fmt == "national" else "志愿者花名册.xlsx")
        path, _ = QFileDialog.getSaveFileName(self.parent(), "保存花名册", str(suggested), "Excel 表格 (*.xlsx)")
        if path and not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        return path
