"""A writer that is killed (SIGKILL, as by kill -9 or a power cut of the process) inside a chosen write
function at a chosen point, for test_crashes: every write function is reached in every run, by
construction rather than by a lucky sleep.

The server imports the program once, then for each command line on stdin, "FUNCTION POINT N", forks a
child that opens the database and
  1. runs FUNCTION's recipe (tests/reliability/every_write.py) to the end and prints the reported save,
     "FUNCTION AUDIT_ID AT" (like every_write's writer), which must survive what follows;
  2. runs the recipe again with FUNCTION armed: once FUNCTION is entered and has begun its first write
     (an INSERT, UPDATE, DELETE or REPLACE), the child kills itself with SIGKILL as the POINT-th SQL
     statement after that one starts (1: the statement right after the first write — COMMIT for a
     one-statement transaction). The point is counted in SQLite's own trace of statements: no timing.
If the armed call returns before its point, the child prints "missed FUNCTION" and exits. The server
waits for the child and prints "end FUNCTION killed" or "end FUNCTION exit CODE"; the test then opens
and checks the database before sending the next command. N makes the child's names unique.

Usage: python -m tests.reliability.kill_points DB WORKDIR
"""

import importlib
import os
import random
import signal
import sys
import traceback
from pathlib import Path

from stationdesk.errors import UserError
from stationdesk.store import open_database
from tests.reliability.every_write import DIGITS, RECIPES

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class KillPoint:
    """Arms `function` (module.name of stationdesk.services): the process dies at `point`."""

    def __init__(self, function: str, point: int):
        self.point = point
        self.armed = False
        self.inside = 0  # depth of calls of the function
        self.after_first_write: int | None = None  # statements begun since its first write
        module_name, name = function.split(".")
        self.module = importlib.import_module(f"stationdesk.services.{module_name}")
        self.name = name
        self.original = getattr(self.module, name)

        def watched(*args, **kwargs):
            self.inside += 1
            try:
                return self.original(*args, **kwargs)
            finally:
                self.inside -= 1

        self.watched = watched

    def install(self, store) -> None:
        # Module globals are looked up at each call: the recipe and the service's own callers (a private
        # helper reached through a public function) both go through `watched`.
        setattr(self.module, self.name, self.watched)
        store.db.connection().set_trace_callback(self.statement)

    def statement(self, sql: str) -> None:
        if not (self.armed and self.inside):
            return
        if self.after_first_write is not None:
            self.after_first_write += 1
            if self.after_first_write >= self.point:
                sys.stdout.flush()
                os.kill(os.getpid(), signal.SIGKILL)
        elif sql.lstrip().upper().startswith(WRITES):
            self.after_first_write = 0


def child(db: str, workdir: Path, function: str, point: int, n: int) -> None:
    store = open_database(db)
    kill = KillPoint(function, point)
    kill.install(store)
    rng = random.Random(f"{function}:{point}")
    recipe = RECIPES[function]
    try:
        recipe(store, rng, f"{n}乙1".translate(DIGITS), workdir)
    except UserError as exc:  # a refusal is an answer: it must leave no trace; nothing was reported
        print(f"refused {function} {exc}", file=sys.stderr, flush=True)
    else:
        entry = store.execute("SELECT id, at FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
        print(f"{function} {entry[0]} {str(entry[1]).replace(' ', 'T')}", flush=True)
    kill.armed = True
    try:
        recipe(store, rng, f"{n}乙2".translate(DIGITS), workdir)
    except UserError as exc:
        print(f"refused {function} {exc}", file=sys.stderr, flush=True)
    print(f"missed {function} {kill.after_first_write}", flush=True)


def serve(db: str, workdir: str) -> None:
    print("ready", flush=True)
    for line in sys.stdin:
        function, point, n = line.split()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                child(db, Path(workdir), function, int(point), int(n))
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            print(f"end {function} killed", flush=True)
        else:
            print(f"end {function} exit {os.waitstatus_to_exitcode(status)}", flush=True)


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2])
