"""The one table model of the UI: rows shown through a column spec. Lists that can reach county size
give it keys (ids in display order, from one indexed query) and it fetches rows a page at a time as a
view scrolls — a county's 100,000 accounts cost one list of ids and the few pages on screen, not
100,000 row objects nor half a million widget items. Short lists (a unit's agreements, the fund
sources) hand it their rows whole with `set_rows`.

How every table reads (issue #34): columns sized to their text between COLUMN_MIN and COLUMN_MAX, the
stretch column taking what is left; a long text elided in its middle (style.DeskStyle) and whole in its
tooltip; numbers right-aligned under a header that names the unit (时长（小时）); alternating rows; a
state column coloured by style.STATE_COLOURS; and, when there are no rows, a sentence in the table
saying what to do (`empty=`)."""

from collections import OrderedDict
from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView

from stationdesk.ui import style

KEY_ROLE = Qt.ItemDataRole.UserRole
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
COLUMN_MIN = 48  # px: no column narrower (a header is never cut: its own width counts too)
COLUMN_MAX = 260  # px: a long title or address is elided in its middle beyond this, whole in its tooltip


PAGE_SIZE = 200
CACHED_PAGES = 20


class RowsModel(QAbstractTableModel):
    """`fetch(keys)` returns the rows of those keys in that order; `key(row)` gives a row's key back."""

    def __init__(self, columns: Sequence[tuple[str, Callable]], fetch: Callable | None = None, *,
                 key: Callable = lambda row: row.id, numbers: tuple[int, ...] = (),
                 muted: Callable = lambda row: False, tint: Callable = lambda row: None,
                 states: tuple[int, Callable] | None = None, empty: str = "", parent=None):
        super().__init__(parent)
        self.muted = muted  # rows shown grey (a cancelled activity)
        self.tint = tint  # a row's background colour, or None (an overdue request)
        self.states = states  # (column, row -> a style.STATE_COLOURS key): that cell in the state's colours
        self.empty = empty  # what the table says when it has no rows: what to do first
        self.columns = list(columns)
        self.fetch = fetch
        self.key = key
        self.numbers = numbers
        self.keys: list = []
        self._pages: OrderedDict[int, list] = OrderedDict()

    def set_keys(self, keys) -> None:
        self.beginResetModel()
        self.keys = list(keys)
        self._pages.clear()
        self.endResetModel()

    def set_rows(self, rows) -> None:
        """A short list held whole: keys from the rows themselves, nothing fetched."""
        held = {self.key(row): row for row in rows}
        self.fetch = lambda keys: [held[k] for k in keys]
        self.set_keys(held)

    def row_of(self, key) -> int | None:
        """Where `key` is shown: a search in C (under a millisecond in 100,000 keys), as a refresh looks up
        one or two keys — a dictionary of them all would cost 20 ms to build each time."""
        try:
            return self.keys.index(key)
        except ValueError:
            return None

    def row(self, number: int):
        page = number // PAGE_SIZE
        if page not in self._pages:
            self._pages[page] = self.fetch(self.keys[page * PAGE_SIZE:(page + 1) * PAGE_SIZE])
            if len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        self._pages.move_to_end(page)
        return self._pages[page][number % PAGE_SIZE]

    def rowCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.keys)

    def columnCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][0]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.numbers:  # over its right-aligned figures
            return RIGHT
        return None

    def _state(self, index):
        if self.states is None or index.column() != self.states[0]:
            return None
        return style.STATE_COLOURS.get(self.states[1](self.row(index.row())))

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == KEY_ROLE:
            return self.keys[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):  # a cut-off text reads whole on hover
            return self.columns[index.column()][1](self.row(index.row()))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.numbers:
            return RIGHT
        if role == Qt.ItemDataRole.TextAlignmentRole and self.states is not None and index.column() == self.states[0]:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ForegroundRole:
            if state := self._state(index):
                return QColor(state[0])
            if self.muted(self.row(index.row())):
                return QColor(style.TEXT_DISABLED)
        if role == Qt.ItemDataRole.BackgroundRole:
            if state := self._state(index):
                return QColor(state[1])
            if colour := self.tint(self.row(index.row())):
                return QColor(colour)
        if role == Qt.ItemDataRole.FontRole and self._state(index):
            font = QFont()
            font.setBold(True)
            return font
        return None


class RowsView(QTableView):
    """A table that sizes its columns to their text (fit_columns), gives the spare width to its stretch
    column, and says what to do when it has no rows."""

    def __init__(self, stretch: int | None = None, parent=None):
        super().__init__(parent)
        self.stretch = stretch  # the column that takes the spare width (None: none does)
        self._natural: dict[int, int] = {}  # each column's fitted width, before any spare width
        self._refit = QTimer(self)  # new rows (however set): columns fitted again once, after the event
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(lambda: fit_columns(self))

    def setModel(self, model) -> None:
        super().setModel(model)
        model.modelReset.connect(self._refit.start)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        spread(self)


