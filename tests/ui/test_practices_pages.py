"""The issue's "done when", as a person does it: take a phone request through the four steps, redeem
points for goods, record an honour and a fund expense, and plan the Mid-Autumn activity from the calendar."""

import subprocess
from datetime import date, datetime

import pytest

from stationdesk.domain.amounts import points_text
from stationdesk.errors import UserError
from stationdesk.services import activities, funds, points, requests
from stationdesk.services.requests import RequestDraft
from stationdesk.ui import errors
from stationdesk.ui.calendar_dialog import CalendarDialog
from stationdesk.ui.funds_page import FundsPage
from stationdesk.ui.honours_page import HonoursPage
from stationdesk.ui.main_window import POINTS, REQUESTS, MainWindow
from stationdesk.ui.menu_dialog import MenuDialog
from stationdesk.ui.rows_model import cell


def pdf_text(path) -> str:
    return "".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())


@pytest.fixture
def shown(monkeypatch):
    messages = []
    monkeypatch.setattr(errors, "warn", lambda parent, title, text: messages.append(text))
    return messages


def test_a_phone_request_from_order_to_rating(demo_store, qtbot, tmp_path, shown):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(REQUESTS)
    page = window.requests
    volunteer = demo_store.scalar("SELECT id FROM volunteer WHERE status = 'active' ORDER BY id DESC LIMIT 1")
    page.ask_request = lambda save: submitted(save, RequestDraft(
        resident_name="钱阿婆", resident_phone="13912345678", village_group="五组", what="帮忙修理漏水的水龙头"))
    page.new_request()
    assert cell(page.table, page.table.currentIndex().row(), 2) == "钱阿婆"
    assert cell(page.table, page.table.currentIndex().row(), 7) == "待派单"
    assert "139****5678" in page.detail.text() and "13912345678" not in page.detail.text()
    # A step out of order is refused in Chinese (in the open form) and changes nothing.
    page.ask_review = lambda r, save: submitted(save, (5, ""))
    with pytest.raises(UserError, match="完成后才能评单"):
        page.review()
    page.ask_dispatch = lambda r, save: submitted(save, (None, [volunteer], date.today()))
    page.dispatch()
    page.ask_accepting = lambda r, save: submitted(save, [])
    page.accept()
    page.ask_completion = lambda r, save: submitted(save, ("更换了水龙头阀芯", datetime.now().replace(microsecond=0), 1.0))
    page.complete()
    page.ask_review = lambda r, save: submitted(save, (4, "修得很快"))
    page.review()
    row = requests.get_request(demo_store, page.request_id())
    assert (row.state, row.rating, row.volunteers) == ("reviewed", 4, demo_store.scalar(
        "SELECT name FROM volunteer WHERE id = ?", (volunteer,)))
    assert cell(page.table, page.table.currentIndex().row(), 8) == "★★★★"
    slip = tmp_path / "slip.pdf"
    assert page.print_slip(str(slip), open_after=False) == str(slip)
    text = pdf_text(slip)
    assert "群众点单服务单" in text and "钱阿婆" in text and "139****5678" in text and "13912345678" not in text
    listing = tmp_path / "list.pdf"
    page.print_list(str(listing), open_after=False)
    assert "已评单" in pdf_text(listing)
    # The overdue ones of the demo station are on the home page, one click from this page.
    assert "群众点单" in window.home.attention.text() and "href='request:" in window.home.attention.text()


