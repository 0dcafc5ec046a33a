"""Everything fits the screens office PCs have: 1024×768, 1366×768 and 1920×1080, at 100 %, 125 % and
150 % scaling (Windows' usual settings; a taskbar takes about 40 pixels of height)."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from stationdesk.services import documents

TASKBAR = 40
# (width, height, scale). 1024×768 and 1366×768 at 150 % would leave 512 logical pixels of height: below
# what this app supports (a page scrolls, but its dialogs would not fit), and not tried.
COMBINATIONS = [(w, h, scale) for w, h in ((1024, 768), (1366, 768), (1920, 1080)) for scale in (1.0, 1.25, 1.5)
                if h / scale >= 600]


def screen(width: int, height: int) -> dict:
    return {"synchronousWindowSystemEvents": False, "windowFrameMargins": True,
            "screens": [{"name": "office", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96,
                         "logicalBaseDpi": 96, "dpr": 1}]}


@pytest.fixture(scope="module")
def tour_files(tmp_path_factory):
    from stationdesk.services.demo import build_demo
    from stationdesk.store import open_database

    folder = tmp_path_factory.mktemp("tour")
    store = open_database(folder / "demo.sqlite3")
    build_demo(store, volunteers=60, seed=7)
    pdf = folder / "roster.pdf"
    documents.roster(store, pdf)
    store.close()  # each tour opens its own copy
    return folder, pdf


@pytest.mark.parametrize(("width", "height", "scale"), COMBINATIONS,
                         ids=[f"{w}x{h}@{int(s * 100)}%" for w, h, s in COMBINATIONS])
def test_every_page_and_dialog_fits_the_screen(tour_files, tmp_path, width, height, scale):
    folder, pdf = tour_files
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(screen(width, height)))
    db = tmp_path / "station.sqlite3"
    shutil.copy(folder / "demo.sqlite3", db)
    # Its own settings folder: a size an earlier test's window remembered (QSettings) is not this tour's.
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": str(scale),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    proc = subprocess.run([sys.executable, "-m", "tests.ui.screen_tour", str(db), str(pdf)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    logical_w, logical_h = round(width / scale), round(height / scale)
    assert abs(report["screen"][0] - logical_w) <= 1 and abs(report["screen"][1] - logical_h) <= 1
    usable_w, usable_h = report["screen"][0], report["screen"][1] - TASKBAR
    too_big = {name: sizes for name, sizes in report["windows"].items()
               if max(sizes[0], sizes[2]) > usable_w or max(sizes[1], sizes[3]) > usable_h}
    assert too_big == {}, too_big
    assert report["cut_off"] == {}  # every visible control is inside its window (or in a scroll area)
    assert len(report["windows"]) >= 12 + 21
    # No page scrolls sideways, down to 1024×768 at 125 % (a 606-pixel page beside the navigation): button
    # rows wrap (widgets.FlowLayout), labels word-wrap, a splitter's panes stop at widgets.PANE_MIN.
    assert report["sideways"] == []
    assert report["overlaps"] == {}  # a wrapped row is given the height its lines need
