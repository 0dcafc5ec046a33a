"""In-app preview of a printout with 打印 and 另存为 — the same for every PDF the app makes.

Pages are rendered with PDFium (pypdfium2: small, no Qt add-ons needed) for the screen and again at
the printer's resolution for paper, so what is printed is the very PDF that was previewed.
"""

import os
import shutil
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl
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


def printout_path(name: str, suffix: str = ".pdf") -> Path:
    """A fresh file named `name` + `suffix` (what it is: 签到表-重阳节敬老活动-2026-10-29) in the app's printouts
    folder — personal data stays in the user's own folder — numbered " (2)", " (3)"… as Windows does when that name is taken;
    printouts older than a week are removed."""
    folder = data_dir() / "printouts"
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - KEEP_PRINTOUTS_DAYS * 86400
    for old in folder.glob("*.pdf"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    path = suggested_path(folder, f"{name}{suffix}")
    number = 2
    while path.exists():
        path = suggested_path(folder, f"{name} ({number}){suffix}")
        number += 1
    return path


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
    """Every page (up to MAX_PREVIEW_PAGES), first at a zoom that fits the page's width to the window (a
    landscape page, a certificate, is fitted whole); 放大/缩小 (Ctrl+= / Ctrl+-, Ctrl+wheel), 适合宽度, 整页.
    Only the pages in view are drawn (40 pages at 300 % would be a gigabyte of pixels)."""

    ZOOMS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.25, 1.5, 2.0, 3.0)

    def __init__(self, path: str | Path, title: str, parent=None):
        super().__init__(parent)
        import pypdfium2 as pdfium

        self.path = Path(path)
        self.setWindowTitle(f"{title} — 打印预览")
        fit_to_screen(self, 900, 1000)
        self.pdf = pdfium.PdfDocument(self.path.read_bytes())  # in memory: the file is not held open
        self.page_count = len(self.pdf)
        self.pages = QWidget()
        self.column = QVBoxLayout(self.pages)
        self.labels = []
        for _ in range(min(self.page_count, MAX_PREVIEW_PAGES)):
            label = QLabel()
            label.setStyleSheet(f"border: 1px solid {style.BORDER_STRONG}; background: white;")
            self.column.addWidget(label, alignment=Qt.AlignmentFlag.AlignHCenter)
            self.labels.append(label)
        if self.page_count > MAX_PREVIEW_PAGES:
            self.column.addWidget(QLabel(f"（只预览前 {MAX_PREVIEW_PAGES} 页，打印和另存为包含全部 {self.page_count} 页）"))
        self.view = QScrollArea()
        self.view.setWidget(self.pages)
        self.view.setWidgetResizable(True)
        self.view.setStyleSheet(f"QScrollArea {{ background: {style.DESK}; }}")
        self.view.viewport().installEventFilter(self)
        self.view.verticalScrollBar().valueChanged.connect(self.draw_visible)
        self.summary = QLabel(f"共 {self.page_count} 页")
        self.zoom_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary)
        buttons.addStretch(1)
        for text, slot, tip in (("－", lambda: self.step_zoom(-1), "缩小（Ctrl+-）"),
                                ("＋", lambda: self.step_zoom(1), "放大（Ctrl+=）"),
                                ("适合宽度", self.fit_width, "页面宽度放进窗口"),
                                ("整页", lambda: self.fit(whole_page=True), "一整页放进窗口")):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            if text == "－":
                buttons.addWidget(self.zoom_label)
        for text, slot in (("打印…", self.print_), ("另存为…", self.save_as), ("用其他程序打开", self.open_external),
                           ("关闭", self.accept)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, activated=lambda: self.step_zoom(1))
        QShortcut(QKeySequence("Ctrl+="), self, activated=lambda: self.step_zoom(1))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, activated=lambda: self.step_zoom(-1))
        self.zoom = 0.0
        self.drawn: set[int] = set()
        first = self.pdf[0] if self.page_count else None  # a landscape page (a certificate) is seen whole
        self.fit(whole_page=bool(first) and first.get_width() > first.get_height())

    def fit_width(self) -> None:
        self.fit(whole_page=False)

    def fit(self, *, whole_page: bool) -> None:
        """The zoom at which the widest page fills the visible width — and with `whole_page` the tallest its
        height too — never past 100 % (the page's own size)."""
        if not self.labels:
            return
        shown = [self.pdf[index] for index in range(len(self.labels))]
        zoom = max(self.width() - 60, 200) / (max(page.get_width() for page in shown) * PREVIEW_DPI / 72)
        if whole_page:  # the room left by the buttons below, the scroll area's frame and the page border
            room = max(self.height() - 90, 200) / (max(page.get_height() for page in shown) * PREVIEW_DPI / 72)
            zoom = min(zoom, room)
        self.set_zoom(min(1.0, zoom))

    def step_zoom(self, direction: int) -> None:
        larger = [z for z in self.ZOOMS if z > self.zoom + 1e-3]
        smaller = [z for z in self.ZOOMS if z < self.zoom - 1e-3]
        steps = larger[:1] if direction > 0 else smaller[-1:]
        if steps:
            self.set_zoom(steps[0])

    def set_zoom(self, zoom: float) -> None:
        if abs(zoom - self.zoom) < 1e-3:
            return
        self.zoom = zoom
        scale = PREVIEW_DPI * zoom / 72
        for index, label in enumerate(self.labels):
            page = self.pdf[index]
            label.clear()
            label.setFixedSize(round(page.get_width() * scale) + 2, round(page.get_height() * scale) + 2)
        self.drawn.clear()
        self.zoom_label.setText(f"{round(zoom * 100)}%")
        self.pages.adjustSize()
        QTimer.singleShot(0, self.draw_visible)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.draw_visible)

    def done(self, result: int) -> None:
        self.pdf.close()  # closed with the dialog, not left to the end of the program
        super().done(result)

    def draw_visible(self) -> None:
        """Draw the pages within a screen of the view (while it is shown); forget those further away."""
        if not self.isVisible():
            return
        viewport = self.view.viewport()
        top = self.view.verticalScrollBar().value() - viewport.height()
        bottom = top + 3 * viewport.height()
        for index, label in enumerate(self.labels):
            near = label.y() + label.height() >= top and label.y() <= bottom
            if near and index not in self.drawn:
                label.setPixmap(QPixmap.fromImage(_page_image(self.pdf[index], PREVIEW_DPI * self.zoom)))
                self.drawn.add(index)
            elif not near and index in self.drawn:
                label.clear()
                self.drawn.discard(index)

    def eventFilter(self, watched, event) -> bool:
        if (event.type() == QEvent.Type.Wheel and event.modifiers() & Qt.KeyboardModifier.ControlModifier
                and event.angleDelta().y()):
            self.step_zoom(1 if event.angleDelta().y() > 0 else -1)
            return True
        return super().eventFilter(watched, event)

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
            progress: tuple[str, object] | None = None, name: str | None = None) -> str | None:
    """Build a printout with `build(path) -> page count` (into the printouts folder, as `name` — by default
    the kind and today's date — unless `path` is given), then show it in the preview, from where it is
    printed or saved (另存为 offers the same name).

    The build runs in the background, the window painting meanwhile, behind a progress dialog with 取消
    that appears once it has taken 0.3 s (nothing is left half-written: the PDF is only renamed into place
    when whole). With `progress` = (text, store) it is called as `build(path, report)` and moves the bar;
    otherwise it reads through the parent page's `store` (its own connection in the job). A parent without
    one (a test's) builds here. Returns the path, or None on failure or cancel."""
    from stationdesk.ui.background import run_with_progress
    from stationdesk.ui.errors import reported

    path = str(path or printout_path(name or f"{kind}-{date.today().isoformat()}"))
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
