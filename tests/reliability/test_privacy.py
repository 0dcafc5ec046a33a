"""Nothing a person sees or takes away by default shows a full ID number or phone; only the logged reveal."""

import json
import re
import subprocess
import sys
from datetime import datetime

from openpyxl import load_workbook

from stationdesk.reports.roster import build_roster
from stationdesk.services import audit, exporting, roster
from stationdesk.ui.volunteer_table_model import COLUMNS
from stationdesk.ui.volunteers_page import VolunteersPage

FULL_ID = re.compile(r"(?<![0-9*])[1-9][0-9]{16}[0-9Xx](?![0-9])")
FULL_MOBILE = re.compile(r"(?<![0-9*])1[3-9][0-9]{9}(?![0-9])")


def leaks(text: str) -> list[str]:
    return FULL_ID.findall(text) + FULL_MOBILE.findall(text)


def test_default_views_printouts_and_exports_show_no_full_numbers(demo_store, qtbot, tmp_path, db_path):
    seen: dict[str, str] = {}
    page = VolunteersPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    model = page.model
    seen["roster table"] = " ".join(str(model.data(model.index(r, c))) for r in range(model.rowCount())
                                    for c in range(len(COLUMNS)))
    details = []
    for row in range(model.rowCount()):
        page.select_row(row)
        details.append(page.detail.text.text())
    seen["detail panel"] = " ".join(details)
    pdf = tmp_path / "roster.pdf"
    build_roster(roster.search(demo_store, ""), pdf, station="站", printed_at=datetime(2026, 1, 1))
    seen["roster PDF"] = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    xlsx = tmp_path / "roster.xlsx"
    exporting.export_roster(demo_store, xlsx)
    seen["default export"] = " ".join(str(v) for row in load_workbook(xlsx).active.iter_rows(values_only=True)
                                      for v in row)
    demo_store.close()
    search = subprocess.run([sys.executable, "-m", "stationdesk", "--db", str(db_path), "volunteers", "search", "",
                             "--limit", "100", "--json"], capture_output=True, text=True, check=True).stdout
    seen["CLI search"] = json.dumps(json.loads(search), ensure_ascii=False)
    found = {where: leaks(text) for where, text in seen.items()}
    print(f"\nprivacy scan: {sum(len(t) for t in seen.values())} characters in {len(seen)} outputs, "
          f"{sum(len(v) for v in found.values())} full numbers")
    assert found == {where: [] for where in seen}
    assert all(len(text) > 500 for text in seen.values())  # the scan saw real content


def test_the_reveal_is_the_one_way_to_a_full_number_and_it_is_logged(demo_store, qtbot):
    page = VolunteersPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    page.detail.reveal()
    assert leaks(page.detail.text.text())
    log = audit.recent(demo_store)
    assert [entry[2] for entry in log[:2]] == ["查看完整号码", "查看完整号码"]
