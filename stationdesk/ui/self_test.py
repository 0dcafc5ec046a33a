"""The GUI half of `--self-test`: the window builds and paints offscreen with the bundled font."""

import os


def check_window(store, pdf_path) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QFontDatabase

    from stationdesk.paths import resource
    from stationdesk.reports.fonts import FONT_FILE
    from stationdesk.ui.app import make_application
    from stationdesk.ui.main_window import VOLUNTEERS, MainWindow

    app = make_application()
    assert app.property("stationdesk_translated"), "Qt's Chinese translation (qtbase_zh_CN.qm) is missing"
    font_id = QFontDatabase.addApplicationFont(str(resource(FONT_FILE)))
    assert font_id >= 0, "bundled font did not load"
    window = MainWindow(store)
    window.nav.setCurrentRow(VOLUNTEERS)
    window.show()
    app.processEvents()
    image = window.grab().toImage()
    assert not image.isNull() and image.width() > 600, "main window did not paint"
    rows = window.volunteers.model.rowCount()
    window.close()
    from stationdesk.ui.pdf_preview import PdfPreviewDialog

    preview = PdfPreviewDialog(pdf_path, "自检")
    assert preview.page_count >= 1, "PDF preview rendered no page"
    preview.close()
    return f"窗口 {image.width()}×{image.height()}（Qt 中文界面），花名册 {rows} 人，打印预览 {preview.page_count} 页"