def test_points_redeemed_for_goods_with_a_receipt(demo_store, qtbot, tmp_path, shown, forms):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(POINTS)
    page = window.page(POINTS)
    cell = lambda r, c: page.accounts.model().index(r, c).data()  # noqa: E731 — a lazy model: read as a view does
    assert page.accounts.model().rowCount() > 0
    name = cell(0, 0)
    balance = points.balance(demo_store, page.volunteer_id())
    assert cell(0, 4) == points_text(balance)
    assert name in page.ledger_title.text() and page.ledger.model().rowCount() > 0
    everyone = page.accounts.model().rowCount()
    page.search.setText(name)  # found by the roster's own search, once the typing pauses
    assert page.accounts.model().rowCount() == everyone
    qtbot.waitUntil(lambda: 0 < page.accounts.model().rowCount() < everyone)
    assert all(cell(r, 0) == name for r in range(page.accounts.model().rowCount()))
    page.search.setText("")
    qtbot.waitUntil(lambda: page.accounts.model().rowCount() == everyone)
    forms.answer({"物品名称": "雨伞", "所需积分": "3", "首批库存": "2", "单位": "把"})
    page.add_goods()
    forms.answer({"物品": "雨伞", "数量": 3})  # only two in stock
    page.redeem(open_after=False)
    assert "库存不足" in forms.messages[-1] and points.balance(demo_store, page.volunteer_id()) == balance
    forms.answer({"物品": "雨伞", "数量": 1})
    receipt = page.redeem(open_after=False)
    assert points.balance(demo_store, page.volunteer_id()) == balance - 300
    text = pdf_text(receipt)
    assert "爱心超市积分兑换单" in text and "雨伞" in text and name in text
    forms.answer({"积分": "-99999", "原因": "扣错"})
    page.adjust()
    assert "扣减后积分为负" in forms.messages[-1]
    forms.answer({"服务每小时": "2", "每参加一次活动": "0.5", "每完成一次点单": "1"})
    page.edit_rates()
    assert points.rates(demo_store).per_hour == 200 and "每小时 2 分" in page.rules.text()


def submitted(save, values: dict) -> dict:
    """What the open form does on OK: save while open (a refusal raises, the form stays); values after."""
    save(values)
    return values