def spread(view: QTableView) -> None:
    """Give the width the fitted columns leave to the stretch column; when they need more than the view
    has, the table scrolls sideways inside itself (the page never does)."""
    column = getattr(view, "stretch", None)
    model = view.model()
    if column is None or model is None or not 0 <= column < model.columnCount():
        return
    header = view.horizontalHeader()
    others = sum(header.sectionSize(c) for c in range(header.count()) if c != column and not header.isSectionHidden(c))
    natural = view._natural.get(column, header.sectionSize(column))
    view.setColumnWidth(column, max(natural, view.viewport().width() - others))


class EmptyState(QLabel):
    """The sentence a table shows over its empty viewport (what to do first), hidden when it has rows."""

    def __init__(self, view: QTableView, text: str):
        super().__init__(text, view.viewport())
        self.setObjectName("emptyState")
        style.set_role(self, "empty")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.view = view
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.update_shown)
        view.viewport().installEventFilter(self)
        self.update_shown()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == event.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        area = self.view.viewport().rect().adjusted(style.space(2), style.space(2), -style.space(2), -style.space(2))
        self.setGeometry(area.x(), area.y(), area.width(), min(area.height(), style.space(12)))

    def update_shown(self, *_) -> None:
        self._place()
        self.setVisible(bool(self.text()) and self.view.model().rowCount() == 0)


def empty_state(view: QTableView, text: str) -> EmptyState:
    """Show `text` in `view` while its model has no rows (or change the text shown)."""
    label = view.findChild(EmptyState)
    if label is None:
        label = EmptyState(view, text)
    else:
        label.setText(text)
        label.update_shown()
    return label


def rows_view(model: RowsModel, *, stretch: int = -1) -> RowsView:
    """A row-selecting, read-only view; column `stretch` (default: the last) takes the spare width."""
    view = RowsView(stretch % model.columnCount())
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setResizeContentsPrecision(0)  # columns sized to the rows on screen, not to 1,000 of them
    view.horizontalHeader().setStretchLastSection(False)
    view.setAlternatingRowColors(True)
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    if model.empty:
        empty_state(view, model.empty)
    fit_columns(view)
    return view


def rows_table(columns: Sequence[tuple[str, Callable]], fetch: Callable | None = None, *, stretch: int = -1,
               **options) -> QTableView:
    """A model and its view in one step; `view.model()` is the RowsModel."""
    view = rows_view(RowsModel(columns, fetch, **options), stretch=stretch)
    view.model().setParent(view)
    return view


def show_rows(view: QTableView, rows) -> None:
    """Replace a short list's rows, keeping the selection on the same key (else the first row), columns
    sized to their text."""
    keep = selected_key(view)
    view.model().set_rows(rows)
    select_key(view, keep)
    fit_columns(view)


def show_keys(view: QTableView, keys) -> None:
    """The same for a lazy list: new keys, the selection kept, columns sized to the rows on screen."""
    keep = selected_key(view)
    view.model().set_keys(keys)
    select_key(view, keep)
    fit_columns(view)


def fit_columns(view: QTableView) -> None:
    """Each column as wide as its header and the text on screen (the rows on screen only, resize
    precision 0: cheap at county size), between COLUMN_MIN and COLUMN_MAX; then the spare width to the
    stretch column. A column a caller set to Stretch keeps stretching."""
    header = view.horizontalHeader()
    natural = {}
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)  # re-stretches once set again
            continue
        text = max(view.sizeHintForColumn(column), 0)
        natural[column] = max(min(text, COLUMN_MAX), header.sectionSizeHint(column), COLUMN_MIN)
        view.setColumnWidth(column, natural[column])
    if isinstance(view, RowsView):
        view._natural = natural
        spread(view)


def cell(view: QTableView, row: int, column: int) -> str:
    """The text a person reads at (row, column)."""
    return view.model().index(row, column).data() or ""


def selected_key(view: QTableView):
    index = view.currentIndex()
    return index.data(KEY_ROLE) if index.isValid() and view.selectionModel().hasSelection() else None


def select_key(view: QTableView, key) -> bool:
    """Select and show the row with `key` (else the first row); False when there was no such row."""
    row = view.model().row_of(key) if key is not None else None
    if row is None and view.model().rowCount():
        view.selectRow(0)
        return False
    if row is not None:
        view.selectRow(row)
        view.scrollTo(view.model().index(row, 0))
    return row is not None
