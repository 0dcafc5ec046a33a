import subprocess

from PySide6.QtCore import QDate

from stationdesk.services import certificates, roster
from stationdesk.ui.certificates_page import CertificatesPage


def test_issue_verify_void_and_batch_honours_from_the_page(demo_store, qtbot, tmp_path, monkeypatch, forms):
    from stationdesk.ui import certificates_page, pdf_preview

    monkeypatch.setattr(pdf_preview, "data_dir", lambda: tmp_path)
    page = CertificatesPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    held = page.register.model().rowCount()  # the demo's own, some voided
    vid = roster.search_ids(demo_store, "zs")[0]
    page.set_volunteer(vid, "张三")
    page.start.setDate(QDate(2020, 1, 1))
    page.end.setDate(QDate(2026, 12, 31))
    path = page.issue_record(open_after=False)
    assert path and "志愿服务记录证明" in subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    assert page.register.model().rowCount() == held + 1 and page.register.model().index(0, 5).data() == "有效"
    serial = page.register.model().index(0, 0).data()
    qtbot.keyClicks(page.verify_input, certificates.get(demo_store, serial).qr_text + "\r")
    assert "真实有效" in page.verdict.text()
    qtbot.keyClicks(page.verify_input, serial + "\r")
    assert "仅凭编号不能证明真伪" in page.verdict.text()
    page.register.selectRow(0)
    forms.answer({"原因": "重新出具"})
    page.void()
    assert page.register.model().index(0, 5).data() == "已作废：重新出具"
    qtbot.keyClicks(page.verify_input, serial + "\r")
    assert "已于" in page.verdict.text() and "作废" in page.verdict.text()
    page.year.setValue(2026)
    page.min_hours.setValue(1)
    page.confirm_batch = lambda count, names: True
    asked = []  # the demo's own 优秀志愿者 are asked about and skipped, as the question offers first
    monkeypatch.setattr(certificates_page, "ask_about_repeats", lambda parent, count, *_: asked.append(count) or "skip")
    honours = page.issue_honors(open_after=False)
    assert honours and asked == [3] and page.register.model().rowCount() > held + 2


def test_milestones_and_the_public_list_on_the_page(demo_store, qtbot, tmp_path, monkeypatch):
    from stationdesk.services import rules
    from stationdesk.ui import pdf_preview

    monkeypatch.setattr(pdf_preview, "data_dir", lambda: tmp_path)
    rules.save_rules(demo_store, step_minutes=30, daily_cap=8, levels=(2, 100, 200, 300, 400))
    page = CertificatesPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    before = page.milestones.model().rowCount()
    assert before > 0
    page.milestones.selectRow(0)
    page.mark_recognised()
    assert page.milestones.model().rowCount() == before - 1
    path = page.print_public_list(open_after=False)
    assert path and "公示" in subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout


def _served(store):
    """张三 (with an ID number) and 李四 (without), at two activities in 2026."""
    from datetime import date, datetime, timedelta

    from stationdesk.domain.activity import ActivityDraft
    from stationdesk.domain.idnumber import make_id_number
    from stationdesk.domain.volunteer import VolunteerDraft
    from stationdesk.services import activities, attendance
    from stationdesk.services.attendance import Mark

    zhang = roster.add_volunteer(store, VolunteerDraft(name="张三", id_number=make_id_number("330182", date(2001, 5, 4), 13)))
    li = roster.add_volunteer(store, VolunteerDraft(name="李四"))
    for month in (3, 6):
        start = datetime(2026, month, 5, 9)
        aid = activities.create_activity(store, ActivityDraft(title=f"{month}月村道保洁", category="环境保护",
                                                              starts_at=start, ends_at=start + timedelta(hours=3)))
        attendance.record_attendance(store, aid, [Mark(zhang, True), Mark(li, True)])
    return zhang, li


def _page(store, qtbot, tmp_path, monkeypatch):
    from stationdesk.ui import pdf_preview

    monkeypatch.setattr(pdf_preview, "data_dir", lambda: tmp_path)
    page = CertificatesPage(store)
    qtbot.addWidget(page)
    page.show()
    said = []
    page.status_message.connect(said.append)
    return page, said


def test_the_page_asks_before_a_proof_without_id_number_or_over_a_certified_period(store, qtbot, tmp_path,
                                                                                  monkeypatch):
    zhang, li = _served(store)
    page, _ = _page(store, qtbot, tmp_path, monkeypatch)
    page.start.setDate(QDate(2026, 1, 1))
    page.end.setDate(QDate(2026, 6, 30))
    asked = []
    page.confirm_proof = lambda warnings: asked.append(warnings) or False
    page.set_volunteer(li, "李四")
    assert page.issue_record(open_after=False) is None and certificates.register(store) == []  # declined: nothing
    assert len(asked) == 1 and "李四没有登记证件号码" in asked[0][0]
    page.confirm_proof = lambda warnings: asked.append(warnings) or True
    assert page.issue_record(open_after=False) and len(certificates.register(store)) == 1
    asked.clear()
    page.set_volunteer(zhang, "张三")
    assert page.issue_record(open_after=False) and asked == []  # an ID number and nothing overlapping: no question
    first = certificates.register_serials(store)[0]
    page.end.setDate(QDate(2026, 12, 31))
    page.confirm_proof = lambda warnings: asked.append(warnings) or False
    assert page.issue_record(open_after=False) is None and len(certificates.register(store)) == 2
    assert first in asked[0][0] and "重叠" in asked[0][0]


