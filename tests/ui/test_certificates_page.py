import subprocess

from PySide6.QtCore import QDate

from stationdesk.services import certificates, roster
from stationdesk.ui.certificates_page import CertificatesPage


def test_issue_verify_void_and_batch_honours_from_the_page(demo_store, qtbot, tmp_path, monkeypatch):
    from stationdesk.ui import pdf_preview

    monkeypatch.setattr(pdf_preview, "data_dir", lambda: tmp_path)
    page = CertificatesPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    vid = roster.search_ids(demo_store, "zs")[0]
    page.set_volunteer(vid, "张三")
    page.start.setDate(QDate(2020, 1, 1))
    page.end.setDate(QDate(2026, 12, 31))
    path = page.issue_record(open_after=False)
    assert path and "志愿服务记录证明" in subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    assert page.register.model().rowCount() == 1 and page.register.model().index(0, 5).data() == "有效"
    serial = page.register.model().index(0, 0).data()
    qtbot.keyClicks(page.verify_input, certificates.get(demo_store, serial).qr_text + "\r")
    assert "真实有效" in page.verdict.text()
    qtbot.keyClicks(page.verify_input, serial + "\r")
    assert "仅凭编号不能证明真伪" in page.verdict.text()
    page.register.selectRow(0)
    page.ask_void_reason = lambda s: "重新出具"
    page.void()
    assert page.register.model().index(0, 5).data() == "已作废：重新出具"
    qtbot.keyClicks(page.verify_input, serial + "\r")
    assert "已于" in page.verdict.text() and "作废" in page.verdict.text()
    page.year.setValue(2026)
    page.min_hours.setValue(1)
    page.confirm_batch = lambda count, names: True
    honours = page.issue_honors(open_after=False)
    assert honours and page.register.model().rowCount() > 2


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
