"""群众点单 page: the 服务菜单 and residents' requests through 点单 → 派单 → 接单 → 完成 → 评单."""

from datetime import date, datetime, timedelta

from PySide6.QtCore import QDateTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from stationdesk.domain.requests import STATE_LABELS
from stationdesk.services import documents, requests, teams
from stationdesk.services.requests import RequestDraft
from stationdesk.ui import style
from stationdesk.ui.errors import reported
from stationdesk.ui.pdf_preview import produce
from stationdesk.ui.rows_model import rows_table, select_key, selected_key, show_keys
from stationdesk.ui.volunteer_picker import VolunteerPickerDialog
from stationdesk.ui.widgets import (
    FlowLayout,
    LazyPage,
    add_buttons,
    button_row,
    date_edit,
    form_dialog,
    labelled,
)

HEADERS = ["编号", "点单时间", "群众", "村民小组", "服务需求", "承接", "完成期限", "状态", "评分"]
STATE_COLOURS = {"requested": style.CHECK_SOFT, "dispatched": style.INFO_SOFT, "accepted": style.INFO_SOFT}
OVERDUE_COLOUR = style.BEHIND_SOFT


class RequestsPage(LazyPage):
    shows = frozenset({"service_request", "menu_item", "team", "volunteer"})

    def __init__(self, store, parent=None):
        super().__init__(store, parent)
        self.state = QComboBox()
        self.state.addItem("全部", None)
        for key, label in STATE_LABELS.items():
            self.state.addItem(label, key)
        self.state.currentIndexChanged.connect(lambda _: self.refresh())
        self.month = QComboBox()
        self.month.addItem("全部月份", None)
        year, month = date.today().year, date.today().month
        for _ in range(24):
            self.month.addItem(f"{year}年{month:02d}月", date(year, month, 1))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        self.month.currentIndexChanged.connect(lambda _: self.refresh())
        self.table = rows_table(
            list(zip(HEADERS, (lambda r: r.number, lambda r: f"{r.requested_at:%Y-%m-%d %H:%M}",
                               lambda r: r.resident_name, lambda r: r.village_group, lambda r: r.what,
                               lambda r: r.team or r.volunteers, lambda r: f"{r.due_on or ''}",
                               lambda r: r.state_label, lambda r: "★" * (r.rating or 0)), strict=True)),
            lambda ids: requests.requests_by_id(self.store, ids),  # a county's 20,000: rows as shown
            tint=lambda r: OVERDUE_COLOUR if r.overdue(date.today()) else STATE_COLOURS.get(r.state), stretch=4,
            empty="没有点单。点“点单（新需求）”（Ctrl+N）登记群众的需求。")
        self.table.setObjectName("requestTable")
        self.table.selectionModel().selectionChanged.connect(self._show_detail)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setObjectName("requestDetail")
        self.count = QLabel()

        filters = FlowLayout()
        filters.addWidget(labelled("状态：", self.state))
        filters.addWidget(labelled("点单月份：", self.month))
        add_buttons(filters, (("服务菜单…", self.edit_menu), ("打印服务单", self.print_slip), ("打印清单", self.print_list)))
        steps = button_row(("点单（新需求）", self.new_request, "Ctrl+N"), ("派单", self.dispatch), ("接单", self.accept),
                           ("完成", self.complete), ("评单", self.review), ("撤销", self.withdraw), height=34)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(steps)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.count)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self.new_request)

    def refresh(self) -> None:
        self._stale = False
        first = self.month.currentData()
        shown = dict(state=self.state.currentData(), start=first, end_exclusive=_month_after(first))
        show_keys(self.table, requests.request_ids(self.store, **shown))
        total, open_count, late = requests.summary(self.store, today=date.today(), **shown)
        self.count.setText(f"共 {total} 单，未办结 {open_count} 单" + (f"，其中超期 {late} 单" if late else ""))
        self._show_detail()

    def show_request(self, request_id: int) -> None:
        """From a 首页 link: all states and months, the request selected with its detail."""
        for combo in (self.state, self.month):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.refresh()
        select_key(self.table, request_id)
        self._show_detail()

    def request_id(self) -> int | None:
        return selected_key(self.table)

    def _current(self):
        row = self.table.model().row_of(self.request_id())
        return self.table.model().row(row) if row is not None else None

    def _show_detail(self) -> None:
        r = self._current()
        if r is None:
            self.detail.setText("")
            return
        parts = [f"<b>{r.number}</b> {r.resident_name}（{r.phone_masked or '无电话'}，{r.village_group or '未填小组'}）：{r.what}"]
        if r.volunteers:
            parts.append(f"志愿者：{r.volunteers}")
        if r.outcome:
            parts.append(f"服务情况：{r.outcome}")
        if r.review:
            parts.append(f"评价：{r.review}")
        self.detail.setText("<br>".join(parts))

    def _written(self, message: str) -> None:
        self.refresh()
        self.changed.emit()
        self.status_message.emit(message)

    def _selected_or_warn(self):
        r = self._current()
        if r is None:
            self.status_message.emit("请先选择一条需求。")
        return r

    # -- the steps --------------------------------------------------------------------------------------
    def _step(self, ask, act) -> None:
        """For the selected request: `ask(r, save)` the operator, whose form runs `save(answer)` while open;
        that runs `act(r, answer)`, which writes (a refusal keeps the form, with what was typed) and
        returns what the status bar says."""
        r = self._selected_or_warn()
        said = []
        if r is not None and ask(r, lambda answer: said.append(act(r, answer))) is not None:
            self._written(said[-1])

    def ask_request(self, save) -> RequestDraft | None:
        name, phone, group, what = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        phone.setPlaceholderText("手机或固话，可不填")
        what.setPlaceholderText("选择菜单项目，或直接写群众的原话")
        menu = QComboBox()
        menu.addItem("（不在菜单中）", None)
        for m in requests.list_menu(self.store):
            menu.addItem(f"{m.name}（{m.category}）" if m.category else m.name, m.id)
        wanted = date_edit(date.today() + timedelta(days=1))

        def draft():
            return RequestDraft(resident_name=name.text(), resident_phone=phone.text(), village_group=group.text(),
                                what=what.text(), menu_item_id=menu.currentData(), wanted_on=wanted.date().toPython())

        if not form_dialog(self, "登记群众点单", [("群众姓名*：", name), ("联系电话：", phone), ("村民小组：", group),
                                            ("服务菜单：", menu), ("具体需求：", what), ("期望时间：", wanted)], "登记",
                           submit=lambda: save(draft())):
            return None
        return draft()

    def new_request(self) -> None:
        created = []
        if self.ask_request(lambda draft: created.append(requests.create_request(self.store, draft))) is None:
            return
        self.state.setCurrentIndex(0)
        self.month.setCurrentIndex(0)
        self._written("已登记点单。下一步：派单给服务队或志愿者。")
        select_key(self.table, created[0])

    def ask_dispatch(self, r, save) -> tuple[int | None, list[int], date] | None:
        team = QComboBox()
        team.addItem("（不指定队伍，直接派给志愿者）", None)
        suggested = next((m.team_id for m in requests.list_menu(self.store) if m.name == r.menu_item), None)
        for row in teams.list_teams(self.store):
            team.addItem("　" * row.depth + row.name, row.id)
        team.setCurrentIndex(max(team.findData(suggested), 0))
        chosen: list[int] = []
        people = QPushButton("选择志愿者…")

        def pick():
            picker = VolunteerPickerDialog(self.store, "派给这些志愿者", "选定", self)
            if picker.exec():
                chosen[:] = picker.chosen_ids()
                people.setText(f"已选 {len(chosen)} 人")

        people.clicked.connect(pick)
        due = date_edit(max(r.wanted_on or date.today(), date.today()) + timedelta(days=2))

        def answer():
            return team.currentData(), list(chosen), due.date().toPython()

        if not form_dialog(self, f"派单：{r.what}", [("承接队伍：", team), ("志愿者：", people), ("完成期限*：", due)],
                           "派单", submit=lambda: save(answer())):
            return None
        return answer()

    def dispatch(self) -> None:
        def act(r, answer):
            team_id, volunteer_ids, due_on = answer
            requests.dispatch(self.store, r.id, team_id=team_id, volunteer_ids=volunteer_ids, due_on=due_on)
            return f"已派单，完成期限 {due_on}。"

        self._step(self.ask_dispatch, act)

    def ask_accepting(self, r, save) -> list[int] | None:
        """Who took it: needed when the request went to a team; optional extra names otherwise. A picker,
        not a form: a refusal is shown over it and nothing typed is lost."""
        title = "接单的志愿者" + ("" if not r.volunteers else f"（已派给：{r.volunteers}；可再添加）")
        picker = VolunteerPickerDialog(self.store, title, "确认接单", self)
        if not picker.exec():
            return None
        with reported(self, "没有接单"):
            save(picker.chosen_ids())
            return picker.chosen_ids()
        return None

    def accept(self) -> None:
        self._step(self.ask_accepting, lambda r, ids: requests.accept(self.store, r.id, ids) or "已接单。")

    def ask_completion(self, r, save) -> tuple[str, datetime | None, float | None] | None:
        outcome = QPlainTextEdit()
        outcome.setFixedHeight(80)
        counted = QCheckBox("计入志愿服务时长（生成一次已完成的活动）")
        counted.setChecked(True)
        served = QDateTimeEdit(QDateTime.currentDateTime().addSecs(-2 * 3600))
        served.setDisplayFormat("yyyy-MM-dd HH:mm")
        served.setCalendarPopup(True)
        hours = QDoubleSpinBox()
        hours.setRange(0.5, 24)
        hours.setSingleStep(0.5)
        hours.setValue(2)
        hours.setSuffix(" 小时")
        counted.toggled.connect(served.setEnabled)
        counted.toggled.connect(hours.setEnabled)

        def answer():
            if not counted.isChecked():
                return outcome.toPlainText(), None, None
            return outcome.toPlainText(), served.dateTime().toPython(), hours.value()

        if not form_dialog(self, f"完成：{r.what}", [("服务情况*：", outcome), ("", counted), ("服务开始：", served),
                                                   ("每人时长：", hours)], "标记完成", submit=lambda: save(answer())):
            return None
        return answer()

    def complete(self) -> None:
        def act(r, answer):
            outcome, served_at, hours = answer
            activity = requests.complete(self.store, r.id, outcome, served_at=served_at, hours=hours)
            return "已完成" + ("，服务时长已计入活动记录。" if activity else "。") + "下一步：请群众评单。"

        self._step(self.ask_completion, act)

    def ask_review(self, r, save) -> tuple[int, str] | None:
        rating = QComboBox()
        for n in range(5, 0, -1):
            rating.addItem(f"{'★' * n}{'☆' * (5 - n)}　{n} 分", n)
        comment = QLineEdit()
        if not form_dialog(self, f"评单：{r.resident_name}", [("群众评分：", rating), ("评价意见：", comment)], "保存评价",
                           submit=lambda: save((rating.currentData(), comment.text()))):
            return None
        return rating.currentData(), comment.text()

    def review(self) -> None:
        self._step(self.ask_review, lambda r, a: requests.review(self.store, r.id, *a) or "已记录群众评价。")

    def ask_withdraw_reason(self, r, save) -> str | None:
        reason = QLineEdit()
        if not form_dialog(self, f"撤销需求：{r.what}", [("撤销原因*：", reason)], "撤销",
                           submit=lambda: save(reason.text())):
            return None
        return reason.text()

    def withdraw(self) -> None:
        self._step(self.ask_withdraw_reason,
                   lambda r, reason: requests.withdraw(self.store, r.id, reason) or "已撤销（记录保留）。")

    def edit_menu(self) -> None:
        from stationdesk.ui.menu_dialog import MenuDialog

        MenuDialog(self.store, self).exec()
        self.changed.emit()

    def print_slip(self, path: str | None = None, *, open_after: bool = True) -> str | None:
        r = self._selected_or_warn()
        if r is None:
            return None
        return produce(self, "群众点单服务单", lambda out: documents.request_slip(self.store, r.id, out).pages, path,
                       open_after=open_after, name=f"群众点单服务单-{r.resident_name}-{r.what}")

    def print_list(self, path: str | None = None, *, open_after: bool = True) -> str | None:
        first = self.month.currentData()
        title = f"{first:%Y年%m月}群众点单清单" if first else "群众点单清单"
        state = self.state.currentData()  # read here: the build runs in the background
        return produce(self, "群众点单清单", lambda out: documents.request_list(
            self.store, first, _month_after(first), title, out, state=state).pages,
            path, open_after=open_after, name=title)


def _month_after(first: date | None) -> date | None:
    """The first day of the month after `first` (None: no month chosen)."""
    return (first + timedelta(days=32)).replace(day=1) if first else None