def test_the_verify_box_says_what_to_compare_and_a_reprint_is_logged(store, qtbot, tmp_path, monkeypatch):
    zhang, _ = _served(store)
    page, said = _page(store, qtbot, tmp_path, monkeypatch)
    page.set_volunteer(zhang, "张三")
    page.start.setDate(QDate(2026, 1, 1))
    page.end.setDate(QDate(2026, 12, 31))
    page.issue_record(open_after=False)
    serial = certificates.register_serials(store)[0]
    qtbot.keyClicks(page.verify_input, certificates.get(store, serial).qr_text + "\r")
    for line in ("真实有效", "持证人：张三", "期间：2026年1月1日至2026年12月31日", "时长：6 小时", "出具日期：",
                 "请核对纸面上的姓名、期间和时长是否与此一致"):
        assert line in page.verdict.text(), line
    scanned = certificates.get(store, serial).qr_text
    with store.write():  # as if an older backup were restored: the paper outlives its record
        store.execute("DELETE FROM certificate WHERE serial = ?", (serial,))
    page.refresh()
    page.verify_input.clear()
    qtbot.keyClicks(page.verify_input, scanned + "\r")
    for line in ("是本站签发的", "可能出具于所恢复的备份之后", "持证人：张三", "时长：6 小时"):
        assert line in page.verdict.text(), line
    page.issue_record(open_after=False)  # the register has one again for the reprint below
    serial = certificates.register_serials(store)[0]
    page.register.selectRow(0)
    path = page.reprint(open_after=False)
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    assert "补打件" in text and "补打" in said[-1]
    assert store.scalar("SELECT count(*) FROM audit_entry WHERE action = 'reprint' AND detail LIKE ?",
                        (f"%{serial}%",)) == 1


def test_a_second_honours_batch_asks_and_skips_those_already_honoured(store, qtbot, tmp_path, monkeypatch):
    import stationdesk.ui.certificates_page as module

    _, li = _served(store)
    page, said = _page(store, qtbot, tmp_path, monkeypatch)
    page.year.setValue(2026)
    page.min_hours.setValue(5)
    page.confirm_batch = lambda count, names: True
    answers, warned = [], []
    monkeypatch.setattr(module, "ask_about_repeats", lambda parent, count, names, year, title: answers.pop(0))
    monkeypatch.setattr(module, "warn", lambda parent, title, text: warned.append(text))
    honours = lambda: store.scalar("SELECT count(*) FROM certificate WHERE kind = 'honor'")  # noqa: E731
    assert page.issue_honors(open_after=False) and honours() == 2 and "跳过" not in said[-1]
    answers.append(None)  # asked about the two already honoured: cancel
    assert page.issue_honors(open_after=False) is None and honours() == 2
    answers.append("skip")  # skip them: no one is left
    assert page.issue_honors(open_after=False) is None and honours() == 2 and "都已出具过" in warned[-1]
    certificates.void(store, store.scalar("SELECT serial FROM certificate WHERE volunteer_id = ?", (li,)), reason="错字")
    answers.append("skip")
    path = page.issue_honors(open_after=False)
    assert path and honours() == 3 and "跳过已出具过的 1 人" in said[-1]
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    assert "李四" in text and "张三" not in text
    answers.append("again")
    assert page.issue_honors(open_after=False) and honours() == 5


def test_the_honours_page_skips_those_already_holding_the_certificate(store, qtbot, tmp_path, monkeypatch):
    import stationdesk.ui.certificates_page as certificates_module
    import stationdesk.ui.honours_page as module
    from stationdesk.services import honours
    from stationdesk.ui import pdf_preview
    from stationdesk.ui.honours_page import HonoursPage

    zhang, li = _served(store)
    for vid in (zhang, li):
        honours.add_honor(store, title="最美志愿者", level="村级", year=2026, volunteer_id=vid)
    certificates.issue_honors(store, [zhang], year=2026, title="最美志愿者")
    monkeypatch.setattr(pdf_preview, "data_dir", lambda: tmp_path)
    monkeypatch.setattr(module, "confirm", lambda *a: True)
    asked = []
    monkeypatch.setattr(certificates_module, "ask_about_repeats",
                        lambda parent, count, names, year, title: asked.append((count, names)) or "skip")
    page = HonoursPage(store)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    page.honors.selectRow(0)
    path = page.issue_certificates(open_after=False)
    assert asked == [(1, "张三")] and path
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    assert "李四" in text and "张三" not in text
