import subprocess
from datetime import date, datetime
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter

from stationdesk.reports.roster import build_roster
from stationdesk.services import roster
from stationdesk.ui.pdf_preview import PdfPreviewDialog, print_pdf, printout_path, produce


def test_preview_shows_every_page_and_saves_a_copy(demo_store, qtbot, tmp_path):
    pdf = tmp_path / "roster.pdf"
    build_roster(roster.search(demo_store, ""), pdf, station="站", printed_at=datetime(2026, 1, 1))
    dialog = PdfPreviewDialog(pdf, "志愿者花名册")
    qtbot.addWidget(dialog)
    assert dialog.page_count == 2 and dialog.summary.text() == "共 2 页"
    copy = dialog.save_as(str(tmp_path / "copy.pdf"))
    assert (tmp_path / "copy.pdf").read_bytes() == pdf.read_bytes() and "已保存" in dialog.summary.text()
    assert copy


def test_printing_sends_every_page_to_the_printer(demo_store, qapp, tmp_path):
    pdf = tmp_path / "roster.pdf"
    build_roster(roster.search(demo_store, ""), pdf, station="站", printed_at=datetime(2026, 1, 1))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a "printer" that writes what it receives
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(150)
    assert print_pdf(pdf, printer) == 2
    info = subprocess.run(["pdfinfo", str(tmp_path / "printed.pdf")], capture_output=True, text=True).stdout
    assert "Pages:           2" in info


def test_printouts_go_to_the_users_own_folder(qapp, tmp_path, monkeypatch):
    from stationdesk.ui import pdf_preview

    monkeypatch.setattr(pdf_preview, "data_dir", lambda: tmp_path)
    path = printout_path("签到表-重阳节敬老活动-2026-10-29")
    assert path == tmp_path / "printouts" / "签到表-重阳节敬老活动-2026-10-29.pdf"
    path.write_bytes(b"%PDF")  # a name that is taken (the printout is still open elsewhere) is numbered
    assert printout_path("签到表-重阳节敬老活动-2026-10-29").name == "签到表-重阳节敬老活动-2026-10-29 (2).pdf"
    assert printout_path('统计表/2026:全年?').name == "统计表_2026_全年_.pdf"
    made = produce(None, "签到表", lambda out: build_roster([], out, station="站", printed_at=datetime(2026, 1, 1)),
                   open_after=False)
    assert made and Path(made).name == f"签到表-{date.today().isoformat()}.pdf"


def _landscape_pdf(path, pages: int):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    sheet = canvas.Canvas(str(path), pagesize=landscape(A4))
    for number in range(pages):
        sheet.drawString(100, 100, f"page {number + 1}")
        sheet.showPage()
    sheet.save()


def test_preview_fits_a_landscape_page_and_zooms(qtbot, tmp_path):
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent

    pdf = tmp_path / "honours.pdf"
    _landscape_pdf(pdf, 12)
    dialog = PdfPreviewDialog(pdf, "荣誉证书")
    qtbot.addWidget(dialog)
    assert dialog.labels[0].height() < dialog.height() - 60, "a landscape page opens whole"
    dialog.resize(900, 700)
    dialog.show()
    dialog.fit_width()
    qtbot.waitUntil(lambda: bool(dialog.drawn))
    first = dialog.labels[0]
    assert first.width() <= dialog.view.viewport().width(), "the whole page's width is in view"
    assert dialog.zoom < 1 and dialog.zoom_label.text() == f"{round(dialog.zoom * 100)}%"
    # Only pages near the view are drawn; the rest wait for the scroll.
    assert 0 in dialog.drawn and len(dialog.drawn) < 12
    assert dialog.labels[11].pixmap().isNull()
    dialog.view.verticalScrollBar().setValue(dialog.view.verticalScrollBar().maximum())
    assert 11 in dialog.drawn and 0 not in dialog.drawn
    fitted = dialog.zoom
    dialog.step_zoom(1)
    assert dialog.zoom > fitted and first.width() > dialog.view.viewport().width() * 0.9
    wheel = QWheelEvent(QPointF(10, 10), QPointF(10, 10), QPoint(0, 0), QPoint(0, -120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    zoomed = dialog.zoom
    dialog.eventFilter(dialog.view.viewport(), wheel)
    assert dialog.zoom < zoomed
    for _ in range(20):
        dialog.step_zoom(-1)
    assert dialog.zoom == PdfPreviewDialog.ZOOMS[0]
