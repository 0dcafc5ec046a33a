import re
import shutil
import subprocess
from datetime import datetime, timedelta

import pytest

from stationdesk.domain.activity import ActivityDraft
from stationdesk.reports.signin import build_signin_sheet, qr_payload
from stationdesk.services import activities, attendance, roster

PRINTED = datetime(2026, 11, 20, 8, 0)


def text_of(pdf, page=None):
    args = ["pdftotext", "-layout"] + (["-f", str(page), "-l", str(page)] if page else []) + [str(pdf), "-"]
    return "".join(subprocess.run(args, capture_output=True, text=True, check=True).stdout.split())


@pytest.fixture
def planned(demo_store):
    start = datetime(2026, 11, 25, 9, 0)
    aid = activities.create_activity(demo_store, ActivityDraft(
        title="逢5出发·垃圾分类宣传", category="其他", brand="逢5出发", starts_at=start,
        ends_at=start + timedelta(hours=2), place="村文化广场", partner="县税务局"))
    attendance.sign_up(demo_store, aid, roster.search_ids(demo_store, "")[:40])
    return demo_store, aid


def test_sheet_has_every_signed_up_volunteer_masked_then_blank_rows(planned, tmp_path):
    store, aid = planned
    rows = attendance.sheet_rows(store, aid)
    out = tmp_path / "signin.pdf"
    pages = build_signin_sheet(activities.get_activity(store, aid), rows, out, station="青山村新时代文明实践站",
                               printed_at=PRINTED, blank_rows=15)
    assert pages == 3
    text = text_of(out)
    for needle in ("志愿者签到表", "逢5出发·垃圾分类宣传", "2026年11月25日09:00–11:00", "村文化广场", "县税务局",
                   "序号", "签到时间", "签退时间", "本人签名"):
        assert needle in text, needle
    for r in rows:
        assert r.name in text and r.phone_masked in text
    assert not re.search(r"(?<![0-9*])1[3-9][0-9]{9}(?![0-9])", text)  # no full phone
    assert "55" in text and "56" not in text.split("负责人签字")[-1][:3]  # 40 people + 15 blank rows, numbered
    for page in range(1, pages + 1):
        on_page = text_of(out, page)
        assert "志愿者签到表·逢5出发·垃圾分类宣传" in on_page  # the page header names the activity
        assert f"第{page}页/共{pages}页" in on_page and "负责人签字" in on_page and "签到时间" in on_page
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert {line.split()[-5] for line in fonts.splitlines()[2:]} == {"yes"}
    assert "A4" in subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout


@pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbar-tools not installed")
def test_the_qr_code_names_the_activity(planned, tmp_path):
    store, aid = planned
    out = tmp_path / "signin.pdf"
    build_signin_sheet(activities.get_activity(store, aid), [], out, station="站", printed_at=PRINTED)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(out), str(tmp_path / "page")],
                   check=True)
    scan = subprocess.run(["zbarimg", "--quiet", "--raw", str(next(tmp_path.glob("page*.png")))],
                          capture_output=True, text=True)
    assert scan.stdout.strip() == qr_payload(aid) == f"STATIONDESK:ACTIVITY:{aid}"


def test_beneficiaries_variant_in_landscape(planned, tmp_path):
    store, aid = planned
    out = tmp_path / "b.pdf"
    build_signin_sheet(activities.get_activity(store, aid), attendance.sheet_rows(store, aid), out, station="站",
                       printed_at=PRINTED, beneficiaries=True, blank_rows=12, landscape_page=True)
    text = text_of(out)
    assert "服务对象签到表" in text and "村民小组" in text and "签到时间" not in text
    assert not any(r.name in text for r in attendance.sheet_rows(store, aid))  # residents sign blank rows
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "841.89 x 595.276" in info or "842 x 595" in info
