"""志愿者 page: search-as-you-type over the lazy roster model, a detail panel, and the roster's actions."""

from html import escape

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from stationdesk.domain.amounts import points_text
from stationdesk.domain.dates import age_on
from stationdesk.domain.hours import stars_text
from stationdesk.domain.masking import mask_id_number, mask_phone
from stationdesk.domain.volunteer import ACTIVE, ARCHIVED, LABELS
from stationdesk.services import attendance, points, roster
from stationdesk.ui import style
from stationdesk.ui.errors import reported
from stationdesk.ui.person_records import detail_rows, records_menu
from stationdesk.ui.roster_filter_bar import RosterFilterBar
from stationdesk.ui.rows_model import empty_state
from stationdesk.ui.volunteer_dialog import VolunteerDialog
from stationdesk.ui.volunteer_table_model import COL_NAME, COL_TEAMS, VolunteerTableModel
from stationdesk.ui.widgets import FlowLayout, LazyPage, empty_hint, form_dialog, when_typing_pauses

QUOTED = 20  # characters of the search repeated in the count line (a pasted paragraph widened the window)


class VolunteerDetailPanel(QWidget):
    """The selected volunteer's record, masked, with a logged "show full" action."""

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.volunteer_id: int | None = None
        self.text = QLabel("在左侧选择一名志愿者查看详情。")
        self.text.setObjectName("detailText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reveal_button = QPushButton("显示完整证件号和电话")
        self.reveal_button.setToolTip("查看完整号码会记入操作日志")
        self.reveal_button.clicked.connect(self.reveal)
        self.reveal_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.reveal_button)
        self._revealed = False

    def show_volunteer(self, volunteer_id: int | None) -> None:
        self.volunteer_id = volunteer_id
        self._revealed = False
        self.reveal_button.setEnabled(volunteer_id is not None)
        self._render()

    def reveal(self) -> None:
        if self.volunteer_id is None:
            return
        with reported(self):
            roster.reveal(self.store, self.volunteer_id, "id_number")
            roster.reveal(self.store, self.volunteer_id, "phone")
            self._revealed = True
            self._render()

    def _render(self) -> None:
        if self.volunteer_id is None:
            self.text.setText("在左侧选择一名志愿者查看详情。")
            return
        detail = roster.get_volunteer(self.store, self.volunteer_id)
        d = detail.draft
        shown = {
            "id_number": d.id_number if self._revealed else mask_id_number(d.id_number),
            "phone": d.phone if self._revealed else mask_phone(d.phone),
        }
        lines = [f"<h3 style='margin:0'>{escape(d.name)}</h3>"]
        if detail.status == ARCHIVED:
            lines.append(f"<p style='color:{style.BEHIND}'>已归档：{escape(detail.archive_reason or '未注明原因')}</p>")
        rows = []
        for field, label in LABELS.items():
            if field == "name":
                continue
            value = shown.get(field, getattr(d, field))
            if field == "birth_date" and d.birth_date:
                value = f"{d.birth_date}（{age_on(d.birth_date)}岁）"
            rows.append(f"<tr><td style='color:{style.TEXT_MUTED};padding-right:8px;white-space:nowrap'>{label}</td>"
                        f"<td>{escape(str(value or ''))}</td></tr>")  # a note may hold < or &
        rows.append(f"<tr><td style='color:{style.TEXT_MUTED}'>所属队伍</td><td>{escape('、'.join(detail.teams))}</td></tr>")
        hours = attendance.hours_summary(self.store, self.volunteer_id)
        rows.append(f"<tr><td style='color:{style.TEXT_MUTED}'>服务时长</td><td>本年 {hours.this_year:g} 小时，累计 {hours.total:g} 小时"
                    f"（{hours.activities} 次活动）</td></tr>")
        rows.append(f"<tr><td style='color:{style.TEXT_MUTED}'>星级</td><td>{stars_text(hours.stars)}</td></tr>")
        fixed = attendance.volunteer_corrections(self.store, self.volunteer_id)
        if fixed:  # who changed these hours, when, from what, to what and why — never silently
            rows.append(f"<tr><td style='color:{style.TEXT_MUTED};white-space:nowrap'>时长更正</td><td>" + "<br>".join(
                f"{c.at:%Y-%m-%d %H:%M} {escape(c.actor)}：{escape(c.activity_day)}“{escape(c.activity)}”"
                f" {c.old_hours:g} → {c.new_hours:g} 小时（原因：{escape(c.reason)}）" for c in fixed) + "</td></tr>")
        rows.append(f"<tr><td style='color:{style.TEXT_MUTED}'>积分</td><td>{points_text(points.balance(self.store, self.volunteer_id))} 分"
                    "（在“积分超市”查看明细、兑换）</td></tr>")
        rows += [f"<tr><td style='color:{style.TEXT_MUTED}'>{label}</td><td>{html}</td></tr>"
                 for label, html in detail_rows(self.store, self.volunteer_id, d.birth_date)]
        rows.append(f"<tr><td style='color:{style.TEXT_MUTED}'>登记时间</td><td>{detail.created_at}</td></tr>")
        lines.append("<table>" + "".join(rows) + "</table>")
        self.text.setText("".join(lines))


