import subprocess
from datetime import datetime

from stationdesk.reports.roster import build_roster
from stationdesk.services import roster

PRINTED = datetime(2026, 11, 23, 9, 30)


def pdftotext(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_roster_pdf_has_masked_people_page_numbers_and_only_embedded_fonts(demo_store, tmp_path):
    rows = roster.search(demo_store, "")
    out = tmp_path / "roster.pdf"
    pages = build_roster(rows, out, station="青山村新时代文明实践站", printed_at=PRINTED)
    assert pages == 2
    text = pdftotext(out)
    assert "青山村新时代文明实践站志愿者花名册" in text
    assert "共 60 人" in text
    flat = "".join(text.split())  # pdftotext drops the spaces between CJK characters unevenly
    assert "第1页/共2页" in flat and "第2页/共2页" in flat
    assert "打印日期：2026-11-23" in flat
    assert "张三" in text and rows[0].phone_masked in text
    full_phone = demo_store.scalar("SELECT phone FROM volunteer WHERE id = ?", (rows[0].id,))
    assert full_phone not in text
    assert text.count("序号") == 2  # header repeated on page 2
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    embedded = [line.split()[-5] for line in fonts.splitlines()[2:]]  # the "emb" column
    assert embedded and set(embedded) == {"yes"}
    assert "Helvetica" not in fonts
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "志愿者花名册" in info and "A4" in info


def test_identical_data_gives_identical_bytes(demo_store, tmp_path):
    rows = roster.search(demo_store, "")
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    build_roster(rows, a, station="站", printed_at=PRINTED)
    build_roster(rows, b, station="站", printed_at=PRINTED)
    assert a.read_bytes() == b.read_bytes()


def test_an_empty_roster_still_prints_a_page(tmp_path):
    out = tmp_path / "empty.pdf"
    assert build_roster([], out, station="站", printed_at=PRINTED) == 1
    assert "共0人" in "".join(pdftotext(out).split())
