"""Windows-correct by construction (issue 31): binary descriptors only, fsync only where Windows allows
it, replacing a file another program holds, file names and path lengths Windows accepts. Runs under the
emulation of Windows' file semantics (tests/windows_semantics.py), which is itself checked here."""

import ast
import errno
import os
import sys
import threading
from pathlib import Path

import pytest

from stationdesk import files
from stationdesk.domain.filenames import fit_path, safe_file_name
from stationdesk.errors import UserError
from tests.windows_semantics import O_BINARY

SOURCE = Path(__file__).resolve().parents[1] / "stationdesk"


def _calls(attribute: str):
    """(file, line, enclosing function) of every `os.<attribute>(…)` call in the program's source."""
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == attribute
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "os"):
                inside = [f.name for f in functions if f.lineno <= node.lineno <= (f.end_lineno or f.lineno)]
                yield path.relative_to(SOURCE.parent).as_posix(), node.lineno, inside[-1] if inside else None


def test_every_descriptor_is_opened_through_the_binary_helper():
    """os.open without O_BINARY is a text-mode descriptor on Windows: files.open_fd is the only caller."""
    found = list(_calls("open"))
    assert found, "the scan found no os.open at all: it is broken"
    assert [c for c in found if c[0] != "stationdesk/files.py" or c[2] != "open_fd"] == []


def test_every_replace_goes_through_the_retrying_helper():
    """A file WPS or an antivirus holds cannot be replaced at once on Windows: files.replace retries."""
    found = list(_calls("replace")) + list(_calls("rename"))
    assert [c for c in found if c[0] != "stationdesk/files.py" or c[2] != "replace"] == []


