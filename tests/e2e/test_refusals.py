"""Refusals that were tracebacks (#29): each is now one Chinese message with the README's exit code, and
the guards around restore, verification and outputs hold. Real SQLite files; the CLI in a subprocess
where the process itself matters (Ctrl-C, streams), in-process through main() elsewhere."""

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stationdesk import cli
from stationdesk.domain.festivals import marked_days
from stationdesk.services import documents, safety
from stationdesk.store import open_database
from tests.exchange.messy import write_messy_xlsx


def main(capsys, *argv) -> tuple[int, str, str]:
    try:
        code = cli.main([str(a) for a in argv])
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def station(tmp_path, capsys):
    db = tmp_path / "station.sqlite3"
    assert main(capsys, "--db", db, "demo", "--volunteers", "20", "--activities", "2")[0] == 0
    return db


def _two_stations_sharing_a_stick(tmp_path, capsys):
    """Station A and station B, each with the default file name, backing up into one folder: B's backup
    is the newer."""
    stick = tmp_path / "usb"
    a, b = tmp_path / "a" / "station.sqlite3", tmp_path / "b" / "station.sqlite3"
    for db, seed in ((a, 1), (b, 2)):
        db.parent.mkdir()
        assert main(capsys, "--db", db, "demo", "--volunteers", "10" if db == a else "15", "--seed", seed)[0] == 0
        with open_database(db) as store:
            safety.set_backup_dir(store, stick)
    with open_database(a) as store:
        safety.backup_now(store)
    time.sleep(0.01)
    with open_database(b) as store:
        safety.backup_now(store)
    return a, b, stick


