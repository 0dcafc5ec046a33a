"""Simulated power cuts at the VFS level: after a cut, any write since the file's last sync may be lost,
kept, or torn at a 512-byte sector, in any combination (which also covers reordering). With the app's
pragmas (WAL, synchronous=FULL) no image may be corrupt and no reported commit may be missing; the same
harness with synchronous=NORMAL or OFF must find damage, which proves that it bites. Cuts fall after the
new database file was first made (a cut during creation loses no data, there being none yet).

apsw lets Python stand between SQLite and the disk. Its file shim has no shared-memory methods, so the
workload runs WAL in exclusive locking mode (the WAL format, commits and checkpoints are the same)."""

import random
import sqlite3
from pathlib import Path

import pytest

from stationdesk.store.database import PRAGMAS
from stationdesk.store.migrations import m0001_roster
from tests.reliability.conftest import scale

apsw = pytest.importorskip("apsw")
SECTOR = 512


class Recorder:
    """Every write and truncate since each file's last sync, and the file as of each sync."""

    def __init__(self):
        self.seq = 0
        self.ops: list[tuple[int, str, str, int, bytes]] = []  # (seq, path, kind, offset/size, data)
        self.syncs: dict[str, list[tuple[int, bytes]]] = {}

    def op(self, path, kind, where, data=b""):
        self.seq += 1
        self.ops.append((self.seq, path, kind, where, data))

    def sync(self, path):
        self.seq += 1
        self.syncs.setdefault(path, []).append((self.seq, Path(path).read_bytes()))

    def image(self, path: str, cut: int, rng: random.Random) -> bytes | None:
        """The file as the disk might hold it after a power cut at `cut`."""
        synced_at, content = 0, b""
        for seq, snapshot in self.syncs.get(path, []):
            if seq <= cut:
                synced_at, content = seq, snapshot
        pending = [o for o in self.ops if o[1] == path and synced_at < o[0] <= cut]
        if not pending and synced_at == 0:
            return None  # never reached the disk
        data = bytearray(content)
        for _, _, kind, where, payload in pending:
            fate = rng.random()
            if fate < 0.4:
                continue  # lost
            if kind == "truncate":
                del data[where:]
                continue
            if fate < 0.55 and len(payload) > SECTOR:  # torn: only the first sectors landed
                payload = payload[:SECTOR * rng.randrange(1, len(payload) // SECTOR + 1)]
            end = where + len(payload)
            if len(data) < end:
                data.extend(b"\0" * (end - len(data)))
            data[where:end] = payload
        return bytes(data)


def _vfs(recorder: Recorder, name: str):
    class File(apsw.VFSFile):
        def __init__(self, filename, flags):
            self.path = filename.filename() if isinstance(filename, apsw.URIFilename) else filename
            super().__init__("", filename, flags)

        def xWrite(self, data, offset):
            super().xWrite(data, offset)
            if self.path:
                recorder.op(self.path, "write", offset, bytes(data))

        def xTruncate(self, size):
            super().xTruncate(size)
            if self.path:
                recorder.op(self.path, "truncate", size)

        def xSync(self, flags):
            super().xSync(flags)
            if self.path:
                recorder.sync(self.path)

    class VFS(apsw.VFS):
        def __init__(self):
            self.name = name
            super().__init__(name, "")

        def xOpen(self, filename, flags):
            return File(filename, flags)

    return VFS()


def run_workload(db: Path, synchronous: str, transactions: int, rng: random.Random):
    """Commits of 1–4 volunteers each, as the app writes them; returns the recorder and what was reported."""
    recorder = Recorder()
    vfs = _vfs(recorder, f"record-{synchronous}-{db.stem}")
    con = apsw.Connection(str(db), vfs=vfs.name)
    con.execute("PRAGMA locking_mode=EXCLUSIVE")
    for pragma, value in PRAGMAS.items():
        if pragma != "synchronous":
            con.execute(f"PRAGMA {pragma}={value}")
    con.execute(f"PRAGMA synchronous={synchronous}")
    con.execute("PRAGMA wal_autocheckpoint=48")  # a few checkpoints in the run, so they are cut too
    con.execute("BEGIN IMMEDIATE")
    for statement in m0001_roster.SQL.split(";"):
        if statement.strip():
            con.execute(statement)
    con.execute("COMMIT")
    created = recorder.seq  # a cut while the file is first being made leaves no data to lose
    reported: list[tuple[int, list[str]]] = []  # (seq when COMMIT returned, names)
    for t in range(transactions):
        names = [f"志愿者{t}-{i}" for i in range(rng.randrange(1, 5))]
        con.execute("BEGIN IMMEDIATE")
        for name in names:
            con.execute("INSERT INTO volunteer (name, note, created_at, updated_at) VALUES (?, ?, 'now', 'now')",
                        (name, "备注" * rng.randrange(0, 600)))
        con.execute("COMMIT")
        reported.append((recorder.seq, names))
    return recorder, created, reported, con, vfs


def cut_power(db: Path, synchronous: str, runs: int, seed: int) -> tuple[int, int, int]:
    """(corrupt images, reported commits lost, half-applied transactions) over `runs` cuts."""
    rng = random.Random(seed)
    recorder, created, reported, con, _vfs_kept_alive = run_workload(db, synchronous, 60, rng)
    corrupt = lost = partial = 0
    crash = db.with_name("crash.sqlite3")
    for _ in range(runs):
        cut = rng.randrange(created, recorder.seq + 1)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(crash) + suffix).unlink(missing_ok=True)
        for suffix in ("", "-wal"):
            image = recorder.image(str(db) + suffix, cut, rng)
            if image is not None:
                Path(str(crash) + suffix).write_bytes(image)
        try:
            check = sqlite3.connect(crash)
            ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            present = {r[0] for r in check.execute("SELECT name FROM volunteer")} if ok else set()
            check.close()
        except sqlite3.DatabaseError:
            ok, present = False, set()
        if not ok:
            corrupt += 1
            continue
        for seq, names in reported:
            there = sum(n in present for n in names)
            lost += seq <= cut and there < len(names)
            partial += 0 < there < len(names)
    con.close()
    return corrupt, lost, partial


def test_power_cuts_lose_nothing_with_synchronous_full(tmp_path):
    runs = scale(150, 2000)
    corrupt, lost, partial = cut_power(tmp_path / "full.sqlite3", "FULL", runs, seed=1)
    print(f"\npower cut, synchronous=FULL: {runs} cuts → {corrupt} corrupt, {lost} reported commits lost, "
          f"{partial} half-applied transactions")
    assert (corrupt, lost, partial) == (0, 0, 0)


@pytest.mark.parametrize("synchronous", ["NORMAL", "OFF"])
def test_the_harness_bites_with_weaker_settings(tmp_path, synchronous):
    runs = scale(150, 2000)
    corrupt, lost, partial = cut_power(tmp_path / "weak.sqlite3", synchronous, runs, seed=1)
    print(f"\npower cut, synchronous={synchronous}: {runs} cuts → {corrupt} corrupt, {lost} reported commits "
          f"lost, {partial} half-applied transactions")
    assert corrupt + lost + partial > 0
