"""Start the GUI: the application object, the bundled font, the database, the main window."""

import sys
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from stationdesk import APP_NAME
from stationdesk.errors import UserError
from stationdesk.paths import resource
from stationdesk.reports.fonts import FONT_FILE


def make_application(argv=None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    # Calendars and date fields speak Chinese (九月, 周一) whatever the PC's own locale is.
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    install_font(app)
    icon = resource("icons/stationdesk.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def install_font(app: QApplication) -> None:
    """Use the bundled CJK font, so no PC (or CI machine) shows boxes instead of Chinese."""
    font_id = QFontDatabase.addApplicationFont(str(resource(FONT_FILE)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if families:
        app.setFont(QFont(families[0], 10))


def run(db_path: Path) -> int:
    from stationdesk.store import open_database
    from stationdesk.ui.main_window import MainWindow

    app = make_application()
    try:
        store = open_database(db_path)
    except UserError as exc:
        QMessageBox.critical(None, "无法打开数据库", str(exc))
        return exc.exit_code
    window = MainWindow(store)
    window.show()
    window.start_background_checks()
    try:
        return app.exec()
    finally:
        store.close()
