"""`attendance correct` keeps the daily cap: 24.1 hours for a one-day activity is refused in Chinese."""

import json
import subprocess
import sys


def run(*args):
    return subprocess.run([sys.executable, "-m", "stationdesk", *map(str, args)], capture_output=True, text=True,
                          timeout=120)


def test_a_correction_over_the_daily_cap_is_refused_in_chinese(tmp_path):
    db = tmp_path / "s.sqlite3"
    assert run("--db", db, "demo", "--volunteers", "20").returncode == 0
    done = next(a for a in json.loads(run("--db", db, "activities", "list", "--json").stdout)["results"]
                if a["status"] == "done")
    rows = json.loads(run("--db", db, "attendance", "list", done["id"], "--json").stdout)["results"]
    record = next(r for r in rows if r["attended"])
    refused = run("--db", db, "attendance", "correct", record["record"], "--hours", "24.1", "--reason", "多记")
    assert refused.returncode == 2 and "每人每天最多计 8 小时" in refused.stderr and "Traceback" not in refused.stderr
    history = json.loads(run("--db", db, "attendance", "history", done["id"], "--json").stdout)["results"]
    assert history == []  # nothing was changed
