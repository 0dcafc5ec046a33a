"""Slow work off the UI thread: a QThreadPool job that never touches widgets and reports by signal."""

import threading

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog

from stationdesk.errors import Cancelled, explain

_running: set = set()  # jobs stay referenced until they report


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, fn, store):
        super().__init__()
        self.fn, self.store = fn, store
        self.signals = _Signals()

    def run(self):
        try:
            result = self.fn()
        except Exception as exc:
            self.signals.failed.emit(explain(exc) or f"{type(exc).__name__}: {exc}")
        else:
            self.signals.done.emit(result)
        finally:
            if self.store is not None:
                self.store.db.close()  # this thread's own connection (peewee keeps one per thread)


def run_in_background(fn, on_done, on_failed, *, store=None) -> None:
    """Run `fn()` in the pool; `on_done(result)` or `on_failed(message)` runs on the UI thread (a bound
    method of a widget is not called once the widget is gone).

    `fn` must not use the peewee connection of the UI thread: give it paths and plain values, or the
    `store`, which it then reads through a connection of its own, closed when it is done.
    """
    job = _Job(fn, store)
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


class _ProgressSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object, object)  # (result, exception)


class _ProgressJob(QRunnable):
    def __init__(self, work, store):
        super().__init__()
        self.work, self.store = work, store
        self.cancelled = threading.Event()
        self.signals = _ProgressSignals()

    def report(self, done: int, total: int) -> None:
        if self.cancelled.is_set() and done < total:  # once all is done (committed), it is too late
            raise Cancelled()
        self.signals.progress.emit(done, total)

    def run(self):
        try:
            result, error = self.work(self.report), None
        except BaseException as exc:  # handed to the UI thread, which raises it there
            result, error = None, exc
        finally:
            self.store.db.close()  # this thread's own connection (peewee keeps one per thread)
        self.signals.finished.emit(result, error)


def run_with_progress(parent, title: str, text: str, work, *, store):
    """Run `work(report)` in the background behind a progress dialog with 取消, the window painting and
    responsive meanwhile. `report(done, total)` moves the bar and raises Cancelled once 取消 is pressed,
    unwinding the work's transaction or temporary file. Returns the result, None when cancelled; the
    work's own errors are raised here."""
    dialog = QProgressDialog(text, "取消", 0, 100, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)  # starts its clock: it shows after 300 ms even if the work reports nothing until done
    job = _ProgressJob(work, store)
    outcome: dict = {}
    loop = QEventLoop()
    job.signals.progress.connect(lambda done, total: dialog.setValue(int(done * 100 / max(total, 1))))
    job.signals.finished.connect(lambda result, error: (outcome.update(result=result, error=error), loop.quit()))
    dialog.canceled.connect(job.cancelled.set)
    dialog.canceled.connect(lambda: dialog.setLabelText("正在取消，已做的会全部撤回…"))
    QThreadPool.globalInstance().start(job)
    loop.exec()
    dialog.close()
    dialog.deleteLater()
    if isinstance(outcome["error"], Cancelled):
        return None
    if outcome["error"] is not None:
        raise outcome["error"]
    return outcome["result"]
