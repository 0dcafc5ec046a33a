"""In-app preview of a printout with 打印 and 另存为 — the same for every PDF the app makes.

Pages are rendered with PDFium (pypdfium2: small, no Qt add-ons needed) for the screen and again at
the printer's resolution for paper, so what is printed is the very PDF that was previewed.
"""

import os
import shutil
import time
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from stationdesk.files import suggested_path
from stationdesk.paths import data_dir
from stationdesk.ui import style
from stationdesk.ui.errors import warn
from stationdesk.ui.widgets import fit_to_screen

PREVIEW_DPI = 96
MAX_PREVIEW_PAGES = 40
PRINT_DPI_CAP = 300  # enough for text and photos; more only makes the spool file huge
KEEP_PRINTOUTS_DAYS = 7


def printout_path(kind: str) -> Path:
    """A fresh file in the app's printouts folder (personal data stays in the user's own folder);
    printouts older than a week are removed."""
    folder = data_dir() / "printouts"
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - KEEP_PRINTOUTS_DAYS * 86400
    for old in folder.glob("*.pdf"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    return suggested_path(folder, f"{kind}-{datetime.now():%Y%m%d-%H%M%S-%f}.pdf")


def _page_image(page, dpi: float) -> QImage:
    bitmap = page.render(scale=dpi / 72).to_pil().convert("RGB")
    width, height = bitmap.size
    return QImage(bitmap.tobytes("raw", "RGB"), width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def print_pdf(path: str | Path, printer: QPrinter) -> int:
    """Send every page of the PDF to `printer`; returns the number of pages printed."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("无法连接打印机")
        try:
            dpi = min(printer.resolution(), PRINT_DPI_CAP)
            for index in range(len(pdf)):
                if index:
                    printer.newPage()
                image = _page_image(pdf[index], dpi)
                target = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
                target.moveTo(0, 0)
                scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(target.x(), target.y(), image.scaled(scaled, Qt.AspectRatioMode.KeepAspectRatio,
                                                                       Qt.TransformationMode.SmoothTransformation))
        finally:
            painter.end()
        return len(pdf)
    finally:
        pdf.close()


class PdfPreviewDialog(QDialog):
    def __init__(self, path: str | Path, title: str, parent=None):
        super().__init__(parent)
        import pypdfium2 as pdfium

        self.path = Path(path)
        self.setWindowTitle(f"{title} — 打印预览")
        fit_to_screen(self, 900, 1000)
        pages = QWidget()
        column = QVBoxLayout(pages)
        pdf = pdfium.PdfDocument(str(self.path))
        self.page_count = len(pdf)
        try:
            for index in range(min(self.page_count, MAX_PREVIEW_PAGES)):
                label = QLabel()
                label.setPixmap(QPixmap.fromImage(_page_image(pdf[index], PREVIEW_DPI)))
                label.setStyleSheet(f"border: 1px solid {style.BORDER_STRONG}; background: white;")
                column.addWidget(label, alignment=Qt.AlignmentFlag.AlignHCenter)
        finally:
            pdf.close()
        if self.page_count > MAX_PREVIEW_PAGES:
            column.addWidget(QLabel(f"（只预览前 {MAX_PREVIEW_PAGES} 页，打印和另存为包含全部 {self.page_count} 页）"))
        scroll = QScrollArea()
        scroll.setWidget(pages)
        scroll.setWidgetResizable(True)
        scroll.setStyleSheet(f"QScrollArea {{ background: {style.DESK}; }}")
        self.summary = QLabel(f"共 {self.page_count} 页")
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary)
        buttons.addStretch(1)
        for text, slot in (("打印…", self.print_), ("另存为…", self.save_as), ("用其他程序打开", self.open_external),
                           ("关闭", self.accept)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_)

    def print_(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            pages = print_pdf(self.path, printer)
        except OSError as exc:
            warn(self, "打印失败", f"{exc}。请检查打印机是否已连接并开机。")
            return
        self.summary.setText(f"已发送 {pages} 页到打印机")

    def save_as(self, target: str | None = None) -> str | None:
        if not target:
            target, _ = QFileDialog.getSaveFileName(self, "另存为", str(suggested_path(Path.home(), self.path.name)), "PDF 文件 (*.pdf)")
        if not target:
            return None
        try:
            shutil.copyfile(self.path, target)
            if os.name == "posix":
                os.chmod(target, 0o600)
        except OSError as exc:
            warn(self, "保存失败", f"无法保存到 {target}：{exc.strerror or exc}")
            return None
        self.summary.setText(f"已保存：{target}")
        return target

    def open_external(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))


def produce(parent: QWidget, kind: str, build, path: str | Path | None = None, *, open_after: bool = True,
            progress: tuple[str, object] | None = None) -> str | None:
    """Build a printout with `build(path) -> page count` (into the printouts folder unless `path` is given),
    then show it in the preview, from where it is printed or saved.

    The build runs in the background, the window painting meanwhile, behind a progress dialog with 取消
    that appears once it has taken 0.3 s (nothing is left half-written: the PDF is only renamed into place
    when whole). With `progress` = (text, store) it is called as `build(path, report)` and moves the bar;
    otherwise it reads through the parent page's `store` (its own connection in the job). A parent without
    one (the 汇总 window's county database) builds here. Returns the path, or None on failure or cancel."""
    from stationdesk.ui.background import run_with_progress
    from stationdesk.ui.errors import reported

    path = str(path or printout_path(kind))
    store = progress[1] if progress else getattr(parent, "store", None)
    with reported(parent, f"生成{kind}失败"):
        if store is None:
            build(path)
        else:
            work = (lambda report: build(path, report) or True) if progress else (lambda report: build(path) or True)
            if run_with_progress(parent, f"生成{kind}", progress[0] if progress else f"正在生成{kind}…", work,
                                 store=store) is None:
                return None
        if open_after:
            PdfPreviewDialog(path, kind, parent).exec()
        return path
    return None
