"""The 条例's records in the window: entered through the 志愿者 page's 登记 menu (the real forms, filled by
label), shown in the detail (escaped: a subject with < and &), an activity's safety requirements and the
warnings its sign-up gives, and 首页's expiring list opening the volunteer."""

from datetime import date, datetime, timedelta

from PySide6.QtWidgets import QApplication

from stationdesk.domain.activity import ActivityDraft
from stationdesk.domain.idnumber import make_id_number
from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.services import activities, people, roster
from stationdesk.ui.activity_dialogs import SignupDialog
from stationdesk.ui.main_window import VOLUNTEERS, MainWindow
from stationdesk.ui.volunteers_page import VolunteersPage


def trigger(menu, text: str) -> None:
    next(a for a in menu.actions() if a.text().startswith(text)).trigger()


def test_records_entered_from_the_volunteers_page_show_in_the_detail(demo_store, qtbot, forms, monkeypatch):
    page = VolunteersPage(demo_store)
    qtbot.addWidget(page)
    page.resize(1366, 728)
    page.show()
    vid = page.selected_id()
    forms.answer({"培训日期": date(2026, 3, 1), "培训内容": ""},  # refused: the form says why and stays open
                 {"培训日期": date(2026, 3, 1), "培训内容": "应急救护 <初级> & 心肺复苏", "学时": 4.0, "授课人": "县红十字会"})
    trigger(page.records_menu, "培训")
    assert forms.messages == ["请填写培训内容。"]
    trigger(page.records_menu, "培训")
    forms.answer({"资质": "急救证", "有效期至": date(2020, 1, 1)}, {"保险公司": "中国人寿", "起期": date.today(),
                                                                  "止期": date.today() + timedelta(days=20)},
                 {"年度": "2026", "评价": 4, "评语": "认真"})
    trigger(page.records_menu, "资质")
    trigger(page.records_menu, "意外保险")
    trigger(page.records_menu, "年度评价")
    shown = page.detail.text.text()
    assert "1 次，共 4 学时" in shown and "应急救护 &lt;初级&gt; &amp; 心肺复苏" in shown
    assert "急救证（2020-01-01 已过期）" in shown and "中国人寿 至" in shown and "平均 4.0 星" in shown
    assert [t.trainer for t in people.records(demo_store, vid).trainings] == ["县红十字会"]
    page.grab().save("/tmp/person-records.png")

    # 删除误录: one form, which record and why; without a reason it stays open and removes nothing.
    def offered(dialog):
        which = dialog.fields["要删除的一条"]
        return [which.itemText(i) for i in range(which.count())]

    seen = []
    monkeypatch.setattr(forms, "run", lambda dialog, run=forms.run: seen.append(offered(dialog)) or run(dialog))
    forms.answer({"要删除的一条": "培训", "删除原因": ""})
    trigger(page.records_menu, "删除误录")
    assert forms.messages[-1] == "删除培训记录必须填写原因。" and len(people.records(demo_store, vid).trainings) == 1
    assert seen[0][0].startswith("培训　2026-03-01　应急救护") and any(o.startswith("评价　2026") for o in seen[0])
    forms.answer({"要删除的一条": "培训", "删除原因": "重复录入"})
    trigger(page.records_menu, "删除误录")
    assert people.records(demo_store, vid).trainings == [] and "培训</td><td>未登记" in page.detail.text.text()


def test_a_minor_an_activity_that_needs_insurance_and_the_sign_up_warning(demo_store, qtbot, forms, tmp_path):
    start = datetime(2026, 7, 18, 9)
    aid = activities.create_activity(demo_store, ActivityDraft(title="河道清理", starts_at=start,
                                                               ends_at=start + timedelta(hours=2), place="河边"))
    minor = roster.add_volunteer(demo_store, VolunteerDraft(
        name="阿卜杜热合曼·艾合买提江", id_number=make_id_number("650102", date(2012, 5, 1), 21)))
    from stationdesk.ui.activities_page import ActivitiesPage

    page = ActivitiesPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    page.show_activity(aid)
    forms.answer({"有风险": True, "需要的资质": "救生员证"})
    page.safety()
    assert people.safety(demo_store, aid) == people.Safety(True, "救生员证")
    dialog = SignupDialog(demo_store, aid)
    qtbot.addWidget(dialog)
    dialog.add_ids([minor])
    said = dialog.warning.text()
    assert "未满18岁、尚未登记监护人同意：阿卜杜热合曼·艾合买提江" in said
    assert "有风险的活动" in said and "需要“救生员证”" in said
    assert dialog.list.count() == 1  # warned, still signed up: the station decides
    import subprocess

    out = page.print_safety_check(str(tmp_path / "safety.pdf"), open_after=False)  # what an inspector reads
    text = subprocess.run(["pdftotext", "-layout", out, "-"], capture_output=True, text=True, check=True).stdout
    assert "活动安全核查表" in text and "阿卜杜热合曼" in text and "需要补齐" in text


