"""No output option can write over the database, its WAL/SHM/lock, or into its backups (issue: `-o` pointing at
the database overwrote it with exit 0). Each is refused with exit 2 and the files are byte-identical."""

import hashlib

import pytest

from tests.e2e.test_cli import run


@pytest.fixture(scope="module")
def station(tmp_path_factory):
    folder = tmp_path_factory.mktemp("guard")
    db = folder / "station.sqlite3"
    run("--db", db, "demo", "--volunteers", "30", "--seed", "2", check_code=0)
    run("--db", db, "backup", check_code=0)
    backup = next((folder / "backups").glob("*.sqlite3"))
    return db, backup


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


COMMANDS = [
    ("export", "volunteers", "{out}"),
    ("export", "stats", "--year", "2026", "{out}"),
    ("print", "roster", "-o", "{out}"),
    ("print", "cards", "-o", "{out}"),
    ("print", "certificate", "1", "--from", "2020-01-01", "-o", "{out}"),
    ("print", "ledger", "--year", "2026", "--sections", "profile", "-o", "{out}"),
    ("print", "stats", "--year", "2026", "-o", "{out}"),
    ("print", "signin", "1", "-o", "{out}"),
    ("backup", "-o", "{out}"),
]


@pytest.mark.parametrize("target", ["db", "wal", "lock", "backup"])
def test_every_output_option_refuses_the_database_and_its_backups(station, target, tmp_path):
    db, backup = station
    out = {"db": db, "wal": db.with_name(db.name + "-wal"), "lock": db.with_name(db.name + ".lock"),
           "backup": backup}[target]
    before = {p: digest(p) for p in (db, backup)}
    for command in COMMANDS:
        proc = run("--db", db, *[a.format(out=out) for a in command], check_code=2)
        assert "会毁掉数据" in proc.stderr, (command, proc.stderr)
        assert "Traceback" not in proc.stderr
        assert {p: digest(p) for p in (db, backup)} == before, command
    errors = tmp_path / "in.csv"
    errors.write_text("姓名,身份证号码\n张三,123\n", encoding="utf-8")
    proc = run("--db", db, "import", "volunteers", errors, "--errors", out, check_code=2)
    assert "会毁掉数据" in proc.stderr and {p: digest(p) for p in (db, backup)} == before
