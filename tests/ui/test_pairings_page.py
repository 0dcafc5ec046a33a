import subprocess
from datetime import date

from stationdesk.services import pairings
from stationdesk.ui.pairings_page import PairingsPage
from stationdesk.ui.rows_model import cell


def test_units_agreements_and_this_years_fulfilment(demo_store, qtbot, tmp_path, forms):
    page = PairingsPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    assert page.units.model().rowCount() == 4
    names = [cell(page.units, r, 0) for r in range(4)]
    page.units.selectRow(names.index("县人民医院"))
    assert page.agreements.model().rowCount() == 1 and page.commitments.model().rowCount() == 4
    aspects = [cell(page.commitments, r, 0) for r in range(4)]
    assert aspects == ["阵地共享", "活动共办", "队伍共育", "项目共推"]
    from stationdesk.domain.pairing import FULFILMENT_LABELS

    expected = pairings.fulfilment_for_year(demo_store, page.pairing_id(), page.year.currentData())
    assert [cell(page.commitments, r, 4) for r in range(4)] == [FULFILMENT_LABELS[c.status] for c in expected]
    assert [cell(page.commitments, r, 3) for r in range(4)] == [str(c.done) for c in expected]  # 已完成（次）
    pdf = tmp_path / "agreement.pdf"
    assert page.print_agreement(str(pdf), open_after=False) == str(pdf)
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "甲方：县人民医院" in text
    forms.answer({"终止日期": date(2026, 12, 31), "原因": "单位改制"})
    page.end_pairing()
    pid = page.pairing_id()
    assert pairings.get_pairing(demo_store, pid).end_reason == "单位改制"
    forms.answer({"终止日期": date(2026, 12, 31), "原因": " "})  # refused in the open form, then cancelled
    page.end_pairing()
    assert forms.messages and "必须填写原因" in forms.messages[0]


def test_attaching_the_signed_scan_from_the_page(demo_store, qtbot, tmp_path):
    page = PairingsPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    scan = tmp_path / "signed.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    page.attach_scan(str(scan))
    assert cell(page.agreements, page.agreements.currentIndex().row(), 3) == "有"
    assert pairings.scan_of(demo_store, page.pairing_id())[0] == "signed.pdf"
