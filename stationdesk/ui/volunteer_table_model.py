"""The roster as a lazy Qt model: it holds only the matching ids (SQL filters and sorts them) and fetches
the rows a view shows a page at a time. A QSortFilterProxyModel over 100k rows costs ~0.28 s a keystroke."""

from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, Qt

from stationdesk.domain.roster_filter import NO_FILTER, RosterFilter
from stationdesk.domain.volunteer import ACTIVE, VolunteerRow
from stationdesk.services import roster

COL_NAME, COL_GENDER, COL_PHONE, COL_ID, COL_GROUP, COL_POLITICAL, COL_TEAMS, COL_JOINED = range(8)
COLUMNS = (
    # (header, VolunteerRow attribute, roster.SORT_KEYS key)
    ("姓名", "name", "name"),
    ("性别", "gender", "gender"),
    ("联系电话", "phone_masked", "phone"),
    ("身份证号码", "id_masked", "id_number"),
    ("村民小组", "village_group", "village_group"),
    ("政治面貌", "political_status", "political_status"),
    ("所属队伍", "teams", "teams"),
    ("加入日期", "joined_on", "joined_on"),
)
PAGE_SIZE = 200
SEARCH_LIMIT = 2000  # a query matching more than this is narrowed by typing on, not by scrolling
CACHED_PAGES = 20
ID_ROLE = Qt.ItemDataRole.UserRole


class VolunteerTableModel(QAbstractTableModel):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self._store = store
        self._ids: list[int] = []  # the matching ids loaded so far, in order
        self._count = 0  # how many match: more than len(_ids) while only the first page is loaded
        self._pages: OrderedDict[int, list[VolunteerRow]] = OrderedDict()
        self._listed: dict[tuple, list[int]] = {}
        self.truncated = False  # more matches than SEARCH_LIMIT
        self.text = ""
        self.status = ACTIVE
        self.narrow = NO_FILTER  # the filters: skill, village group, qualification, age band
        self.sort_key: str | None = None  # None: by relevance while searching, else by name
        self.descending = False

    # -- queries ---------------------------------------------------------------------------------------
    def forget_cached_lists(self) -> None:
        self._listed.clear()

    def refresh(self, *, data_changed: bool = True) -> None:
        """Re-run the query: after a change to the data, or (data_changed=False) a new search or sort."""
        if data_changed:
            self.forget_cached_lists()
        self.beginResetModel()
        self._ids, self._count = self._query()
        self._pages.clear()
        self.endResetModel()

    def _order(self) -> tuple:
        return self.status, self.narrow, self.sort_key, self.descending

    def _query(self) -> tuple[list[int], int]:
        """(ids loaded now, how many match). The list without a search (all 100k ids at county scale) is
        kept per sort order, so clearing the search box costs nothing; any write or new filter drops it. It is read whole only
        when a row past its first page is wanted: a first visit reads 200 ids and a count from an index."""
        self.truncated = False
        if self.text.strip() == "":
            if self._order() in self._listed:
                ids = self._listed[self._order()]
                return ids, len(ids)
            first = self._everyone(limit=PAGE_SIZE)
            if len(first) < PAGE_SIZE:
                self._listed[self._order()] = first
                return first, len(first)
            return first, roster.count(self._store, self.status, narrow=self.narrow)
        ids = roster.search_ids(self._store, self.text, sort=self.sort_key, descending=self.descending,
                                status=self.status, narrow=self.narrow, limit=SEARCH_LIMIT + 1)
        self.truncated = len(ids) > SEARCH_LIMIT
        return ids[:SEARCH_LIMIT], min(len(ids), SEARCH_LIMIT)

    def _everyone(self, limit: int | None = None) -> list[int]:
        return roster.search_ids(self._store, "", sort=self.sort_key, descending=self.descending,
                                 status=self.status, narrow=self.narrow, limit=limit)

    def _load_all(self) -> None:
        """The rest of the list without a search, the first time a row past its first page is wanted."""
        if len(self._ids) < self._count:
            self._ids = self._listed[self._order()] = self._everyone()

    def _id_at(self, row: int) -> int | None:
        if row >= len(self._ids):
            self._load_all()
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def set_search(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.refresh(data_changed=False)

    def set_filter(self, narrow: RosterFilter) -> None:
        if narrow != self.narrow:
            self.narrow = narrow
            self.refresh()  # forgets the lists kept under the last filters: one filter's lists at a time

    def set_status(self, status: str) -> None:
        self.status = status
        self.refresh(data_changed=False)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.sort_key = COLUMNS[column][2]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.refresh(data_changed=False)

    def volunteer_id(self, row: int) -> int | None:
        return self._id_at(row)

    def row_of(self, volunteer_id: int) -> int:
        if volunteer_id not in self._ids:
            self._load_all()
        try:
            return self._ids.index(volunteer_id)
        except ValueError:
            return -1

    def _row(self, row: int) -> VolunteerRow | None:
        page = row // PAGE_SIZE
        rows = self._pages.get(page)
        if rows is None:
            if (page + 1) * PAGE_SIZE > len(self._ids):
                self._load_all()
            rows = roster.rows_by_ids(self._store, self._ids[page * PAGE_SIZE:(page + 1) * PAGE_SIZE])
            self._pages[page] = rows
            if len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        offset = row - page * PAGE_SIZE
        return rows[offset] if offset < len(rows) else None

    # -- Qt model interface ----------------------------------------------------------------------------
    def rowCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else self._count

    def columnCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self._id_at(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = self._row(index.row())
            return getattr(row, COLUMNS[index.column()][1]) if row else None
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return str(section + 1)