def _station_id(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT value FROM setting WHERE key = 'station_identity'").fetchone()[0].split()[0]
    finally:
        con.close()


def _volunteers(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM volunteer").fetchone()[0]
    finally:
        con.close()


def test_restore_without_a_file_picks_only_this_stations_backup_from_a_shared_folder(tmp_path, capsys):
    a, _b, stick = _two_stations_sharing_a_stick(tmp_path, capsys)
    mine = _station_id(a)
    assert len(list(stick.glob("station-*.sqlite3"))) == 2
    code, _, err = main(capsys, "--db", a, "restore")
    assert code == 0, err
    assert _station_id(a) == mine and _volunteers(a) == 10  # A's own roster and identity, not B's
    # A damaged A still knows its id from its bytes, and still picks its own
    raw = bytearray(a.read_bytes())
    raw[100:4096] = b"\xff" * (4096 - 100)
    a.write_bytes(bytes(raw))
    candidate = safety.newest_good_backup(a)
    assert candidate is not None and safety.station_of_backup(candidate.backup.path).id == mine


def test_another_stations_backup_needs_the_explicit_flag_and_the_refusal_names_both(tmp_path, capsys):
    a, b, stick = _two_stations_sharing_a_stick(tmp_path, capsys)
    theirs = next(p for p in stick.glob("station-*.sqlite3") if safety.station_of_backup(p).id == _station_id(b))
    code, _, err = main(capsys, "--db", a, "restore", theirs)
    assert code == 2 and "另一个站点" in err and _station_id(b) in err and _station_id(a) in err
    assert "--other-station" in err and _volunteers(a) == 10
    code, _, err = main(capsys, "--db", a, "restore", theirs, "--other-station")
    assert code == 0 and _station_id(a) == _station_id(b) and _volunteers(a) == 15


def test_a_backup_from_before_station_ids_is_judged_by_what_it_holds(tmp_path, capsys):
    """An old backup records no id: it is this station's unless the station names say otherwise."""
    a, b, stick = _two_stations_sharing_a_stick(tmp_path, capsys)
    for backup in stick.glob("station-*.sqlite3"):
        of_b = safety.station_of_backup(backup).id == _station_id(b)
        con = sqlite3.connect(backup)
        con.execute("DELETE FROM setting WHERE key = 'station_identity'")
        if of_b:  # B was set up under its own name
            con.execute("UPDATE station SET name = '红星村新时代文明实践站'")
        con.commit()
        con.close()
        (stick / (backup.name + ".sha256")).unlink()
    code, _, err = main(capsys, "--db", a, "restore")
    assert code == 0 and _volunteers(a) == 10, err


def test_a_certificate_issued_after_the_restored_backup_is_not_called_forged(station, tmp_path, capsys):
    backup = tmp_path / "before.sqlite3"
    assert main(capsys, "--db", station, "backup", "-o", backup)[0] == 0
    codes = []
    with open_database(station) as store:
        for vid in (1, 2, 3, 4, 5):
            try:
                issued = documents.service_record(store, vid, *_this_year(), tmp_path / f"{vid}.pdf").issued[0]
            except Exception:
                continue
            codes.append(f"{issued.serial} {issued.check_code}")
    assert codes
    assert main(capsys, "--db", station, "restore", backup)[0] == 0
    for text in codes:
        code, out, _err = main(capsys, "--db", station, "certificates", "verify", text, "--json")
        verdict = json.loads(out)
        assert code == 1 and verdict["status"] == "unknown"
        assert "伪造" not in verdict["message"] and "可能是恢复备份前出具的" in verdict["message"]
        assert "不能据此认定真伪" in verdict["message"] and "向出具单位查询" in verdict["message"]


def _this_year():
    from datetime import date

    return date(date.today().year, 1, 1), date.today()


@pytest.mark.parametrize("typed", ["\u200b", "\ufeff", "\u202e"])
def test_check_codes_from_an_input_method_are_normalised(station, tmp_path, capsys, typed):
    with open_database(station) as store:
        issued = documents.service_record(store, 1, *_this_year(), tmp_path / "p.pdf").issued[0]
    wide = issued.check_code.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
    for text in (f"{issued.serial} {typed}{issued.check_code}", f"{issued.serial}　{wide}",
                 f"SDC：{issued.serial}：{issued.check_code}{typed}"):
        code, out, err = main(capsys, "--db", station, "certificates", "verify", text, "--json")
        assert code == 0 and json.loads(out)["status"] == "valid", (text, err)
    code, out, err = main(capsys, "--db", station, "certificates", "verify", f"{issued.serial} 校验码")
    assert code == 2 and "只含英文字母、数字" in err and "Traceback" not in err


def test_row_ranges_are_bounded_by_the_sheet(station, capsys):
    start = time.monotonic()
    for typed in ("1-100000000", "1-9999999999999", "99999999999999999999"):
        code, _, err = main(capsys, "--db", station, "attendance", "record", "1", "--present", typed)
        assert code == 2 and "签到表上没有第" in err, err
    assert time.monotonic() - start < 5


def test_a_csv_field_over_the_limit_is_refused_in_chinese(station, tmp_path, capsys):
    sheet = tmp_path / "big.csv"
    with open(sheet, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["姓名", "联系电话"], ["张三", "x" * (200 * 1024)]])
    code, _, err = main(capsys, "--db", station, "import", "volunteers", sheet)
    assert code == 2 and "CSV 文件第" in err and "Error" not in err, err


def test_a_database_whose_mode_cannot_be_changed_exits_3_in_chinese(station, tmp_path):
    """chattr +i (as root): chmod fails with EPERM. Readable by others and unchangeable: refused."""
    os.chmod(station, 0o644)
    if os.geteuid() != 0 or subprocess.run(["chattr", "+i", str(station)], capture_output=True).returncode:
        pytest.skip("needs root and chattr on this file system")
    try:
        proc = subprocess.run([sys.executable, "-m", "stationdesk", "--db", str(station), "stats"],
                              capture_output=True, text=True, timeout=60)
    finally:
        subprocess.run(["chattr", "-i", str(station)], check=True)
    assert proc.returncode == 3 and "仅本人可读" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_a_folder_named_like_the_database_is_said_to_be_a_folder(station, tmp_path, capsys):
    good = tmp_path / "good.sqlite3"
    assert main(capsys, "--db", station, "backup", "-o", good)[0] == 0
    folder = tmp_path / "folder" / "station.sqlite3"
    folder.mkdir(parents=True)
    for argv in (["stats"], ["restore"], ["restore", write_messy_xlsx(tmp_path / "x.xlsx")], ["restore", good]):
        code, _, err = main(capsys, "--db", folder, *argv)
        assert code in (2, 3) and "Is a directory" not in err and "请腾出磁盘空间" not in err, err
    assert "是一个文件夹" in main(capsys, "--db", folder, "stats")[2]


def test_ctrl_c_is_one_quiet_chinese_line(tmp_path):
    db = tmp_path / "s.sqlite3"
    proc = subprocess.Popen([sys.executable, "-m", "stationdesk", "--db", str(db), "demo", "--volunteers", "20000"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.5)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and err.strip() == "已取消" and "Traceback" not in err, err


def test_dates_say_the_form_expected(station, tmp_path, capsys):
    code, _, err = main(capsys, "--db", station, "print", "certificate", "1", "--from", "2026-13-01", "-o",
                        tmp_path / "p.pdf")
    assert code == 2 and "fromisoformat" not in err and "2026-03-01" in err


def test_messages_go_to_stderr_and_json_to_stdout(station, capsys):
    code, out, err = main(capsys, "--db", station, "activities", "add", "--title", "植树", "--date", "2026-12-20")
    assert code == 0 and not out and "已安排活动" in err
    code, out, err = main(capsys, "--db", station, "activities", "add", "--title", "植树", "--date", "2026-12-21",
                          "--json")
    assert code == 0 and json.loads(out)["id"] and not err
    code, out, err = main(capsys, "--db", station, "volunteers", "add", "--name", "赵六")
    assert code == 0 and not out and "已登记志愿者" in err
    code, out, err = main(capsys, "--db", station, "activities", "list")  # a listing is the output itself
    assert code == 0 and "植树" in out


def test_outputs_refuse_a_device_and_an_input_of_the_same_command(station, tmp_path, capsys):
    null_before = os.stat("/dev/null")
    code, _, err = main(capsys, "--db", station, "print", "roster", "-o", "/dev/null")
    assert code == 2 and "不是普通文件" in err
    after = os.stat("/dev/null")
    assert (after.st_mode, after.st_rdev, after.st_ino) == (null_before.st_mode, null_before.st_rdev, null_before.st_ino)
    sheet = write_messy_xlsx(tmp_path / "people.xlsx")
    original = sheet.read_bytes()
    code, _, err = main(capsys, "--db", station, "import", "volunteers", sheet, "--errors", sheet)
    assert code == 2 and "这次要读取的文件" in err and sheet.read_bytes() == original
    link = tmp_path / "same.xlsx"
    os.link(sheet, link)
    code, _, err = main(capsys, "--db", station, "import", "volunteers", sheet, "--errors", link)
    assert code == 2 and sheet.read_bytes() == original


def test_the_verify_help_says_what_it_takes(capsys):
    code, out, _ = main(capsys, "certificates", "verify", "--help")
    assert code == 0 and "校验码" in out and "拼音" not in out and "姓名" not in out


def test_new_years_day_is_on_the_calendar():
    assert any(d.name == "元旦" and (d.day.month, d.day.day) == (1, 1) for d in marked_days(2027))


def test_backup_o_says_it_is_not_counted_on_the_home_page(station, tmp_path, capsys):
    code, _, err = main(capsys, "--db", station, "backup", "-o", tmp_path / "copy.sqlite3")
    assert code == 0 and "不计这份副本" in err
    with open_database(station) as store:
        assert safety.backup_age(store) is None  # the copy elsewhere is not in the backup folder


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_outputs_refuse_a_fifo_and_a_device_node(station, tmp_path, capsys, kind):
    """The same guard on nodes made here (a device needs root), so breaking it can be tried safely."""
    node = tmp_path / "node"
    if kind == "fifo":
        os.mkfifo(node)
    else:
        if os.geteuid() != 0:
            pytest.skip("mknod needs root")
        import stat

        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a null device of our own
    before = os.lstat(node)
    code, _, err = main(capsys, "--db", station, "print", "roster", "-o", node)
    after = os.lstat(node)
    assert code == 2 and "不是普通文件" in err
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
