"""Start the GUI: the application object, the bundled font, the database, the main window."""

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from stationdesk import APP_NAME
from stationdesk.paths import resource
from stationdesk.reports.fonts import FONT_FILES
from stationdesk.ui.style import install_style


def make_application(argv=None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName("StationDesk")  # where QSettings keeps the window's size on this PC
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    # Calendars and date fields speak Chinese (九月, 周一) whatever the PC's own locale is.
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    install_translations(app)
    install_font(app)
    install_style(app)
    icon = resource("icons/stationdesk.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def install_translations(app: QApplication) -> bool:
    """Qt's own words in Chinese — file dialogs (查找范围, 文件名, 打开), message box and print dialog
    buttons — from the qtbase translation that ships inside PySide6. True when it loaded."""
    if app.property("stationdesk_translated"):
        return True
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder):
        return False
    app.installTranslator(translator)
    app.installTranslator(_MissingWords(app))  # asked first: Qt's own words its Chinese file lacks
    app.setProperty("stationdesk_translated", True)
    return True


MISSING_WORDS = {("QFileDialog", "&Look in:"): "查找范围(&L)：", ("QFileDialog", "Files of &type:"): "文件类型(&T)："}


class _MissingWords(QTranslator):
    """The few Qt 6 strings qtbase_zh_CN.qm does not translate (Qt 6 added mnemonics to the file
    dialog's labels, the translation still has the Qt 5 wording): without these the non-native file
    dialog says "Look in:" and "Files of type:"."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return MISSING_WORDS.get((context, source))  # None: not here (an empty text would be taken as the word)

    def isEmpty(self) -> bool:
        return False


def install_font(app: QApplication) -> None:
    """Use the bundled CJK font, so no PC (or CI machine) shows boxes instead of Chinese, and the bundled
    rare-character and emoji fonts after it, so 王䶮, 𠮷田, 李㔰 and 😀 show whole in every widget (Qt falls
    back per character along the family list, in the order the printouts try them)."""
    families = []
    for file in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(resource(file)))
        families += QFontDatabase.applicationFontFamilies(font_id)[:1] if font_id >= 0 else []
    if families:
        font = QFont(families[0], 10)
        font.setFamilies(families)
        app.setFont(font)


def run(db_path: Path) -> int:
    """The window paints first, then opens the database (a migration and its backup can take a while on
    a big one: the operator sees the window say so instead of nothing)."""
    from stationdesk.ui.main_window import MainWindow

    app = make_application()
    window = MainWindow(db_path=db_path)
    window.show()
    try:
        code = app.exec()
    finally:
        if window.store is not None:
            window.store.close()
    return window.exit_code or code
