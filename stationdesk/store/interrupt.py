"""Long SQLite statements that a progress callback can stop: SQLite calls a progress handler every few
thousand virtual-machine steps (sqlite3_progress_handler); an exception from the callback (取消) interrupts
the statement there and is raised again once SQLite has unwound it."""

import contextlib
import sqlite3

STEPS = 10_000  # VM steps between calls: ~1 ms of work


@contextlib.contextmanager
def reporting(con: sqlite3.Connection, tick):
    """Inside, `tick()` runs every STEPS steps of every statement on `con`; whatever it raises stops the
    statement and leaves the block. The handler is removed on the way out."""
    caught: list[BaseException] = []

    def handler() -> int:
        try:
            tick()
        except BaseException as exc:  # handed back below, on the caller's side of SQLite
            caught.append(exc)
            return 1  # non-zero: SQLite interrupts the statement
        return 0

    con.set_progress_handler(handler, STEPS)
    try:
        yield
    except Exception:  # SQLite's "interrupted", as sqlite3 or peewee words it
        if caught:
            raise caught[0] from None
        raise
    finally:
        con.set_progress_handler(None, STEPS)
    if caught:  # a statement that swallowed the interrupt (a PRAGMA that returned what it had)
        raise caught[0]


class Steps:
    """A progress estimate from SQLite's step count: `expected` steps make 100 %; the bar stops short of
    the end until the work says it is done."""

    def __init__(self, report, expected: int, *, start: int = 0, span: int = 100):
        self.report, self.expected, self.start, self.span, self.ticks = report, max(expected, 1), start, span, 0

    def __call__(self) -> None:
        self.ticks += 1
        share = min(self.ticks * STEPS / self.expected, 0.95)
        self.report(self.start + int(self.span * share), 100)
