"""Files the app writes and reads for the user: whole or not at all, with plain Chinese when they fail."""

import os
from contextlib import contextmanager
from pathlib import Path

from stationdesk.errors import UserError, os_error_text


@contextmanager
def written_atomically(out: str | Path, what: str, *, hint: str = "如文件正被打开，请先关闭"):
    """Yield a temporary path beside `out`; when the block finishes it replaces `out`. On any failure the
    temporary file is removed (no half-written export or PDF under the final name) and an OSError (a full
    disk, a file open in WPS) becomes a UserError naming the file."""
    out = Path(out)
    partial = out.with_name(out.name + ".partial")
    try:
        yield partial
        os.replace(partial, out)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise UserError(f"无法保存{what} {out}：{os_error_text(exc)}（{hint}）") from exc
        raise


def file_size(path: str | Path, *, error=UserError) -> int:
    """The size of a file the user chose, or `error` saying it cannot be opened."""
    try:
        return Path(path).stat().st_size
    except OSError as exc:
        raise error(f"找不到或无法打开文件：{path}") from exc
