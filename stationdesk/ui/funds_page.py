"""资金 page: money received and spent per source, with balances and a printable yearly statement."""


from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout

from stationdesk.domain.amounts import format_amount
from stationdesk.services import activities, documents, funds
from stationdesk.ui.pdf_preview import produce
from stationdesk.ui.rows_model import rows_table, selected_key, show_keys, show_rows
from stationdesk.ui.widgets import LazyPage, add_buttons, confirm, date_edit, form_dialog, year_combo

yuan = format_amount


class FundsPage(LazyPage):
    shows = frozenset({"fund_entry", "activity"})

    def __init__(self, store, parent=None):
        super().__init__(store, parent)
        self.year = year_combo()
        self.year.currentIndexChanged.connect(lambda _: self.refresh())
        self.balances = rows_table(
            [("资金来源", lambda b: b.source), ("上年结余（元）", lambda b: yuan(b.opening)),
             ("本年收入（元）", lambda b: yuan(b.received)), ("本年支出（元）", lambda b: yuan(b.spent)),
             ("余额（元）", lambda b: yuan(b.closing))], key=lambda b: b.source, numbers=(1, 2, 3, 4), stretch=0)
        self.balances.setObjectName("fundBalances")
        self.balances.setMaximumHeight(170)
        self.entries = rows_table(
            [("日期", lambda e: f"{e.entered_on}"), ("来源", lambda e: e.source), ("摘要", lambda e: e.purpose),
             ("收入（元）", lambda e: yuan(e.fen) if e.direction == funds.IN else ""),
             ("支出（元）", lambda e: yuan(e.fen) if e.direction == funds.OUT else ""),
             ("关联活动/项目", lambda e: e.activity or e.project), ("凭证号", lambda e: e.voucher)],
            lambda ids: funds.entries_by_id(self.store, ids), numbers=(3, 4), stretch=2,
            empty="这一年还没有收支。点“登记收入”或“登记支出”。")  # a county's 10,000
        self.entries.setObjectName("fundEntries")
        top = QHBoxLayout()
        top.addWidget(QLabel("年度："))
        top.addWidget(self.year)
        add_buttons(top, (("登记收入", self.add_income), ("登记支出", self.add_expense), ("冲销误录", self.reverse),
                          ("打印收支明细", self.print_statement)))
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel("各来源收支："))
        layout.addWidget(self.balances)
        layout.addWidget(QLabel("收支明细（登记后不能修改，误录请冲销）："))
        layout.addWidget(self.entries, 1)

    def refresh(self) -> None:
        self._stale = False
        year = self.year.currentData()
        show_rows(self.balances, funds.balances(self.store, year))
        show_keys(self.entries, funds.entry_ids(self.store, year))

    def _written(self, message: str) -> None:
        self.refresh()
        self.changed.emit()
        self.status_message.emit(message)

    def ask_entry(self, direction: str, save) -> dict | None:
        """The form, saved by `save(values)` while it is open: a refusal keeps it open with what was typed."""
        source = QComboBox()
        source.setEditable(True)
        source.addItems(funds.SOURCES)
        on = date_edit()
        amount, purpose, project, voucher = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        amount.setPlaceholderText("元，最多两位小数，如 1200 或 35.50")
        rows = [("日期：", on), ("资金来源*：", source), ("金额（元）*：", amount), ("摘要*：", purpose)]
        activity = QComboBox()
        if direction == funds.OUT:
            activity.addItem("（不关联活动）", None)
            for a in activities.list_activities(self.store, year=self.year.currentData(), include_cancelled=False):
                activity.addItem(f"{a.starts_at:%m-%d} {a.title}", a.id)
            rows += [("用于活动：", activity), ("用于项目：", project)]
        rows.append(("凭证号：", voucher))

        def values():
            return dict(entered_on=on.date().toPython(), direction=direction, source=source.currentText(),
                        amount=amount.text(), purpose=purpose.text(), activity_id=activity.currentData(),
                        project=project.text(), voucher=voucher.text())

        if not form_dialog(self, "登记收入" if direction == funds.IN else "登记支出", rows, "登记",
                           submit=lambda: save(values())):
            return None
        return values()

    def _add(self, direction: str) -> None:
        if self.ask_entry(direction, lambda values: funds.add_entry(self.store, **values)) is not None:
            self._written("已登记。")

    def add_income(self) -> None:
        self._add(funds.IN)

    def add_expense(self) -> None:
        self._add(funds.OUT)

    def reverse(self) -> None:
        row = self.entries.model().row_of(selected_key(self.entries))
        entry = self.entries.model().row(row) if row is not None else None
        if entry is None or not confirm(self, "冲销", f"冲销 {entry.entered_on} “{entry.purpose}” {format_amount(entry.fen)} 元？"
                                                    "将登记一笔方向相反的记录，原记录保留。"):
            return
        reason = QLineEdit()
        if form_dialog(self, "冲销原因", [("原因*：", reason)], "冲销",
                       submit=lambda: funds.reverse_entry(self.store, entry.id, reason.text())):
            self._written("已冲销。")

    def print_statement(self, path: str | None = None, *, open_after: bool = True) -> str | None:
        year = self.year.currentData()
        return produce(self, "资金收支明细", lambda out: documents.fund_statement(self.store, year, out).pages, path,
                       open_after=open_after, name=f"资金收支明细-{year}年")
