"""kill -9 of a writer at random moments: every reported save survives, nothing is half-written."""

import random
import signal
import sqlite3
import subprocess
import sys
import time

from stationdesk.store import open_database
from stationdesk.store.health import check_database
from tests.reliability.conftest import scale
from tests.reliability.writer import IMPORT_ROWS


def killed_writer(module: str, db, k: int, workdir, seconds: float) -> str:
    """Start the writer `module` on `db`, kill -9 it after `seconds` of work; what it had reported."""
    proc = subprocess.Popen([sys.executable, "-m", module, str(db), str(k), str(workdir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(seconds)
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL, err  # it was working, not dead of an error
    assert "Traceback" not in err, err
    return out


def test_kill_minus_nine_never_loses_a_reported_save(tmp_path):
    kills = scale(12, 300)
    db = tmp_path / "station.sqlite3"
    open_database(db).close()
    reported: list[str] = []
    rng = random.Random(2026)
    for k in range(kills):
        out = killed_writer("tests.reliability.writer", db, k, tmp_path, rng.uniform(0.05, 0.6))
        reported += [line for line in out.splitlines() if line]
    assert not [line for line in reported if line.startswith("Traceback")]
    con = sqlite3.connect(db)
    lost_lines = []
    for line in reported:
        lost = len(lost_lines)
        kind, *rest = line.split()
        if kind == "volunteer":
            lost += not con.execute("SELECT 1 FROM volunteer WHERE name = ?", (rest[0],)).fetchone()
        elif kind == "edit":
            note = con.execute("SELECT note FROM volunteer WHERE id = ?", (int(rest[0]),)).fetchone()
            lost += note is None  # a later edit may have replaced the note; the row must exist
        elif kind == "team":
            members = con.execute("SELECT count(*) FROM team_member m JOIN team t ON t.id = m.team_id "
                                  "WHERE t.name = ?", (rest[0],)).fetchone()[0]
            lost += members != int(rest[1])
        elif kind == "attendance":
            attended, hours, corrections = con.execute(
                "SELECT count(*), coalesce(sum(hours), 0), (SELECT count(*) FROM hours_correction c JOIN participation"
                " q ON q.id = c.participation_id WHERE q.activity_id = ?) FROM participation WHERE activity_id = ?"
                " AND attended = 1", (int(rest[0]), int(rest[0]))).fetchone()
            lost += (attended, hours, corrections) != (int(rest[1]), float(rest[3]), int(rest[2] == "corrected"))
        elif kind == "pairing":
            lost += con.execute("SELECT count(*) FROM commitment c JOIN commitment_entry e ON e.commitment_id = c.id"
                                " WHERE c.pairing_id = ?", (int(rest[0]),)).fetchone()[0] != 1
        elif kind == "import":
            lost += con.execute("SELECT count(*) FROM volunteer WHERE name LIKE ?",
                                (f"导入{rest[0]}丙%",)).fetchone()[0] != IMPORT_ROWS
        if lost > len(lost_lines):
            lost_lines.append(line)
    lost = len(lost_lines)
    # No half-written import: every import's rows are all there or none are.
    partial = con.execute(
        "SELECT substr(name, 1, instr(name, '丙')) AS tag, count(*) FROM volunteer WHERE name LIKE '导入%' "
        "GROUP BY tag HAVING count(*) != ?", (IMPORT_ROWS,)).fetchall()
    con.close()
    with open_database(db) as store:
        problems = check_database(store)
    print(f"\nkill -9: {kills} kills, {len(reported)} reported saves, {lost} lost, "
          f"{len(partial)} half-written imports, integrity {problems or 'ok'}")
    assert len(reported) > kills // 2  # the writer got work done between kills
    assert (lost_lines, partial, problems) == ([], [], [])


def test_every_write_function_has_a_kill_recipe_or_a_reason():
    from tests.reliability.every_write import EXCLUDED, RECIPES, write_functions

    found = write_functions()
    assert len(found) > 60
    assert found - set(RECIPES) - set(EXCLUDED) == set(), "a new write path needs a recipe in every_write.py"
    assert set(RECIPES) | set(EXCLUDED) <= found, "a recipe or exclusion names a function that no longer writes"


def test_kill_minus_nine_over_every_write_function_loses_no_reported_save(tmp_path):
    """Every services write function is killed inside its own write, at fixed points counted in SQLite's
    trace of statements (tests/reliability/kill_points.py; no timing, so a busy machine changes nothing):
    point 1 (the statement right after its first write begins) in every run, points 1-6 at full scale.
    Before each kill the function saved once and reported it; after each kill the file opens, passes the
    thorough check (tallies included) and holds every audit entry reported so far."""
    from PIL import Image

    from stationdesk.services.demo import build_demo
    from tests.reliability.every_write import RECIPES

    points = range(1, scale(1, 6) + 1)
    db = tmp_path / "station.sqlite3"
    with open_database(db) as store:
        build_demo(store, volunteers=60, seed=3)
    Image.new("RGB", (64, 48), (200, 30, 30)).save(tmp_path / "photo.jpg")
    server = subprocess.Popen([sys.executable, "-m", "tests.reliability.kill_points", str(db), str(tmp_path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reported: list[tuple[str, int, str]] = []
    problems: list[str] = []
    lost: list[tuple[str, int, str]] = []
    killed: dict[str, int] = {}
    missed: list[str] = []
    try:
        assert server.stdout.readline().strip() == "ready"
        n = 0
        for point in points:
            for name in sorted(RECIPES):
                n += 1
                server.stdin.write(f"{name} {point} {n}\n")
                server.stdin.flush()
                while True:
                    line = server.stdout.readline().split()
                    assert line, f"the kill-point server ended: {server.stderr.read()}"
                    if line[0] == "end":
                        break
                    if line[0] == "missed":
                        missed.append(f"{name}@{point}")
                    else:
                        reported.append((line[0], int(line[1]), line[2]))
                assert line[2] in ("killed", "exit"), line
                if line[2] == "killed":
                    killed[name] = killed.get(name, 0) + 1
                else:
                    assert line[3] == "0", f"{name} at point {point} failed: {server.stderr.read()}"
                with open_database(db) as store:
                    problems += [f"{name}@{point}: {p}" for p in check_database(store)]
                    kept = {(r[0], str(r[1]).replace(" ", "T")) for r in store.execute("SELECT id, at FROM audit_entry")}
                lost += [r for r in reported if (r[1], r[2]) not in kept and r not in lost]
    finally:
        server.stdin.close()
        server.wait()
    covered = {name for name, _, _ in reported}
    print(f"\nkill -9 inside every write function: {sum(killed.values())} kills at points {list(points)} in "
          f"{len(killed)}/{len(RECIPES)} functions, {len(reported)} reported saves of {len(covered)} functions, "
          f"{len(lost)} lost, {len(missed)} points not reached, integrity {problems or 'ok'}")
    assert (lost, problems) == ([], [])
    assert covered == set(RECIPES), f"no reported save: {sorted(set(RECIPES) - covered)}"
    assert set(killed) == set(RECIPES), f"never killed inside: {sorted(set(RECIPES) - set(killed))}"
    # Point 1 exists in every write function (its first write is followed at least by COMMIT); later
    # points may lie past the end of a short one.
    assert [m for m in missed if m.endswith("@1")] == []
