"""Small pieces the dialogs share."""

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QWidget,
)

from stationdesk.errors import UserError, explain
from stationdesk.ui.style import primary, set_role

OK, CANCEL = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel


def dialog_buttons(dialog: QDialog, ok_text: str, *, on_ok=None) -> QDialogButtonBox:
    """OK/取消 in Chinese (Qt's own words depend on an installed translation); OK runs `on_ok` or accepts."""
    buttons = QDialogButtonBox(OK | CANCEL)
    primary(buttons.button(OK)).setText(ok_text)
    buttons.button(CANCEL).setText("取消")
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


SEARCH_DELAY_MS = 60  # coalesces fast typing into one query; each is a few ms of SQL


def when_typing_pauses(signal, slot, parent: QObject, delay_ms: int = SEARCH_DELAY_MS) -> QTimer:
    """Call `slot()` once `signal` (a text box's textChanged) has been quiet for `delay_ms`: a search box
    queries once per pause in typing, not once per character (a county's roster costs ~100 ms a query)."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(delay_ms)
    timer.timeout.connect(slot)
    signal.connect(timer.start)
    return timer


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


class FormDialog(QDialog):
    """A small modal form of (label, field) rows. `submit` runs on OK while the form is still open: a
    UserError (or an explained storage error) shows in red under the fields and the form stays, with
    what was typed. `fields` maps each label to its field, so a test can fill the real form."""

    def __init__(self, parent, title: str, rows: list[tuple[str, QWidget]], ok_text: str = "确定", *, submit=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.fields = {label.rstrip("：*"): field for label, field in rows}
        self.submit = submit
        form = QFormLayout(self)
        for label, field in rows:
            form.addRow(label, field)
        self.message = form_message()
        form.addRow(self.message)
        form.addRow(dialog_buttons(self, ok_text, on_ok=self.ok))

    def ok(self) -> None:
        if self.submit is None or submitted(self.submit, self.message):
            self.accept()


def form_message() -> QLabel:
    """The red line under a form's fields where a refusal shows (hidden until there is one)."""
    message = QLabel()
    message.setObjectName("formMessage")
    set_role(message, "error")
    message.setWordWrap(True)
    message.hide()
    return message


def submitted(submit, message: QLabel) -> bool:
    """Run a form's `submit()` while the form is open: True when it succeeded; on a refusal (a UserError,
    or a storage error explained in Chinese) False, with the reason shown in `message`."""
    try:
        submit()
    except Exception as exc:
        text = str(exc) if isinstance(exc, UserError) else explain(exc)
        if text is None:
            raise
        message.setText(text)
        message.show()
        return False
    return True


def form_dialog(parent, title: str, rows: list[tuple[str, QWidget]], ok_text: str = "确定", *, submit=None) -> bool:
    """Show a FormDialog; True when the user pressed OK (and `submit()`, if given, succeeded). The caller
    reads the fields."""
    dialog = FormDialog(parent, title, rows, ok_text, submit=submit)
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
    set_role(label, "empty")
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
    seen. Subclasses implement `refresh()` and start it by clearing `_stale`, and name in `shows` the
    kinds of record they show (services.changes.KINDS; None: a page of everything, like 统计)."""

    shows: frozenset[str] | None = None
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

    def touched_by(self, kinds: frozenset[str] | None) -> bool:
        """Whether a write of `kinds` (None: cannot tell) changes what this page shows."""
        return kinds is None or self.shows is None or bool(kinds & self.shows)

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError


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
