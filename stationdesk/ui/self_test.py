"""The GUI half of `--self-test`: the window builds and paints offscreen with the bundled font."""

import os


def check_window(store, pdf_path, require) -> str:
    """What the window showed; `require(holds, problem)` is called for every check (explicit, so they stay
    under `python -O`) and raises at the first that does not hold."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QFontDatabase

    from stationdesk.paths import resource
    from stationdesk.reports.fonts import FONT_FILE
    from stationdesk.ui.app import make_application
    from stationdesk.ui.main_window import VOLUNTEERS, MainWindow

    app = make_application()
    require(bool(app.property("stationdesk_translated")), "缺少 Qt 的中文翻译（qtbase_zh_CN.qm）")
    font_id = QFontDatabase.addApplicationFont(str(resource(FONT_FILE)))
    require(font_id >= 0, "随附的字体没有加载")
    window = MainWindow(store)
    window.nav.setCurrentRow(VOLUNTEERS)
    window.show()
    app.processEvents()
    image = window.grab().toImage()
    require(not image.isNull() and image.width() > 600, "主窗口没有画出来")
    rows = window.volunteers.model.rowCount()
    window.close()
    from stationdesk.ui.pdf_preview import PdfPreviewDialog

    preview = PdfPreviewDialog(pdf_path, "自检")
    require(preview.page_count >= 1, "打印预览没有显示任何一页")
    preview.reject()  # closes its PDF too
    return f"窗口 {image.width()}×{image.height()}（Qt 中文界面），花名册 {rows} 人，打印预览 {preview.page_count} 页"
