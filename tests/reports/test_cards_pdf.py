import re
import shutil
import subprocess
from datetime import datetime

import pytest

from stationdesk.reports.cards import build_cards
from stationdesk.services import attendance, roster


def test_cards_carry_names_and_an_opaque_qr_only(demo_store, tmp_path):
    rows = roster.card_rows(demo_store, roster.search_ids(demo_store, "")[:9])
    out = tmp_path / "cards.pdf"
    assert build_cards(rows, out, station="青山村新时代文明实践站", printed_at=datetime(2026, 11, 1),
                       prefix=attendance.CARD_PREFIX) == 2
    text = "".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split())
    assert all(name in text for _, name, *_ in rows) and "志愿者证" in text
    assert not re.search(r"1[3-9][0-9]{9}|[0-9]{17}[0-9X]", text)
    if shutil.which("zbarimg"):
        subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", str(out), str(tmp_path / "p")], check=True)
        scanned = subprocess.run(["zbarimg", "--quiet", "--raw", str(next(tmp_path.glob("p*.png")))],
                                 capture_output=True, text=True).stdout.split()
        assert sorted(scanned) == sorted(f"SDV:{r[4]}" for r in rows[:8])
        assert attendance.volunteer_for_card(demo_store, scanned[0]) in {r[0] for r in rows}


@pytest.mark.parametrize("count, pages", [(0, 1), (8, 1), (17, 3)])
def test_eight_cards_a_page(demo_store, tmp_path, count, pages):
    rows = roster.card_rows(demo_store, roster.search_ids(demo_store, "")[:count])
    assert build_cards(rows, tmp_path / "c.pdf", station="站", printed_at=datetime(2026, 1, 1), prefix="SDV:") == pages
