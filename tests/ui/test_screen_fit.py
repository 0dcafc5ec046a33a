"""Everything fits a 1366×768 office screen (a taskbar leaves about 728 pixels of height)."""

import json
import os
import subprocess
import sys

from stationdesk.services import documents

SCREEN = {"synchronousWindowSystemEvents": False, "windowFrameMargins": True,
          "screens": [{"name": "office", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96,
                       "logicalBaseDpi": 96, "dpr": 1}]}
USABLE_HEIGHT = 728


def test_every_page_and_dialog_fits_a_1366_by_768_screen(demo_store, tmp_path):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(SCREEN))
    pdf = tmp_path / "roster.pdf"
    documents.roster(demo_store, pdf)
    db = demo_store.path
    demo_store.close()  # the tour opens the database itself
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    proc = subprocess.run([sys.executable, "-m", "tests.ui.screen_tour", str(db), str(pdf)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["screen"] == [1366, 768]
    too_big = {name: sizes for name, sizes in report["windows"].items()
               if max(sizes[0], sizes[2]) > 1366 or max(sizes[1], sizes[3]) > USABLE_HEIGHT}
    assert too_big == {}, too_big
    assert len(report["windows"]) >= 12 + 21
