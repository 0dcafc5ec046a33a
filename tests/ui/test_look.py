"""The design system (ui/style), 首页's dashboard and Qt's own dialogs in Chinese."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QTableView

from stationdesk.ui import style
from stationdesk.ui.main_window import STATS, VOLUNTEERS, MainWindow


def test_a_file_dialog_speaks_chinese(qapp, qtbot):
    from stationdesk.ui.app import install_translations

    assert install_translations(qapp)
    dialog = QFileDialog(None, "导出花名册")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own dialog: the one Linux offices see
    qtbot.addWidget(dialog)
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    assert labels["lookInLabel"].startswith("查找范围")
    assert labels["fileNameLabel"].startswith("文件名")
    assert labels["fileTypeLabel"].startswith("文件类型")
    assert not any("Look in" in text or "Files of type" in text for text in labels.values())


def test_the_style_has_one_accent_flat_buttons_without_bitmap_icons_and_alternating_rows(qapp, qtbot):
    from stationdesk.ui.widgets import FormDialog

    style.install_style(qapp)
    assert style.ACCENT in qapp.styleSheet() and qapp.property("stationdesk_styled")
    dialog = FormDialog(None, "测试", [("姓名", QLabel("王䶮"))], "保存")
    qtbot.addWidget(dialog)
    dialog.show()
    box = dialog.findChild(QDialogButtonBox)
    ok, cancel = box.button(QDialogButtonBox.StandardButton.Ok), box.button(QDialogButtonBox.StandardButton.Cancel)
    assert ok.property("primary") is True and not cancel.property("primary")
    assert ok.icon().isNull() or not box.style().styleHint(box.style().StyleHint.SH_DialogButtonBox_ButtonsHaveIcons,
                                                            None, box)
    table = QTableView()
    qtbot.addWidget(table)
    table.ensurePolished()
    assert table.alternatingRowColors() and table.textElideMode() == Qt.TextElideMode.ElideMiddle
    for name in ("home", "volunteers", "settings", "chevron-down"):
        assert not style.icon(name).isNull(), name


def test_home_shows_figure_cards_that_open_their_pages(demo_store, qtbot):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    home = window.home
    assert home.cards["volunteers"].figure.text().startswith("60")  # read before the first paint
    assert home.cards["activities"].figure.text() == "…"  # the month's figures come after it
    window.show()
    qtbot.waitUntil(lambda: "正在整理" not in home.attention.text())
    assert all(card.figure.text() != "…" for card in home.cards.values())
    assert home.cards["requests"].figure.property("state") in ("behind", "done")
    assert len(home.chart.months) == 12 and home.chart.months[-1][0] == f"{date.today():%Y-%m}"
    home.cards["volunteers"].click()
    assert window.nav.currentRow() == VOLUNTEERS
    home.cards["hours"].click()  # the month's hours: 统计 for this month
    assert window.nav.currentRow() == STATS
    assert (window.stats.year.currentData(), window.stats.month.currentData()) == (date.today().year, date.today().month)
    qtbot.waitUntil(lambda: not window.stats.counting())
