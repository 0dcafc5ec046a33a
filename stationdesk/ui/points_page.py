"""积分超市 page: each volunteer's points and ledger, the 爱心超市's goods, and exchanges with a receipt."""


from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from stationdesk.domain.amounts import points_text
from stationdesk.services import documents, points
from stationdesk.services.points import SOURCE_LABELS
from stationdesk.ui.errors import reported, warn
from stationdesk.ui.pdf_preview import produce
from stationdesk.ui.rows_model import RowsModel, rows_table, rows_view, select_key, selected_key, show_rows
from stationdesk.ui.style import set_role
from stationdesk.ui.volunteer_picker import VolunteerPickerDialog
from stationdesk.ui.widgets import (
    PANE_MIN,
    FlowLayout,
    LazyPage,
    button_row,
    confirm,
    form_dialog,
    when_typing_pauses,
)


def _buttons(*specs) -> FlowLayout:
    return button_row(*specs)


class PointsPage(LazyPage):
    shows = frozenset({"volunteer", "activity", "participation", "service_request", "shop_item", "setting"})  # points follow attendance and 点单

    def __init__(self, store, parent=None):
        super().__init__(store, parent)
        self._goods = []
        self._everyone: list[int] | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText("查找志愿者：姓名、拼音首字母或电话尾号")
        self._search_timer = when_typing_pauses(self.search.textChanged, self._fill_accounts, self)
        self.account_rows = RowsModel(
            [("志愿者", lambda a: a.name), ("村民小组", lambda a: a.village_group),
             ("累计获得（分）", lambda a: points_text(a.earned)), ("已兑换（分）", lambda a: points_text(a.spent)),
             ("当前积分（分）", lambda a: points_text(a.balance))], lambda ids: points.accounts_for(self.store, ids),
            key=lambda a: a.volunteer_id, numbers=(2, 3, 4), empty="没有找到这位志愿者。换个写法查找，或清空查找框。")
        self.accounts = rows_view(self.account_rows, stretch=0)  # a county's 100,000 accounts: lazy, not items
        self.accounts.setObjectName("accountTable")
        self.accounts.selectionModel().selectionChanged.connect(lambda *_: self._fill_ledger())
        self.ledger = rows_table(
            [("日期", lambda x: f"{x.entered_on}"), ("来源", lambda x: SOURCE_LABELS.get(x.source, x.source)),
             ("说明", lambda x: x.reason), ("积分（分）", lambda x: f"{x.hundredths / 100:+g}"),
             ("余额（分）", lambda x: points_text(x.running))], key=id, numbers=(3, 4), stretch=2,
            empty="在左侧选择一名志愿者查看积分明细；登记出勤、完成群众点单时自动计入。")  # lines have no id
        self.ledger_title = QLabel("积分明细")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.accounts)
        left_layout.addLayout(_buttons(("兑换物品", self.redeem), ("手工调整积分", self.adjust),
                                       ("积分规则…", self.edit_rates), ("补记以往积分…", self.credit_past)))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.ledger_title)
        right_layout.addWidget(self.ledger)
        split = QSplitter()
        split.setChildrenCollapsible(False)
        for pane in (left, right):
            pane.setMinimumWidth(PANE_MIN)
            split.addWidget(pane)
        split.setSizes([520, 520])

        self.goods = rows_table(
            [("物品", lambda g: g.name), ("所需积分（分）", lambda g: str(g.price)), ("库存", lambda g: str(g.stock)),
             ("单位", lambda g: g.unit),
             ("状态", lambda g: "已下架" if g.archived else ("缺货" if g.stock == 0 else "在架"))], stretch=0,
            numbers=(1, 2), empty="还没有物品。点“新增物品”上架第一件。")
        self.goods.setObjectName("goodsTable")
        self.goods.doubleClicked.connect(lambda _: self.edit_goods())
        shop = QWidget()
        shop_layout = QVBoxLayout(shop)
        shop_layout.addLayout(_buttons(("新增物品", self.add_goods), ("编辑", self.edit_goods), ("入库", self.restock),
                                       ("下架/上架", self.toggle_goods)))
        shop_layout.addWidget(self.goods)

        self.exchanges = rows_table(
            [("兑换日期", lambda r: f"{r[1]}"), ("志愿者", lambda r: r[2]), ("物品", lambda r: r[3]),
             ("数量", lambda r: str(r[4])), ("扣减积分（分）", lambda r: str(r[5]))], key=lambda r: r[0], stretch=2,
            numbers=(3, 4), empty="还没有兑换记录。在“积分账户”选中志愿者，点“兑换物品”。")
        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.addLayout(_buttons(("补打兑换单", self.reprint_receipt)))
        history_layout.addWidget(self.exchanges)

        self.tabs = QTabWidget()
        self.tabs.addTab(split, "积分账户")
        self.tabs.addTab(shop, "爱心超市物品")
        self.tabs.addTab(history, "兑换记录")
        self.rules = QLabel()
        set_role(self.rules, "hint")
        self.rules.setWordWrap(True)  # one line at 1366 pixels, two beside a narrow screen's navigation
        layout = QVBoxLayout(self)
        layout.addWidget(self.rules)
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        self._stale = False
        r = points.rates(self.store)
        self.rules.setText(f"积分规则：服务每小时 {points_text(r.per_hour)} 分，每参加一次活动 {points_text(r.per_activity)} 分，"
                           f"每完成一次群众点单 {points_text(r.per_request)} 分。登记出勤时自动计入。")
        self._everyone = None  # the data changed: the unfiltered list is read again when next shown
        self._fill_accounts()
        self._goods = points.goods(self.store, include_archived=True)
        show_rows(self.goods, self._goods)
        show_rows(self.exchanges, points.redemptions(self.store))

    def _fill_accounts(self) -> None:
        keep = self.volunteer_id()
        text = self.search.text()
        if text.strip():
            ids = points.account_ids(self.store, text)
        else:  # clearing the search box costs nothing: the whole list is kept until the data changes
            if self._everyone is None:
                self._everyone = points.account_ids(self.store)
            ids = self._everyone
        self.account_rows.set_keys(ids)
        select_key(self.accounts, keep)
        self._fill_ledger()

    def volunteer_id(self) -> int | None:
        return selected_key(self.accounts)

    def _account(self):
        row = self.account_rows.row_of(self.volunteer_id())
        return self.account_rows.row(row) if row is not None else None

    def _fill_ledger(self) -> None:
        vid = self.volunteer_id()
        lines = points.ledger(self.store, vid) if vid else []
        account = self._account()
        self.ledger_title.setText(f"{account.name} 的积分明细（当前 {points_text(account.balance)} 分）" if account
                                  else "积分明细")
        show_rows(self.ledger, reversed(lines))

    def _written(self, message: str) -> None:
        self.refresh()
        self.changed.emit()
        self.status_message.emit(message)

    # -- points ------------------------------------------------------------------------------------------
    def _pick_volunteer(self) -> tuple[int, str] | None:
        picker = VolunteerPickerDialog(self.store, "选择志愿者", "选定", self)
        if not picker.exec() or not picker.chosen():
            return None
        return picker.chosen()[0].id, picker.chosen()[0].name

    def adjust(self) -> None:
        account = self._account()
        who = self._pick_volunteer() if account is None else (account.volunteer_id, account.name)
        if who is None:
            return
        amount, reason = QLineEdit(), QLineEdit()
        amount.setPlaceholderText("加分填正数，扣分填负数，如 5 或 -2")
        reason.setPlaceholderText("如：文明家庭评选加分；更正重复计分")
        if form_dialog(self, f"手工调整积分：{who[1]}", [("积分*：", amount), ("原因*：", reason)], "记入",
                       submit=lambda: points.adjust(self.store, who[0], amount.text(), reason.text())):
            self._written("已记入积分明细。")

    def edit_rates(self) -> None:
        r = points.rates(self.store)
        fields = [QLineEdit(points_text(v)) for v in (r.per_hour, r.per_activity, r.per_request)]
        if form_dialog(self, "积分规则（新规则只对以后登记的出勤和点单生效）",
                       list(zip(("服务每小时：", "每参加一次活动：", "每完成一次点单："), fields, strict=True)), "保存",
                       submit=lambda: points.save_rates(self.store, *(f.text() for f in fields))):
            self._written("已保存积分规则。")

    def credit_past(self) -> None:
        waiting = points.uncredited(self.store)
        if not waiting:
            self.status_message.emit("所有出勤记录都已计入积分。")
            return
        if not confirm(self, "补记以往积分", f"有 {waiting} 条出勤记录从未计入积分（启用积分之前登记的）。"
                                          "按现在的积分规则补记吗？已计入的不会重复。"):
            return
        with reported(self, "没有补记"):
            added = points.credit_past(self.store)
            self._written(f"已补记 {added} 条积分。")

    # -- exchanges -----------------------------------------------------------------------------------------
    def redeem(self, *, open_after: bool = True) -> str | None:
        vid = self.volunteer_id()
        if vid is None:
            self.status_message.emit("请先选择志愿者。")
            return None
        item = QComboBox()
        for g in points.goods(self.store):
            item.addItem(f"{g.name}　{g.price} 分/{g.unit}　（库存 {g.stock}）", g.id)
        if item.count() == 0:
            warn(self, "兑换物品", "爱心超市里还没有物品，请先在“爱心超市物品”中新增。")
            return None
        quantity = QSpinBox()
        quantity.setRange(1, 999)
        redeemed = []
        if not form_dialog(self, f"兑换物品（现有 {points_text(points.balance(self.store, vid))} 分）",
                           [("物品：", item), ("数量：", quantity)], "兑换",
                           submit=lambda: redeemed.append(points.redeem(self.store, vid, item.currentData(),
                                                                         quantity.value()))):
            return None
        self._written("已兑换，积分和库存已扣减。")
        return self.print_receipt(redeemed[0], open_after=open_after)

    def print_receipt(self, redemption_id: int, path: str | None = None, *, open_after: bool = True) -> str | None:
        return produce(self, "积分兑换单", lambda out: documents.receipt(self.store, redemption_id, out).pages, path,
                       open_after=open_after)

    def reprint_receipt(self) -> None:
        rid = selected_key(self.exchanges)
        if rid is not None:
            self.print_receipt(rid)

    # -- goods -----------------------------------------------------------------------------------------------
    def _current_goods(self):
        gid = selected_key(self.goods)
        return next((g for g in self._goods if g.id == gid), None)

    def _save_goods(self, current=None) -> None:
        name = QLineEdit(current.name if current else "")
        price = QLineEdit(str(current.price) if current else "")
        stock = QLineEdit("0")
        unit = QLineEdit(current.unit if current else "件")
        rows = [("物品名称*：", name), ("所需积分*：", price), ("单位：", unit)]
        if current is None:
            rows.insert(2, ("首批库存：", stock))
        if form_dialog(self, "编辑物品" if current else "新增物品", rows, "保存",
                       submit=lambda: points.save_goods(self.store, name.text(), price.text(), stock.text(), unit.text(),
                                                        item_id=current.id if current else None)):
            self._written("已保存物品。")

    def add_goods(self) -> None:
        self._save_goods()

    def edit_goods(self) -> None:
        if self._current_goods() is not None:
            self._save_goods(self._current_goods())

    def restock(self) -> None:
        g = self._current_goods()
        if g is None:
            return
        change, reason = QLineEdit(), QLineEdit()
        change.setPlaceholderText("入库填正数；损坏、过期出库填负数")
        stock = []
        if form_dialog(self, f"入库：{g.name}（现有 {g.stock} {g.unit}）", [("数量*：", change), ("说明：", reason)], "确定",
                       submit=lambda: stock.append(points.restock(self.store, g.id, change.text(), reason.text()))):
            self._written(f"“{g.name}”现有库存 {stock[0]} {g.unit}。")

    def toggle_goods(self) -> None:
        g = self._current_goods()
        if g is None:
            return
        if not g.archived and not confirm(self, "下架物品", f"下架“{g.name}”？下架后不能再兑换，记录保留，可重新上架。"):
            return
        points.set_goods_archived(self.store, g.id, not g.archived)
        self._written("已下架。" if not g.archived else "已重新上架。")
