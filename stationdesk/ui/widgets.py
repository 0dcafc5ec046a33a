"""Small pieces the dialogs share."""

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStyle,
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


class FlowLayout(QLayout):
    """A row of controls that wraps onto further lines when its width runs out, like words in a paragraph:
    at 1024×768 with 125 % scaling (about 600 pixels beside the navigation) a page's buttons take two
    lines instead of scrolling sideways. Its height follows its width (heightForWidth), so the layout it
    sits in gives it the lines it needs. On a line, a control whose horizontal size policy expands (a
    search box) takes the spare width. Written for where a QHBoxLayout was: `addStretch` is accepted and
    does nothing (a flow is left-aligned)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []

    # -- the QLayout interface --------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def addStretch(self, stretch: int = 0) -> None:
        """Nothing: kept so a row written for QHBoxLayout reads the same."""

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal if any(self._expands(i) for i in self._shown()) else Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """Everything on one line."""
        shown = self._shown()
        left, top, right, bottom = self.getContentsMargins()
        width = sum(i.sizeHint().width() for i in shown) + self._gap(Qt.Orientation.Horizontal) * max(len(shown) - 1, 0)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width + left + right, height + top + bottom)

    def minimumSize(self) -> QSize:
        """As narrow as its widest control; the height of one line (the rest comes from heightForWidth)."""
        shown = self._shown()
        left, top, right, bottom = self.getContentsMargins()
        width = max((i.minimumSize().width() for i in shown), default=0)
        height = max((i.minimumSize().height() for i in shown), default=0)
        return QSize(width + left + right, height + top + bottom)

    # -- arranging --------------------------------------------------------------------------------------
    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]  # a hidden control takes no room

    @staticmethod
    def _expands(item: QLayoutItem) -> bool:
        widget = item.widget()
        return widget is not None and bool(widget.sizePolicy().horizontalPolicy().value & QSizePolicy.PolicyFlag.ExpandFlag.value)

    def _gap(self, orientation: Qt.Orientation) -> int:
        if self.spacing() >= 0:
            return self.spacing()
        parent = self.parentWidget()
        metric = (QStyle.PixelMetric.PM_LayoutHorizontalSpacing if orientation == Qt.Orientation.Horizontal
                  else QStyle.PixelMetric.PM_LayoutVerticalSpacing)
        gap = parent.style().pixelMetric(metric, None, parent) if parent is not None else -1
        return gap if gap >= 0 else 6

    def _lines(self, width: int) -> list[list[tuple[QLayoutItem, int]]]:
        """The controls line by line, each with its width (its size hint, no wider than the line)."""
        gap = self._gap(Qt.Orientation.Horizontal)
        lines: list[list[tuple[QLayoutItem, int]]] = []
        used = 0
        for item in self._shown():
            w = max(min(item.sizeHint().width(), width), item.minimumSize().width())
            if lines and lines[-1] and used + gap + w <= width:
                lines[-1].append((item, w))
                used += gap + w
            else:
                lines.append([(item, w)])
                used = w
        return lines

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the controls in `rect` (when `move`); returns the height they take."""
        left, top, right, bottom = self.getContentsMargins()
        area = rect.adjusted(left, top, -right, -bottom)
        gap, line_gap = self._gap(Qt.Orientation.Horizontal), self._gap(Qt.Orientation.Vertical)
        y = area.y()
        for n, line in enumerate(self._lines(area.width())):
            height = max(item.sizeHint().height() for item, _ in line)
            if n:
                y += line_gap
            if move:
                spare = area.width() - sum(w for _, w in line) - gap * (len(line) - 1)
                growing = [item for item, _ in line if self._expands(item)]
                x = area.x()
                for item, w in line:
                    if item in growing and spare > 0:
                        w += spare // len(growing)
                    h = min(max(item.sizeHint().height(), item.minimumSize().height()), height)
                    item.setGeometry(QRect(QPoint(x, y + (height - h) // 2), QSize(w, h)))
                    x += w + gap
            y += height
        return y - area.y() + top + bottom


PANE_MIN = 240  # the narrowest a splitter's pane gets: its buttons wrap, its table scrolls


def labelled(label: str, field: QWidget) -> QWidget:
    """A label and its field kept together on one line of a FlowLayout (年份： and its box never part)."""
    pair = QWidget()
    row = QHBoxLayout(pair)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(QLabel(label))
    row.addWidget(field)
    return pair


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


def button_row(*specs, height: int | None = None) -> "FlowLayout":
    """A wrapping row of buttons, one per (text, slot[, tip])."""
    row = FlowLayout()
    add_buttons(row, specs, height=height)
    return row


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


def action_row(main: list[tuple], more: list[tuple] = (), *, table: QWidget | None = None,
               lead: tuple[QWidget, ...] = ()) -> FlowLayout:
    """Buttons for a page's main jobs and the rest under 更多 ▾, in a row that wraps when the page is
    narrow; `lead` widgets (a year box) come first. With `table`, every job is also on its right-click
    menu. Entries are (text, slot) or (text, slot, tip)."""
    row = FlowLayout()
    for widget in lead:
        row.addWidget(widget)
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

    def heightForWidth(self, width: int) -> int:
        """The height the page needs at `width` (its wrapped rows' lines, its tables at their smallest) —
        not the height it would like (Qt's box layouts answer that): the window's scroll area takes this
        as the page's least height, and its stack asks every page, so a hidden one answers nothing."""
        layout = self.layout()
        if self.isHidden() or layout is None or not layout.hasHeightForWidth():
            return -1
        return max(layout.totalMinimumHeightForWidth(width), self.minimumHeight())

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