class VolunteersPage(LazyPage):
    # hours and stars come from attendance and the rules; the 条例's records show in the detail
    shows = frozenset({"volunteer", "team", "activity", "participation", "setting", "training", "qualification",
                       "insurance", "guardian_consent", "evaluation"})

    def __init__(self, store, parent=None):
        super().__init__(store, parent)
        self.model = VolunteerTableModel(store, self)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("搜索：姓名、拼音首字母（如 zs）、全拼、电话或身份证尾号　（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self._search_timer = when_typing_pauses(self.search.textChanged, self._apply_search, self)

        self.status_filter = QComboBox()
        self.status_filter.addItem("在册志愿者", ACTIVE)
        self.status_filter.addItem("已归档", ARCHIVED)
        self.status_filter.currentIndexChanged.connect(self._status_changed)
        self.count_label = QLabel()
        self.count_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the window
        self.filters = RosterFilterBar(store)
        self.filters.changed.connect(self.model.set_filter)
        self.filters.print_requested.connect(lambda: self.print_filtered())
        self.filter_button = self.filters.button
        self.filter_button.setToolTip("按技能、村民小组、资质、年龄段筛选（Ctrl+Shift+F）")

        self.new_button = QPushButton("新增志愿者")
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.clicked.connect(self.add_volunteer)
        self.edit_button = QPushButton("编辑")
        self.edit_button.setToolTip("回车")
        self.edit_button.clicked.connect(self.edit_selected)
        self.archive_button = QPushButton("归档")
        self.archive_button.clicked.connect(self.archive_or_restore)

        self.table = QTableView()
        self.table.setObjectName("volunteerTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self.model.sort)
        # 所属队伍 takes the spare width (the 加入日期 column was pushed off the right edge at 1366 pixels);
        # a long name or team list is elided in its middle, whole in the tooltip.
        for column, width in enumerate((88, 44, 110, 160, 80, 90, 160, 90)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(COL_TEAMS, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda index: self.edit_selected())
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._after_reset)

        self.detail = VolunteerDetailPanel(store)

        top = FlowLayout()  # wraps on a narrow screen; the search box takes its line's spare width
        self.search.setMinimumWidth(260)
        top.addWidget(self.search)
        top.addWidget(self.status_filter)
        top.addWidget(self.filter_button)
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.archive_button)
        profile_button = QPushButton("打印个人档案")
        profile_button.setToolTip("所选志愿者的个人志愿服务档案：服务记录、荣誉、证书和积分（不是证明）")
        profile_button.clicked.connect(lambda: self.print_profile())
        top.addWidget(profile_button)
        records_button = QPushButton("登记")
        records_button.setToolTip("所选志愿者的培训、资质、意外保险、监护人同意（未成年人）、年度评价（《志愿服务条例》要求记录）")
        self.records_menu = records_menu(self, store, self.selected_id, self._records_written)
        records_button.setMenu(self.records_menu)
        top.addWidget(records_button)
        duplicates_button = QPushButton("疑似重复…")
        duplicates_button.setToolTip("找出同一人登记了两次的记录（姓名和电话、出生日期或身份证号码相同等）")
        duplicates_button.clicked.connect(self.find_duplicates)
        top.addWidget(duplicates_button)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([760, 260])
        self.empty = empty_hint("还没有志愿者。可以从 Excel/WPS 花名册导入，或逐个新增：",
                                [("从表格导入志愿者…", lambda: self.action.emit("import")),
                                 ("新增志愿者", self.add_volunteer)])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count_label)

        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_search)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self.add_volunteer)
        QShortcut(QKeySequence("Ctrl+Shift+F"), self, activated=self.filter_button.toggle)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, activated=self.edit_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)

    def print_profile(self, path: str | None = None, *, open_after: bool = True) -> str | None:
        vid = self.selected_id()
        if vid is None:
            return None
        from stationdesk.services import documents
        from stationdesk.ui.pdf_preview import produce

        name = self.model.data(self.model.index(self.table.currentIndex().row(), COL_NAME))
        return produce(self, "个人志愿服务档案", lambda out: documents.profile(self.store, vid, out).pages, path,
                       open_after=open_after, name=f"个人志愿服务档案-{name}")

    def print_filtered(self, path: str | None = None, *, open_after: bool = True) -> str | None:
        """The roster as the filters narrow it (not the search box: that is for finding one person)."""
        from stationdesk.services import documents
        from stationdesk.ui.pdf_preview import produce

        narrow = self.model.narrow
        return produce(self, "志愿者花名册（筛选）",
                       lambda out, report: documents.roster(self.store, out, narrow=narrow, progress=report).pages,
                       path, open_after=open_after, progress=("正在排版志愿者花名册…", self.store))

    def _records_written(self) -> None:
        self.detail.show_volunteer(self.selected_id())
        self.changed.emit()
        self.status_message.emit("已登记。")

    def show_volunteer(self, volunteer_id: int) -> None:
        """Select `volunteer_id` (from 首页's to-do list), whatever the search box held."""
        self.search.clear()
        self._search_timer.stop()
        self.model.set_search("")
        row = self.model.row_of(volunteer_id)
        if row >= 0:
            self.select_row(row)

    def find_duplicates(self) -> None:
        from stationdesk.ui.duplicates_dialog import show_duplicates

        show_duplicates(self, self.store)

    # -- search and selection --------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _apply_search(self) -> None:
        self.model.set_search(self.search.text())

    def _status_changed(self) -> None:
        archived = self.status_filter.currentData() == ARCHIVED
        self.archive_button.setText("恢复" if archived else "归档")
        self.model.set_status(self.status_filter.currentData())

    def _after_reset(self) -> None:
        n = self.model.rowCount()
        what = "已归档" if self.model.status == ARCHIVED else "在册"
        text = self.model.text.strip()
        narrowed = [f"搜索“{text[:QUOTED]}{'…' if len(text) > QUOTED else ''}”"] if text else []
        narrowed += [self.model.narrow.describe()] if self.model.narrow else []
        if self.model.truncated:
            self.count_label.setText(f"找到超过 {n} 人，只列出最相关的 {n} 人。请继续输入以缩小范围。")
        else:
            self.count_label.setText(f"{what} {n} 人" + (f"（{'；'.join(narrowed)}）" if narrowed else ""))
        empty_state(self.table, "没有找到。换个写法搜索（姓名、拼音首字母、电话尾号），或点“筛选”清除筛选。" if narrowed else
                    "没有已归档的志愿者。" if self.model.status == ARCHIVED else
                    "还没有志愿者。点“新增志愿者”（Ctrl+N），或从 Excel/WPS 花名册导入。")
        if n:
            self.select_row(0)
        else:
            self.detail.show_volunteer(None)
            if self.model.narrow:
                self.detail.text.setText("没有符合筛选条件的志愿者。可以放宽条件，或点“清除筛选”。")

    def select_row(self, row: int) -> None:
        index = self.model.index(row, COL_NAME)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def selected_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.volunteer_id(index.row()) if index.isValid() else None

    def _current_changed(self, current, _previous) -> None:
        self.detail.show_volunteer(self.model.volunteer_id(current.row()) if current.isValid() else None)

    def refresh(self, keep_id: int | None = None) -> None:
        keep_id = keep_id or self.selected_id()
        self._stale = False
        if self.filters.isVisible():  # a new village group or qualification may have been written
            self.filters.load_choices()
        self.model.refresh()
        self.empty.setVisible(self.model.rowCount() == 0 and not self.model.text.strip()
                              and roster.count(self.store, None) == 0)
        row = self.model.row_of(keep_id) if keep_id else -1
        if row >= 0:
            self.select_row(row)

    # -- actions ---------------------------------------------------------------------------------------
    def add_volunteer(self) -> None:
        dialog = VolunteerDialog(self.store, parent=self)
        if dialog.exec():
            self.refresh(keep_id=dialog.saved_id)
            self.changed.emit()

    def edit_selected(self) -> None:
        vid = self.selected_id()
        if vid is None:
            return
        dialog = VolunteerDialog(self.store, vid, parent=self)
        if dialog.exec():
            self.refresh(keep_id=vid)
            self.changed.emit()

    def archive_or_restore(self) -> None:
        vid = self.selected_id()
        if vid is None:
            return
        name = self.model.data(self.model.index(self.table.currentIndex().row(), COL_NAME))
        with reported(self):
            if self.model.status == ARCHIVED:
                roster.restore_volunteer(self.store, vid)
            else:
                reason = QLineEdit()
                if not form_dialog(self, "归档志愿者", [
                        ("", QLabel(f"把“{name}”移入归档（如迁出、离队）？\n归档不会删除其服务记录，之后可以随时恢复。")),
                        ("原因（可不填）：", reason)], "归档",
                        submit=lambda: roster.archive_volunteer(self.store, vid, reason=reason.text())):
                    return
            self.refresh()
            self.changed.emit()
            done = "恢复" if self.model.status == ARCHIVED else "归档"
            self.status_message.emit(f"已{done}“{name}”。")

