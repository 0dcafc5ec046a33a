"""Small pieces the dialogs share."""

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QWidget,
)

from stationdesk.errors import UserError, explain

ID_ROLE = Qt.ItemDataRole.UserRole
OK, CANCEL = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel


def dialog_buttons(dialog: QDialog, ok_text: str, *, on_ok=None) -> QDialogButtonBox:
    """OK/取消 in Chinese (Qt's own words depend on an installed translation); OK runs `on_ok` or accepts."""
    buttons = QDialogButtonBox(OK | CANCEL)
    buttons.button(OK).setText(ok_text)
    buttons.button(CANCEL).setText("取消")
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, fn):
        super().__init__(widget)
        self.fn = fn
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.fn)
            self.deleteLater()
        return False


def after_first_paint(widget: QWidget, fn) -> None:
    """Run `fn` once `widget` has painted for the first time: work a person need not wait for to see it."""
    _FirstPaint(widget, fn)


def add_buttons(layout, specs, *, height: int | None = None) -> None:
    """Append a button per (text, slot) or (text, slot, tooltip) to `layout`."""
    for text, slot, *tip in specs:
        button = QPushButton(text)
        if tip and tip[0]:
            button.setToolTip(tip[0])
        if height:
            button.setMinimumHeight(height)
        button.clicked.connect(slot)
        layout.addWidget(button)


def form_dialog(parent, title: str, rows: list[tuple[str, QWidget]], ok_text: str = "确定", *, submit=None) -> bool:
    """A small modal form of (label, field) rows; True when the user pressed OK (and `submit()`, if given,
    succeeded). The caller reads the fields. `submit` runs while the form is still open: a UserError (or
    an explained storage error) shows in red under the fields and the form stays, with what was typed."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumWidth(420)
    form = QFormLayout(dialog)
    for label, field in rows:
        form.addRow(label, field)
    message = QLabel()
    message.setObjectName("formMessage")
    message.setStyleSheet("color: #c0392b;")
    message.setWordWrap(True)
    message.hide()
    form.addRow(message)

    def ok():
        if submit is not None:
            try:
                submit()
            except Exception as exc:
                text = str(exc) if isinstance(exc, UserError) else explain(exc)
                if text is None:
                    raise
                message.setText(text)
                message.show()
                return
        dialog.accept()

    form.addRow(dialog_buttons(dialog, ok_text, on_ok=ok))
    accepted = bool(dialog.exec())
    dialog.deleteLater()  # after the caller has read the fields (deletion waits for the event loop)
    return accepted


# Office PCs are still often 1366×768; a taskbar leaves about 1366×728 for windows.
SCREEN_SHARE_W, SCREEN_SHARE_H = 0.96, 0.90


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Size `widget` as asked, but never past the free area of its screen: buttons at the bottom of a
    preview or a form must stay on screen."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    free = screen.availableGeometry()
    widget.resize(min(width, int(free.width() * SCREEN_SHARE_W)), min(height, int(free.height() * SCREEN_SHARE_H)))


def action_row(main: list[tuple], more: list[tuple] = (), *, table: QWidget | None = None) -> QHBoxLayout:
    """Buttons for a page's main jobs and the rest under 更多 ▾, so a row fits a 1366-pixel screen; with
    `table`, every job is also on its right-click menu. Entries are (text, slot) or (text, slot, tip)."""
    row = QHBoxLayout()
    add_buttons(row, main)
    if more:
        button = QToolButton()
        button.setText("更多")
        button.setObjectName("moreActions")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        for text, slot, *tip in more:
            menu.addAction(text, slot).setToolTip(tip[0] if tip else "")
        button.setMenu(menu)
        row.addWidget(button)
    if table is not None:
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, slot, *_ in (*main, *more):
            action = QAction(text, table)
            action.triggered.connect(slot)
            table.addAction(action)
    return row


def empty_hint(text: str, buttons: list[tuple]) -> QWidget:
    """What an empty page says to do first, with a button for each first step; hidden until empty."""
    hint = QWidget()
    hint.setObjectName("emptyHint")
    row = QHBoxLayout(hint)
    label = QLabel(text)
    label.setStyleSheet("font-size: 15px; color: #555;")
    row.addWidget(label)
    add_buttons(row, buttons, height=36)
    row.addStretch(1)
    hint.hide()
    return hint


def confirm(parent, title: str, text: str) -> bool:
    """Yes/No before anything that cannot be undone in one click."""
    return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes


class LazyPage(QWidget):
    """A page that queries nothing until it is shown, and after a change elsewhere refreshes when next
    seen. Subclasses implement `refresh()` and start it by clearing `_stale`."""

    changed = Signal()  # this page wrote something
    status_message = Signal(str)  # for the window's status bar
    action = Signal(str)  # a job the window does (e.g. "import"), asked for by an empty page's hint

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError


def read_only_table(headers: list[str], *, stretch: int = -1) -> QTableWidget:
    """A row-selecting, read-only table; column `stretch` (default: the last) takes the spare width."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(stretch % len(headers), QHeaderView.ResizeMode.Stretch)
    return table


def year_combo(*, years: int = 10, everything: str | None = None) -> QComboBox:
    """This year and the `years` - 1 before it, newest first (with an "all years" entry first when
    `everything` names it); starts on this year."""
    combo = QComboBox()
    if everything:
        combo.addItem(everything, None)
    this_year = date.today().year
    for y in range(this_year, this_year - years, -1):
        combo.addItem(f"{y} 年", y)
    combo.setCurrentIndex(combo.findData(this_year))
    return combo


def date_edit(value: date | None = None) -> QDateEdit:
    """A yyyy-MM-dd field with a calendar, set to `value` (today by default)."""
    edit = QDateEdit(QDate(value or date.today()))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def fill_table(table: QTableWidget, rows: list[tuple[int, list[str]]], colours: list[str | None] | None = None,
               *, numbers: tuple[int, ...] = ()) -> None:
    """Rows of (id, texts); the selection stays on the same id across refreshes, else the first row.
    Columns in `numbers` are right-aligned, so amounts line up."""
    keep = selected_id(table)
    table.setRowCount(len(rows))
    for r, (row_id, values) in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setData(ID_ROLE, row_id)
            if colours and colours[r]:
                item.setBackground(QColor(colours[r]))
            if c in numbers:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
        if row_id == keep:
            table.selectRow(r)
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    for column in range(header.count()):  # on a shown table the stretch column only re-stretches when set again
        if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    if rows and table.currentRow() < 0:
        table.selectRow(0)


def select_id(table: QTableWidget, row_id: int) -> bool:
    """Select and show the row holding `row_id`; False when the table does not have it."""
    for r in range(table.rowCount()):
        item = table.item(r, 0)
        if item is not None and item.data(ID_ROLE) == row_id:
            table.selectRow(r)
            table.scrollToItem(item)
            return True
    return False


def selected_id(table: QTableWidget) -> int | None:
    item = table.item(table.currentRow(), 0) if table.currentRow() >= 0 else None
    return item.data(ID_ROLE) if item else None
