"""The one table model of the UI: rows shown through a column spec. Lists that can reach county size
give it keys (ids in display order, from one indexed query) and it fetches rows a page at a time as a
view scrolls — a county's 100,000 accounts cost one list of ids and the few pages on screen, not
100,000 row objects nor half a million widget items. Short lists (a unit's agreements, the fund
sources) hand it their rows whole with `set_rows`."""

from collections import OrderedDict
from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

KEY_ROLE = Qt.ItemDataRole.UserRole
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


PAGE_SIZE = 200
CACHED_PAGES = 20


class RowsModel(QAbstractTableModel):
    """`fetch(keys)` returns the rows of those keys in that order; `key(row)` gives a row's key back."""

    def __init__(self, columns: Sequence[tuple[str, Callable]], fetch: Callable | None = None, *,
                 key: Callable = lambda row: row.id, numbers: tuple[int, ...] = (),
                 muted: Callable = lambda row: False, tint: Callable = lambda row: None, parent=None):
        super().__init__(parent)
        self.muted = muted  # rows shown grey (a cancelled activity)
        self.tint = tint  # a row's background colour, or None (an overdue request)
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
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == KEY_ROLE:
            return self.keys[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):  # a cut-off text reads whole on hover
            return self.columns[index.column()][1](self.row(index.row()))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.numbers:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and self.muted(self.row(index.row())):
            return QColor(Qt.GlobalColor.gray)
        if role == Qt.ItemDataRole.BackgroundRole and (colour := self.tint(self.row(index.row()))):
            return QColor(colour)
        return None


def rows_view(model: RowsModel, *, stretch: int = -1) -> QTableView:
    """A row-selecting, read-only view; column `stretch` (default: the last) takes the spare width."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setSectionResizeMode(stretch % model.columnCount(), QHeaderView.ResizeMode.Stretch)
    view.horizontalHeader().setResizeContentsPrecision(0)  # columns sized to the rows on screen, not to 1,000 of them
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
    view.resizeColumnsToContents()  # the rows on screen only (resize precision 0): cheap at county size
    header = view.horizontalHeader()
    for column in range(header.count()):  # on a shown table the stretch column only re-stretches when set again
        if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


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
