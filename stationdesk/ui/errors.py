"""Turning exceptions from the layers below into a plain Chinese message box."""

from contextlib import contextmanager

from PySide6.QtWidgets import QMessageBox, QWidget

from stationdesk.errors import UserError, explain


def warn(parent: QWidget, title: str, text: str) -> None:
    """A modal warning; tests replace this function (not Qt's class) to read the message instead."""
    QMessageBox.warning(parent, title, text)


@contextmanager
def reported(parent: QWidget, title: str = "操作未完成"):
    """Show a user's error (or a storage failure, explained) instead of crashing; bugs still raise."""
    try:
        yield
    except UserError as exc:
        warn(parent, title, str(exc))
    except Exception as exc:
        message = explain(exc)
        if message is None:
            raise
        warn(parent, title, message)
