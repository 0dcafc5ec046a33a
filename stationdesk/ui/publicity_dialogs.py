"""简报 and 公示 from the window: the brief's text to copy into a 公众号 editor, its PDF and Word document;
the month's 时长和积分公示 with its 公示期, 监督电话 and orientation."""

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from stationdesk.files import suggested_path
from stationdesk.services import briefs, notices, station
from stationdesk.ui.errors import reported
from stationdesk.ui.pdf_preview import produce
from stationdesk.ui.widgets import date_edit, fit_to_screen, form_dialog


class BriefDialog(QDialog):
    """A composed brief: its text (复制文字 puts it on the clipboard), 生成 PDF (preview, print, save) and
    保存为 Word 文档 (editable). The brief is composed once, when the dialog opens."""

    def __init__(self, store, brief, parent=None):
        super().__init__(parent)
        self.store, self.brief = store, brief
        self.setWindowTitle(f"{brief.kind} — {brief.headline}")
        fit_to_screen(self, 760, 720)
        self.text = QPlainTextEdit(brief.as_text())
        self.text.setReadOnly(True)
        self.text.setObjectName("briefText")
        self.note = QLabel(f"文字可直接粘贴到公众号编辑器；〔图n〕处插入对应照片（本简报有 {len(brief.photos)} 张照片）。"
                           "要改写内容，请保存为 Word 文档后修改。")
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        for label, slot in (("复制文字", self.copy_text), ("生成 PDF", self.make_pdf), ("保存为 Word 文档…", self.save_docx),
                            ("关闭", self.accept)):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, slot=slot: slot())
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)

    def copy_text(self) -> None:
        QApplication.clipboard().setText(self.brief.as_text())
        self.note.setText("已复制到剪贴板，可以粘贴到公众号编辑器。")

    def make_pdf(self, path: str | None = None, *, open_after: bool = True) -> str | None:
        brief = self.brief
        return produce(self, brief.kind, lambda out: briefs.write(brief, out), path, open_after=open_after)

    def save_docx(self, path: str | None = None) -> str | None:
        if not path:
            suggested = suggested_path(Path.home(), f"{self.brief.kind}-{self.brief.headline[:40]}.docx")
            path, _ = QFileDialog.getSaveFileName(self, "保存为 Word 文档", str(suggested), "Word 文档 (*.docx)")
        if not path:
            return None
        if not path.lower().endswith(".docx"):
            path += ".docx"
        with reported(self, "保存失败"):
            briefs.write(self.brief, path)
            self.note.setText(f"已保存：{path}")
            return path
        return None


def show_activity_brief(parent, store, activity_id: int) -> BriefDialog | None:
    with reported(parent, "无法生成简报"):
        dialog = BriefDialog(store, briefs.activity_brief(store, activity_id), parent)
        dialog.open()
        return dialog
    return None


def show_monthly_brief(parent, store, year: int, month: int) -> BriefDialog | None:
    with reported(parent, "无法生成工作简报"):
        dialog = BriefDialog(store, briefs.monthly_brief(store, year, month), parent)
        dialog.open()
        return dialog
    return None


def print_notice(parent, store, year: int, month: int, path: str | None = None, *,
                 open_after: bool = True) -> str | None:
    """Ask for the 公示期, 监督电话 and orientation, then make the 公示 and preview it."""
    start = date_edit(date.today())
    days = QSpinBox()
    days.setRange(1, 60)
    days.setValue(notices.NOTICE_DAYS)
    days.setSuffix(" 天")
    phone = QLineEdit(station.get_station(store).phone)
    phone.setPlaceholderText("空着则印一条横线，手写")
    landscape = QCheckBox("横向打印（A4 横向）")
    if not form_dialog(parent, f"{year}年{month}月时长积分公示",
                       [("公示期开始：", start), ("公示天数：", days), ("监督电话：", phone), ("纸张方向：", landscape)], "生成"):
        return None
    chosen = dict(starts_on=start.date().toPython(), days=days.value(), phone=phone.text(),
                  landscape_page=landscape.isChecked())  # read here: the build runs in the background
    return produce(parent, "时长积分公示", lambda out: notices.print_notice(store, year, month, out, **chosen).pages,
                   path, open_after=open_after)
