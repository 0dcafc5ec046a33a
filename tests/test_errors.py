import sqlite3

import peewee

from stationdesk.errors import DatabaseLocked, explain


def _chained(inner: BaseException, outer: BaseException) -> BaseException:
    try:
        try:
            raise inner
        except BaseException:
            raise outer  # noqa: B904 — exactly how peewee chains it: implicitly, via __context__
    except BaseException as exc:
        return exc


def test_disk_full_is_found_behind_peeweees_cannot_rollback():
    # In WAL mode SQLite rolls back by itself; peewee's own rollback then fails and hides the cause.
    exc = _chained(sqlite3.OperationalError("database or disk is full"),
                   peewee.OperationalError("cannot rollback - no transaction is active"))
    assert "磁盘已满" in explain(exc)


def test_other_storage_failures_read_as_plain_chinese():
    assert "只读" in explain(sqlite3.OperationalError("attempt to write a readonly database"))
    assert "损坏" in explain(sqlite3.DatabaseError("database disk image is malformed"))
    assert "另一个程序" in explain(sqlite3.OperationalError("database is locked"))
    assert "磁盘已满" in explain(OSError(28, "No space left on device"))
    assert "一个窗口" in explain(DatabaseLocked("同一时间只能由一个窗口使用"))


def test_bugs_are_not_explained_away():
    assert explain(ValueError("a bug")) is None
    assert explain(KeyError("x")) is None
