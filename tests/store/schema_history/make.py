"""How the frozen databases beside this file were made (run once; they are committed, never rebuilt).

Each vN.sqlite3 was written by the app's own code at the last commit whose newest migration was N —
checked out with `git worktree` — with the demo station plus what the demo of that time did not make
(an hours correction, certificates, points, a fund entry), where that version had them. vN.json holds
what the upgrade tests compare after migrating: row counts, attended hours by year, certificate serials.

Usage (from the repository root): python tests/store/schema_history/make.py [VERSION …]
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
# The commit before each next migration was added: its code is version N's, at its most finished.
VERSIONS = {1: "9a85388^", 2: "7a7a463^", 3: "73035ad^", 4: "8f5b198^", 5: "2cf0fc5^", 6: "0941b86^", 7: "80886f6", 8: "625216e", 9: "4045576", 10: "63b4e73", 11: "9960f35", 12: "59dcb6b", 13: "39f4dd5", 14: "91866e9", 15: "0e08fce", 16: "7d99c60", 17: "1cc9492"}

BUILD = r'''
import json, sqlite3, sys
from datetime import date
from pathlib import Path
from stationdesk.store import open_database
from stationdesk.services.demo import build_demo

out = Path(sys.argv[1])
store = open_database(out)
build_demo(store, volunteers=40, seed=5)
try:
    from stationdesk.services import attendance
    pid = store.scalar("SELECT id FROM participation WHERE attended = 1 ORDER BY id LIMIT 1")
    if pid:
        attendance.correct_hours(store, pid, 0.5, reason="核对签到表")
except ImportError:
    pass
try:
    from stationdesk.services import certificates
    vid = store.scalar("SELECT volunteer_id FROM participation WHERE attended = 1 ORDER BY id LIMIT 1")
    certificates.issue_service_record(store, vid, date(2026, 1, 1), date(2026, 12, 31), on=date(2026, 11, 30))
except ImportError:
    pass
try:
    from stationdesk.services import funds, points
    if hasattr(points, "credit_past"):  # 补记 came after v5; the demo of v5 credited as it went
        points.credit_past(store)
    funds.add_entry(store, entered_on=date(2026, 6, 1), direction="in", source="上级拨付", amount="1200.50",
                    purpose="文明实践活动经费")
except ImportError:
    pass
version = store.scalar("PRAGMA user_version")
store.close()
con = sqlite3.connect(out)
tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")]
has = lambda t: t in tables
manifest = {
    "version": version,
    "counts": {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)},
    "hours_by_year": dict(con.execute(
        "SELECT substr(a.starts_at, 1, 4), round(sum(p.hours), 2) FROM participation p JOIN activity a"
        " ON a.id = p.activity_id WHERE p.attended = 1 AND a.status = 'done' GROUP BY 1").fetchall()) if has("participation") else {},
    "serials": [r[0] for r in con.execute("SELECT serial FROM certificate ORDER BY id")] if has("certificate") else [],
}
con.execute("PRAGMA journal_mode = DELETE")
con.close()
print(json.dumps(manifest, ensure_ascii=False))
'''


def main(only: list[int]) -> None:
    root = Path(subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                               check=True).stdout.strip())
    with tempfile.TemporaryDirectory() as tmp:
        for version, commit in VERSIONS.items():
            if only and version not in only:  # made once: an existing file is never rebuilt
                continue
            tree = Path(tmp) / f"v{version}"
            subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], cwd=root, check=True,
                           capture_output=True)
            try:
                out = HERE / f"v{version}.sqlite3"
                out.unlink(missing_ok=True)
                proc = subprocess.run([sys.executable, "-c", BUILD, str(out)], cwd=tree, env={"PYTHONPATH": str(tree)},
                                      capture_output=True, text=True, check=True)
                manifest = json.loads(proc.stdout.strip().splitlines()[-1])
                assert manifest["version"] == version, manifest
                (HERE / f"v{version}.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                                      encoding="utf-8")
                out.with_name(out.name + ".lock").unlink(missing_ok=True)
                print(f"v{version}: {out.stat().st_size // 1024} KB, {sum(manifest['counts'].values())} rows")
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=root, check=True)


if __name__ == "__main__":
    main([int(v) for v in sys.argv[1:]])
