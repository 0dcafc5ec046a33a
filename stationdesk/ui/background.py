"""Slow work off the UI thread: a QThreadPool job that never touches widgets and reports by signal."""

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from stationdesk.errors import explain

_running: set = set()  # jobs stay referenced until they report


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self):
        try:
            result = self.fn()
        except Exception as exc:
            self.signals.failed.emit(explain(exc) or f"{type(exc).__name__}: {exc}")
        else:
            self.signals.done.emit(result)


def run_in_background(fn, on_done, on_failed) -> None:
    """Run `fn()` in the pool; `on_done(result)` or `on_failed(message)` runs on the UI thread.

    `fn` must not use the peewee connection of the UI thread: give it paths and plain values.
    """
    job = _Job(fn)
    _running.add(job.signals)
    job.signals.done.connect(on_done)
    job.signals.failed.connect(on_failed)
    job.signals.done.connect(lambda _: _running.discard(job.signals))
    job.signals.failed.connect(lambda _: _running.discard(job.signals))
    QThreadPool.globalInstance().start(job)


def wait_for_background() -> bool:
    """Block until every job has finished (at exit: a start-up backup is completed, not cut off).
    True if something was still running."""
    pool = QThreadPool.globalInstance()
    busy = pool.activeThreadCount() > 0
    pool.waitForDone()
    return busy