def test_the_scan_sees_a_stray_os_open(tmp_path, monkeypatch):
    stray = tmp_path / "stationdesk" / "stray.py"
    stray.parent.mkdir()
    stray.write_text("import os\n\ndef leak(p):\n    return os.open(p, os.O_RDONLY)\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "SOURCE", stray.parent)
    assert list(_calls("open")) == [("stationdesk/stray.py", 4, "leak")]


# --- the emulation itself --------------------------------------------------------------------------


def test_the_emulation_turns_newlines_of_a_text_mode_descriptor(windows, tmp_path):
    text, binary = tmp_path / "text.bin", tmp_path / "binary.bin"
    fd = os.open(text, os.O_WRONLY | os.O_CREAT)
    os.write(fd, b"a\nb")
    os.close(fd)
    with os.fdopen(os.open(text, os.O_WRONLY | os.O_APPEND), "wb") as f:
        f.write(b"\nc")
    fd = os.open(binary, os.O_WRONLY | os.O_CREAT | O_BINARY)
    os.write(fd, b"a\nb")
    os.close(fd)
    assert (text.read_bytes(), binary.read_bytes()) == (b"a\r\nb\r\nc", b"a\nb")
    fd = files.open_fd(text, os.O_RDONLY)
    assert os.read(fd, 100) == b"a\r\nb\r\nc"  # the helper is binary
    os.close(fd)


def test_the_emulation_refuses_fsync_of_a_read_only_descriptor(windows, tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"x")
    fd = files.open_fd(path, os.O_RDONLY)
    with pytest.raises(OSError) as caught:
        os.fsync(fd)
    os.close(fd)
    assert caught.value.errno == errno.EBADF
    files.fsync_file(path)  # opened for writing: allowed
    files.fsync_dir(tmp_path)  # a folder: skipped, as on Windows


def test_the_emulation_refuses_to_replace_or_delete_an_open_file(windows, tmp_path):
    held, other = tmp_path / "held.xlsx", tmp_path / "other"
    held.write_bytes(b"old")
    other.write_bytes(b"new")
    with open(held, "rb"):
        with pytest.raises(PermissionError):
            os.replace(other, held)
        with pytest.raises(PermissionError):
            held.unlink()
    other.replace(held)
    assert held.read_bytes() == b"new"
    other.write_bytes(b"x")
    with pytest.raises(FileExistsError):
        other.rename(held)  # Windows' rename never replaces


def test_the_suites_named_run_under_the_emulation(request):
    assert request.node.get_closest_marker("windows_semantics") is not None
    assert os.O_BINARY == O_BINARY and files.MAX_PATH == 259 and not files.SYNC_FOLDERS


# --- what the program does about it ----------------------------------------------------------------


def test_a_database_copied_through_the_helpers_is_byte_for_byte(windows, tmp_path):
    from stationdesk.store.recovery import _owner_only_copy

    source = tmp_path / "source.sqlite3"
    source.write_bytes(bytes(range(256)) * 64 + b"\n\r\n\n")
    _owner_only_copy(source, tmp_path / "copy.sqlite3")
    assert (tmp_path / "copy.sqlite3").read_bytes() == source.read_bytes()


def test_a_backup_flushes_through_a_writable_descriptor(windows, store, tmp_path):
    from stationdesk.store.backup import backup_database, verify_backup

    made = backup_database(store.path, tmp_path / "backups")
    assert verify_backup(made) is None
    assert [r for r in windows.refused if r[0] == "fsync"] == []


def test_an_output_held_open_is_retried_then_explained_in_chinese(windows, tmp_path, monkeypatch):
    monkeypatch.setattr(files, "REPLACE_PAUSE", 0.01)
    out = tmp_path / "花名册.xlsx"
    out.write_bytes(b"earlier")
    with open(out, "rb"), pytest.raises(UserError) as caught, files.written_atomically(out, "花名册") as partial:
        partial.write_bytes(b"new")  # WPS has the file open meanwhile
    assert "文件正被其他程序（如 WPS、杀毒软件）占用" in str(caught.value)
    assert len([r for r in windows.refused if r[0] == "replace"]) == files.REPLACE_TRIES
    assert out.read_bytes() == b"earlier" and not list(tmp_path.glob("*.partial"))


def test_an_output_let_go_of_within_the_retries_is_saved(windows, tmp_path, monkeypatch):
    monkeypatch.setattr(files, "REPLACE_PAUSE", 0.05)
    out = tmp_path / "统计.xlsx"
    out.write_bytes(b"earlier")
    reader = open(out, "rb")  # noqa: SIM115 — an antivirus reading the file for a moment, closed by a thread
    first_refusal = threading.Event()
    real_sleep = files.time.sleep

    def sleep(seconds):
        first_refusal.set()
        real_sleep(seconds)

    monkeypatch.setattr(files.time, "sleep", sleep)
    closer = threading.Thread(target=lambda: (first_refusal.wait(), reader.close()))
    closer.start()
    with files.written_atomically(out, "统计") as partial:
        partial.write_bytes(b"new")
    closer.join()
    assert out.read_bytes() == b"new"
    assert 1 <= len([r for r in windows.refused if r[0] == "replace"]) < files.REPLACE_TRIES


def test_a_path_too_long_for_windows_is_refused_before_writing(windows, tmp_path):
    deep = tmp_path / ("很长的文件夹名" * 10) / ("第二层文件夹" * 10)
    deep.mkdir(parents=True)
    out = deep / ("志愿者花名册" * 12 + ".xlsx")
    with pytest.raises(UserError, match="路径太长"):
        files.check_output(out)
    assert not list(deep.iterdir())


def test_the_lock_holder_is_named_though_windows_locks_are_mandatory(windows, tmp_path):
    from stationdesk.errors import DatabaseLocked
    from stationdesk.store.lock import DatabaseLock

    first = DatabaseLock(tmp_path / "station.sqlite3")
    first.acquire()
    try:
        with pytest.raises(DatabaseLocked) as caught:
            DatabaseLock(tmp_path / "station.sqlite3").acquire()
    finally:
        first.release()
    assert f"进程{os.getpid()}" in str(caught.value)
    with pytest.raises(PermissionError):  # what the old reading (from the first byte) ran into
        first.acquire()
        try:
            (tmp_path / "station.sqlite3.lock").read_bytes()
        finally:
            first.release()


# --- file names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "safe"), [
    ("平安村站-2025.sdpkg", "平安村站-2025.sdpkg"),
    ('统计-2025年1/2月:"上"<半>|年?*.xlsx', "统计-2025年1_2月__上__半__年__.xlsx"),
    ("站\\名\t.sdpkg", "站_名_.sdpkg"),
    ("CON.xlsx", "_CON.xlsx"),
    ("nul", "_nul"),
    ("com1.tar.gz", "_com1.tar.gz"),
    ("lpt9 .pdf", "_lpt9.pdf"),
    ("CONSOLE.xlsx", "CONSOLE.xlsx"),
    ("站点. . .", "站点"),
    ("  ..  ", "导出文件"),
    ("花名册\u202e.xlsx", "花名册.xlsx"),
])
def test_suggested_names_are_ones_windows_accepts(name, safe):
    assert safe_file_name(name) == safe


def test_a_long_name_is_shortened_keeping_its_extension():
    name = safe_file_name("村" * 200 + ".sdpkg")
    assert name.endswith(".sdpkg") and len(name.encode()) <= 255
    fitted = fit_path("C:\\Users\\站长\\Documents", "a" * 300 + ".xlsx", max_path=251, sep="\\")
    assert fitted.startswith("C:\\Users\\站长\\Documents\\aaa") and fitted.endswith("a.xlsx") and len(fitted) == 251


def test_suggested_paths_fit_windows_with_their_temporary_name(windows, tmp_path):
    path = files.suggested_path(tmp_path, "证书公示-" + "张三" * 200 + ".pdf")
    assert path.parent == tmp_path and path.suffix == ".pdf"
    assert len(str(path)) + len(files.PARTIAL) <= 259
    files.check_output(path)  # accepted as it is


def test_every_save_dialog_starts_from_a_safe_name():
    """Every suggested name in the window goes through files.suggested_path (domain.filenames)."""
    ui = SOURCE / "ui"
    unsafe = []
    for path in sorted(ui.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "getSaveFileName" and len(node.args) >= 3):
                start = ast.unparse(node.args[2])
                if not ("suggested_path" in start or start in ("str(suggested)", "str(default)")):
                    unsafe.append(f"{path.name}:{node.lineno}: {start}")
    assert unsafe == []