def test_a_refused_form_stays_open_with_what_was_typed(store, qtbot):
    """The real 登记支出 form: a negative amount is refused in red inside it; fixing it saves."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QLineEdit

    funds.add_entry(store, entered_on=date.today(), direction="in", source=funds.SOURCES[0], amount="100",
                    purpose="拨款")
    page = FundsPage(store)
    qtbot.addWidget(page)
    seen = {}

    def fill_and_press_ok():
        form = QApplication.activeModalWidget()
        try:
            edits = [e for e in form.findChildren(QLineEdit) if e.placeholderText().startswith("元")]
            amount = edits[0]
            purpose = form.findChildren(QLineEdit)[form.findChildren(QLineEdit).index(amount) + 1]
            amount.setText("-30")
            purpose.setText("买矿泉水")
            ok = form.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
            ok.click()
            message = form.findChild(QLabel, "formMessage")
            seen.update(open=form.isVisible(), message=message.text(), amount=amount.text(), purpose=purpose.text())
            amount.setText("30")
            ok.click()
            seen["after"] = message.text() if form.isVisible() else ""
        finally:
            if form.isVisible():  # never leave a modal form open: the test would wait for ever
                form.reject()

    QTimer.singleShot(0, fill_and_press_ok)
    page.add_expense()
    assert seen == {"open": True, "message": seen["message"], "amount": "-30", "purpose": "买矿泉水", "after": ""}
    assert "不能为负数" in seen["message"]
    assert [e.purpose for e in funds.entries(store, date.today().year)] == ["拨款", "买矿泉水"]


def test_honour_with_courtesy_and_certificates(demo_store, qtbot, tmp_path, shown, monkeypatch, forms):
    page = HonoursPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    vid = demo_store.scalar("SELECT id FROM volunteer ORDER BY id DESC LIMIT 1")
    page.ask_honor = lambda save: submitted(save, dict(title="道德模范", level="县级", year=date.today().year,
                                                       volunteer_id=vid, person_name="", conferred_by="县委宣传部",
                                                       deeds="见义勇为"))
    page.add_honor()
    names = [cell(page.honors, r, 1) for r in range(page.honors.model().rowCount())]
    page.honors.selectRow(names.index("道德模范"))
    forms.answer({"礼遇": "景区免费游览", "日期": date.today(), "备注": ""})
    page.give_courtesy()
    assert page.courtesies.model().rowCount() == 1 and cell(page.courtesies, 0, 1) == "景区免费游览"
    page.ask_honor = lambda save: submitted(save, dict(title="道德模范", level="县级", year=date.today().year,
                                                       volunteer_id=vid, person_name="", conferred_by="", deeds=""))
    with pytest.raises(UserError, match="已经登记过"):  # the open form shows it in red and keeps what was typed
        page.add_honor()
    import stationdesk.ui.honours_page as module

    monkeypatch.setattr(module, "confirm", lambda *a: True)
    out = page.issue_certificates(open_after=False)
    assert out and "道德模范" in pdf_text(out)


def test_fund_expense_and_bad_amounts(store, qtbot, tmp_path, shown, forms):
    page = FundsPage(store)
    qtbot.addWidget(page)
    page.show()
    year = date.today().year
    entry = {"日期": date(year, 1, 2), "资金来源": "专项资金", "摘要": "县专项资金", "凭证号": ""}
    forms.answer({**entry, "金额（元）": "5000"},
                 {**entry, "金额（元）": "-30", "摘要": "买水"},  # refused in the open form, then cancelled
                 {**entry, "金额（元）": "123.45", "摘要": "买水"})
    page.add_income()
    page.add_expense()
    assert len(forms.messages) == 1 and "不能为负数" in forms.messages[0]
    page.add_expense()
    assert cell(page.balances, 0, 4) == "4,876.55"
    statement = tmp_path / "funds.pdf"
    page.print_statement(str(statement), open_after=False)
    text = pdf_text(statement)
    assert "资金收支明细" in text and "4,876.55" in text and "123.45" in text
    assert funds.balances(store, year)[0].closing == 487655


def test_menu_dialog_adds_and_retires_items(demo_store, qtbot, forms):
    dialog = MenuDialog(demo_store)
    qtbot.addWidget(dialog)
    before = dialog.table.model().rowCount()
    forms.answer({"项目名称": "磨剪刀", "服务类别": "其他", "说明": "上门", "通常承接的队伍": "（无）"})
    dialog.add_item()
    assert dialog.table.model().rowCount() == before + 1
    names = [cell(dialog.table, r, 0) for r in range(dialog.table.model().rowCount())]
    dialog.table.selectRow(names.index("磨剪刀"))
    dialog.toggle_archived()
    assert "磨剪刀" not in [m.name for m in requests.list_menu(demo_store)]


def test_plan_the_mid_autumn_activity_from_the_calendar(demo_store, qtbot, tmp_path):
    dialog = CalendarDialog(demo_store, day=date(2026, 9, 25))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "中秋节" in dialog.day_info.text() and dialog.plan_button.text() == "为中秋节安排活动"
    assert dialog.calendar.labels[date(2026, 9, 25)][0] == "中秋节"
    assert dialog.calendar.labels[date(2026, 9, 15)][0] == "逢5"
    dialog.grab().save(str(tmp_path / "calendar.png"))

    def press_save(activity_dialog):
        assert activity_dialog.title.text() == "“我们的节日·中秋”主题活动"
        assert activity_dialog.brand.currentText() == "我们的节日"
        activity_dialog.place.setText("村文化礼堂")
        activity_dialog.save()
        return activity_dialog.result()

    dialog.exec_activity_dialog = press_save
    dialog.plan()
    a = activities.get_activity(demo_store, dialog.planned_id)
    assert (a.title, a.brand, a.starts_at.date(), a.place) == ("“我们的节日·中秋”主题活动", "我们的节日",
                                                               date(2026, 9, 25), "村文化礼堂")
    assert "主题活动" in dialog.day_info.text()  # the day now lists it



def test_crediting_past_attendance_from_the_page(demo_store, qtbot, monkeypatch, shown):
    import stationdesk.ui.points_page as module
    from stationdesk.ui.points_page import PointsPage

    aid = demo_store.scalar("SELECT id FROM activity WHERE status = 'planned' ORDER BY id LIMIT 1")
    vid = demo_store.scalar("SELECT id FROM volunteer ORDER BY id DESC LIMIT 1")
    points.save_rates(demo_store, "0", "0", "0")
    from stationdesk.services import attendance

    attendance.sign_up(demo_store, aid, [vid])
    attendance.record_attendance(demo_store, aid, [attendance.Mark(vid, True)])
    points.save_rates(demo_store, "1", "0", "1")
    before = points.balance(demo_store, vid)
    page = PointsPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    asked = []
    monkeypatch.setattr(module, "confirm", lambda parent, title, text: asked.append(text) or True)
    page.credit_past()
    assert "1 条出勤记录" in asked[0]
    assert points.balance(demo_store, vid) > before and points.uncredited(demo_store) == 0