def test_home_lists_an_expiring_qualification_and_opens_the_volunteer(demo_store, qtbot):
    vid = roster.search_ids(demo_store, "")[-1]
    people.add_qualification(demo_store, vid, kind="急救证", valid_until=date.today() + timedelta(days=5))
    soon = datetime.combine(date.today() + timedelta(days=2), datetime.min.time()).replace(hour=9)
    activities.create_activity(demo_store, ActivityDraft(title="<清明> & 文明祭扫", starts_at=soon,
                                                         ends_at=soon + timedelta(hours=2), place="烈士陵园"))
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "正在整理" not in window.home.attention.text())
    name = roster.get_volunteer(demo_store, vid).draft.name
    assert f"{name} 的急救证将于" in window.home.attention.text()
    assert "&lt;清明&gt; &amp; 文明祭扫" in window.home.attention.text()  # shown as typed, not read as markup
    window.home.attention.linkActivated.emit(f"volunteer:{vid}")
    QApplication.processEvents()
    assert window.nav.currentRow() == VOLUNTEERS and window.volunteers.selected_id() == vid


def test_a_group_policy_entered_by_mistake_is_removed_with_its_reason_logged(demo_store, qtbot, forms, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from stationdesk.services import audit
    from stationdesk.ui.activities_page import ActivitiesPage

    start = datetime(2026, 8, 2, 9)
    aid = activities.create_activity(demo_store, ActivityDraft(title="防溺水巡河", starts_at=start,
                                                               ends_at=start + timedelta(hours=2), place="河边"))
    page = ActivitiesPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    page.show_activity(aid)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    page.remove_group_insurance()  # none yet: said, nothing asked
    assert told == ["这次活动还没有登记团体意外保险。"]

    forms.answer({"保险公司": "中国平安", "保单号": "GP<2026>&1", "起期": start.date(), "止期": start.date()})
    page.group_insurance()
    [policy] = people.group_policies(demo_store, aid)
    forms.answer({"要删除的一条": "团体保险　中国平安　GP<2026>&1　2026-08-02至2026-08-02", "删除原因": "录错了活动"})
    page.remove_group_insurance()
    assert people.group_policies(demo_store, aid) == []
    action, detail = audit.entries_for(demo_store, "insurance", policy.id)[-1][2:]
    assert action == "delete" and "录错了活动" in detail and "中国平安" in detail


def test_home_names_three_expiring_and_lists_them_all_in_date_order(demo_store, qtbot, monkeypatch):
    from stationdesk.ui.expiring_dialog import ExpiringDialog

    ids = roster.search_ids(demo_store, "")[:6]
    for n, vid in enumerate(ids):  # six more, beside whatever the demo has lapsing
        people.add_qualification(demo_store, vid, kind="救生员证<初级>", valid_until=date.today() + timedelta(days=n + 1))
    everything = people.expiring(demo_store)
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "正在整理" not in window.home.attention.text())
    assert f"另有 {len(everything) - 3} 项资质或保险 30 天内到期" in window.home.attention.text()
    shown = []

    def choose_the_last(dialog):
        model = dialog.table.model()
        shown.extend(model.data(model.index(r, 0)) + " " + model.data(model.index(r, 2)) for r in range(model.rowCount()))
        dialog.table.selectRow(model.rowCount() - 1)
        dialog.accept()
        return True

    monkeypatch.setattr(ExpiringDialog, "exec", choose_the_last)
    window.home.attention.linkActivated.emit("expiring")
    QApplication.processEvents()
    assert shown == [f"{e.ends_on} {e.what}" for e in everything] and len(shown) >= 6
    assert window.nav.currentRow() == VOLUNTEERS and window.volunteers.selected_id() == everything[-1].volunteer_id
