"""The command-line contract of DESIGN §5, run as a user would: a subprocess per command."""

import json
import re
import sqlite3
import subprocess
import sys

import pytest

from tests.exchange.messy import write_messy_xlsx


def run(*args, check_code=None):
    proc = subprocess.run([sys.executable, "-m", "stationdesk", *map(str, args)], capture_output=True,
                          text=True, timeout=120)
    if check_code is not None:
        assert proc.returncode == check_code, proc.stderr
    return proc


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("cli") / "demo.sqlite3"
    run("--db", db, "demo", "--volunteers", "200", "--seed", "3", check_code=0)
    return db


def test_demo_is_deterministic(tmp_path, demo_db):
    other = tmp_path / "again.sqlite3"
    run("--db", other, "demo", "--volunteers", "200", "--seed", "3", check_code=0)
    listing = [json.loads(run("--db", db, "volunteers", "search", "", "--limit", "500", "--json",
                              check_code=0).stdout) for db in (demo_db, other)]
    assert listing[0] == listing[1] and len(listing[0]["results"]) == 200
    refused = run("--db", other, "demo", check_code=2)
    assert "已经有志愿者" in refused.stderr


def test_search_finds_zhang_san_by_initials_with_masked_fields(demo_db):
    results = json.loads(run("--db", demo_db, "volunteers", "search", "zs", "--json", check_code=0).stdout)["results"]
    first = results[0]
    assert first["name"] == "张三"
    assert "****" in first["phone"] and "********" in first["id_number"]


def test_import_dry_run_then_real_with_errors_workbook(tmp_path):
    db = tmp_path / "s.sqlite3"
    messy = write_messy_xlsx(tmp_path / "messy.xlsx")
    dry = run("--db", db, "import", "volunteers", messy, "--dry-run", "--json", check_code=1)
    payload = json.loads(dry.stdout)
    assert payload["imported"] == 4 and payload["dry_run"] is True
    assert [r["row"] for r in payload["rejected"]][:2] == [6, 7]
    assert all(set(r) >= {"row", "column", "reason"} for r in payload["rejected"])
    listed = json.loads(run("--db", db, "volunteers", "search", "", "--json", check_code=0).stdout)
    assert listed["results"] == []  # dry run wrote nothing
    errors = tmp_path / "errors.xlsx"
    real = run("--db", db, "import", "volunteers", messy, "--errors", errors, check_code=1)
    assert "第 6 行 [身份证号码]" in real.stderr and not real.stdout and errors.exists()  # a message: stderr
    assert len(json.loads(run("--db", db, "volunteers", "search", "", "--json").stdout)["results"]) == 4


def test_unreadable_input_exits_2_and_changes_nothing(tmp_path):
    db = tmp_path / "s.sqlite3"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"garbage")
    proc = run("--db", db, "import", "volunteers", bad, check_code=2)
    assert "损坏" in proc.stderr
    missing = run("--db", db, "import", "volunteers", tmp_path / "nope.xlsx", check_code=2)
    assert "找不到" in missing.stderr
    run("--db", db, "frobnicate", check_code=2)


def test_export_and_print(demo_db, tmp_path):
    """What the files hold, read back: the national columns and every volunteer, masked by default; the
    roster PDF's text has every name on as many pages as it says."""
    from openpyxl import load_workbook

    from stationdesk.services.exporting import NATIONAL

    listing = json.loads(run("--db", demo_db, "volunteers", "search", "", "--limit", "500", "--json").stdout)["results"]
    names = sorted(r["name"] for r in listing)
    out = tmp_path / "roster.xlsx"
    run("--db", demo_db, "export", "volunteers", out, "--format", "national", check_code=0)
    rows = list(load_workbook(out, read_only=True).worksheets[0].iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "姓名")
    assert rows[header][:len(NATIONAL)] == NATIONAL
    data = [row for row in rows[header + 1:] if row and row[0]]
    assert sorted(row[0] for row in data) == names
    phones = [row[NATIONAL.index("手机号码")] for row in data]
    assert all(p.isdigit() and len(p) == 11 for p in phones if p)  # the national upload takes them whole
    default = tmp_path / "default.xlsx"
    run("--db", demo_db, "export", "volunteers", default, check_code=0)
    rows = list(load_workbook(default, read_only=True).worksheets[0].iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "姓名")
    assert "身份证号码" not in rows[header]  # privacy by default: no ID numbers, masked phones
    phone_column = rows[header].index("联系电话")
    assert all("****" in row[phone_column] for row in rows[header + 1:] if row and row[0] and row[phone_column])
    pdf = tmp_path / "roster.pdf"
    proc = run("--db", demo_db, "print", "roster", "-o", pdf, check_code=0)
    assert "200 人" in proc.stderr
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert all(name in text for name in names)
    pages = re.search(r"(\d+) 页", proc.stderr)[1]
    assert re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout)[1] == pages


def test_check_reports_ok_and_a_locked_database_exits_3(demo_db):
    assert json.loads(run("--db", demo_db, "check", "--json", check_code=0).stdout) == {"ok": True, "problems": []}
    from stationdesk.store import open_database

    with open_database(demo_db):
        proc = run("--db", demo_db, "volunteers", "search", "zs", check_code=3)
    assert "只能由一个窗口使用" in proc.stderr


def test_a_too_new_database_exits_3(tmp_path):
    import sqlite3

    db = tmp_path / "new.sqlite3"
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 999")
    con.close()
    assert "更新版本" in run("--db", db, "check", check_code=3).stderr


def test_self_test():
    assert "自检通过" in run("--self-test", check_code=0).stderr


def test_a_failed_self_test_check_says_so_in_chinese_and_exits_nonzero_even_under_python_O():
    """Its checks are conditions, not asserts (python -O removes those): here pinyin search finds nobody."""
    probe = ("import sys\n"
             "from stationdesk.services import roster\n"
             "roster.search = lambda *args, **kwargs: []\n"
             "from stationdesk.cli import main\n"
             "sys.exit(main(['--self-test']))\n")
    proc = subprocess.run([sys.executable, "-O", "-c", probe], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.strip() == "自检失败：拼音检索不对：查“zs”没有首先找到张三"


def test_backup_then_restore_from_the_command_line(tmp_path):
    db = tmp_path / "s.sqlite3"
    run("--db", db, "demo", "--volunteers", "30", check_code=0)
    copy = tmp_path / "copy.sqlite3"
    assert "已备份并校验" in run("--db", db, "backup", "-o", copy, check_code=0).stderr
    run("--db", db, "backup", check_code=0)
    assert list((tmp_path / "backups").glob("*-manual.sqlite3"))
    run("--db", db, "import", "volunteers", write_messy_xlsx(tmp_path / "m.xlsx"), check_code=1)
    assert len(json.loads(run("--db", db, "volunteers", "search", "", "--limit", "99", "--json").stdout)["results"]) == 34
    restored = run("--db", db, "restore", copy, check_code=0)
    assert "恢复前的数据已另存为备份" in restored.stderr
    assert len(json.loads(run("--db", db, "volunteers", "search", "", "--limit", "99", "--json").stdout)["results"]) == 30
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"nonsense" * 200)
    assert "不能用这个备份恢复" in run("--db", db, "restore", bad, check_code=2).stderr


def test_activities_list_and_sign_in_sheet(demo_db, tmp_path):
    # 24 planned a year + 3 upcoming, 4 served 群众点单 that count as activities, the kiosk-scanned one, and
    # 端午 once it has passed
    from datetime import date

    from stationdesk.domain.festivals import marked_days

    duanwu = next(d.day for d in marked_days(date.today().year) if d.name == "端午节")
    listed = json.loads(run("--db", demo_db, "activities", "list", "--json", check_code=0).stdout)["results"]
    assert len(listed) == 27 + 4 + 1 + (duanwu < date.today()) and {"id", "title", "starts_at", "status", "signed_up", "attended"} <= set(listed[0])
    done = [a for a in listed if a["status"] == "done"]
    assert done and all(a["attended"] <= a["signed_up"] for a in done)
    planned = next(a for a in listed if a["status"] == "planned")
    pdf = tmp_path / "signin.pdf"
    made = run("--db", demo_db, "print", "signin", planned["id"], "-o", pdf, "--blank-rows", "5", check_code=0)
    assert f"{planned['signed_up']} 名已报名" in made.stderr and pdf.read_bytes().startswith(b"%PDF")
    assert "找不到编号为 99999 的活动" in run("--db", demo_db, "print", "signin", "99999", "-o", pdf,
                                               check_code=2).stderr
    assert "空白行数" in run("--db", demo_db, "print", "signin", planned["id"], "-o", pdf, "--blank-rows", "-1",
                            check_code=2).stderr


def test_pairings_list_and_their_papers(demo_db, tmp_path):
    listed = json.loads(run("--db", demo_db, "pairings", "list", "--year", "2026", "--json", check_code=0).stdout)
    results = listed["results"]
    assert len(results) == 4 and all(len(p["fulfilment"]) == 4 for p in results)
    assert {f["status"] for p in results for f in p["fulfilment"]} <= {"met", "on_track", "behind", "not_due"}
    for kind in ("agreement", "pairing-report", "thanks"):
        out = tmp_path / f"{kind}.pdf"
        run("--db", demo_db, "print", kind, results[0]["id"], "--year", "2026", "-o", out, check_code=0)
        assert out.read_bytes().startswith(b"%PDF")
    assert "找不到编号为 999 的结对协议" in run("--db", demo_db, "print", "agreement", "999", "-o", tmp_path / "x.pdf",
                                               check_code=2).stderr


def test_certificates_issue_verify_void_and_reprint(tmp_path):
    db = tmp_path / "c.sqlite3"
    run("--db", db, "demo", "--volunteers", "40", "--years", "2", check_code=0)
    zhang = json.loads(run("--db", db, "volunteers", "search", "zs", "--json").stdout)["results"][0]["id"]
    cert = tmp_path / "cert.pdf"
    made = run("--db", db, "print", "certificate", zhang, "--from", "2025-01-01", "--to", "2026-12-31", "-o", cert,
               check_code=0)
    serial = made.stderr.split("证明 ")[1].split("（")[0]
    code = made.stderr.split("校验码 ")[1].split("，")[0]
    bare = json.loads(run("--db", db, "certificates", "verify", serial, "--json", check_code=1).stdout)
    assert bare["status"] == "needs_code" and "仅凭编号不能证明真伪" in bare["message"]
    verdict = json.loads(run("--db", db, "certificates", "verify", f"{serial} {code}", "--json", check_code=0).stdout)
    assert verdict["status"] == "valid" and verdict["name"] == "张三"
    assert "没有登记服务时长" in run("--db", db, "print", "certificate", zhang, "--from", "2020-01-01", "--to",
                                    "2020-12-31", "-o", cert, check_code=2).stderr
    reprint = tmp_path / "reprint.pdf"
    run("--db", db, "certificates", "reprint", serial, "-o", reprint, check_code=0)
    reprinted = "".join(subprocess.run(["pdftotext", str(reprint), "-"], capture_output=True, text=True).stdout.split())
    original = "".join(subprocess.run(["pdftotext", str(cert), "-"], capture_output=True, text=True).stdout.split())
    assert "补打件" in reprinted and re.sub(r"补打件：原件于\d{4}年\d{1,2}月\d{1,2}日出具", "", reprinted) == original
    run("--db", db, "certificates", "void", serial, "--reason", "重开", check_code=0)
    assert json.loads(run("--db", db, "certificates", "verify", serial, "--json", check_code=1).stdout)["status"] == "voided"
    assert "此证书已作废" in run("--db", db, "certificates", "reprint", serial, "-o", reprint, check_code=0).stderr
    voided_text = "".join(subprocess.run(["pdftotext", str(reprint), "-"], capture_output=True, text=True).stdout.split())
    assert "作废" in voided_text and "作废：重开" in voided_text and serial in voided_text
    # A PDF that cannot be written issues nothing: the register is as it was (exit 2 means nothing changed).
    listed = run("--db", db, "certificates", "verify", serial, "--json", check_code=1).stdout
    failed = run("--db", db, "print", "certificate", zhang, "--from", "2025-01-01", "--to", "2026-12-31", "-o",
                 tmp_path / "missing" / "x.pdf", check_code=2)
    assert "Traceback" not in failed.stderr
    following = f"{serial.rsplit('-', 1)[0]}-{int(serial.rsplit('-', 1)[1]) + 1:04d}"
    assert json.loads(run("--db", db, "certificates", "verify", following, "--json", check_code=1).stdout)["status"] == "unknown"
    assert run("--db", db, "certificates", "verify", serial, "--json", check_code=1).stdout == listed
    honors = tmp_path / "honors.pdf"
    run("--db", db, "print", "honors", "--year", "2026", "--min-hours", "1", "-o", honors, check_code=0)
    assert honors.read_bytes().startswith(b"%PDF")


def test_stats_json_export_and_report(demo_db, tmp_path):
    from openpyxl import load_workbook

    year = json.loads(run("--db", demo_db, "stats", "--year", "2026", "--json", check_code=0).stdout)
    assert year["period"] == {"from": "2026-01-01", "to": "2026-12-31"}
    assert {"activities", "participations", "volunteers_active", "hours", "beneficiaries"} <= set(year)
    months = [json.loads(run("--db", demo_db, "stats", "--year", "2026", "--month", str(m), "--json").stdout)
              for m in range(1, 13)]
    assert sum(m["activities"] for m in months) == year["activities"]
    assert abs(sum(m["hours"] for m in months) - year["hours"]) < 0.01
    assert "月份" in run("--db", demo_db, "stats", "--year", "2026", "--month", "13", check_code=2).stderr
    xlsx = tmp_path / "stats.xlsx"
    run("--db", demo_db, "export", "stats", "--year", "2026", xlsx, check_code=0)
    book = load_workbook(xlsx)
    assert book.sheetnames[:3] == ["概况", "按服务类别", "按月份"]
    overview = dict(book["概况"].iter_rows(min_row=2, values_only=True))
    assert overview["开展活动（次）"] == year["activities"]
    pdf = tmp_path / "stats.pdf"
    run("--db", demo_db, "print", "stats", "--year", "2026", "-o", pdf, check_code=0)
    assert pdf.read_bytes().startswith(b"%PDF")


def test_stats_json_carries_each_pairings_fulfilment(demo_db):
    year = json.loads(run("--db", demo_db, "stats", "--year", "2026", "--json", check_code=0).stdout)
    assert len(year["pairings"]) == 4 and all(len(p["fulfilment"]) == 4 for p in year["pairings"])


def test_practices_in_stats_and_their_papers(demo_db, tmp_path):
    payload = json.loads(run("--db", demo_db, "stats", "--year", "2026", "--json", check_code=0).stdout)["practices"]
    assert sum(payload["requests"].values()) == 8 and payload["requests"]["requested"] == 1
    assert 1 <= payload["average_rating"] <= 5
    assert payload["points_issued"] > payload["points_redeemed"] >= 0
    assert payload["funds_in"] == "23600.00" and payload["funds_out"] == "3680.50"  # exact, as text
    assert "群众点单 8 单" in run("--db", demo_db, "stats", "--year", "2026", check_code=0).stdout
    listing, statement = tmp_path / "requests.pdf", tmp_path / "funds.pdf"
    run("--db", demo_db, "print", "requests", "--year", "2026", "--month", "10", "-o", listing, check_code=0)
    run("--db", demo_db, "print", "funds", "--year", "2026", "-o", statement, check_code=0)
    text = subprocess.run(["pdftotext", str(listing), "-"], capture_output=True, text=True).stdout
    assert "2026年10月群众点单清单" in text and "待派单" in text
    assert "18,719.50" in subprocess.run(["pdftotext", str(statement), "-"], capture_output=True, text=True).stdout
    assert "月份应为 1 到 12" in run("--db", demo_db, "print", "requests", "--year", "2026", "--month", "13", "-o",
                                 listing, check_code=2).stderr


def test_attendance_correct_review_and_confirm_from_the_command_line(tmp_path):
    db = tmp_path / "s.sqlite3"
    run("--db", db, "demo", "--volunteers", "20", check_code=0)
    done = next(a for a in json.loads(run("--db", db, "activities", "list", "--json").stdout)["results"]
                if a["status"] == "done")
    rows = json.loads(run("--db", db, "attendance", "list", done["id"], "--json", check_code=0).stdout)["results"]
    record = next(r for r in rows if r["attended"])
    assert "原因" in run("--db", db, "attendance", "correct", record["record"], "--hours", "0.5", "--reason", " ",
                         check_code=2).stderr
    run("--db", db, "--operator", "李会计", "attendance", "correct", record["record"], "--hours", "0.5",
        "--reason", "提前离开", check_code=0)
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT actor, old_hours, new_hours, reason FROM hours_correction WHERE participation_id = ?",
                           (record["record"],)).fetchall() == [("李会计", record["hours"], 0.5, "提前离开")]
        con.execute("UPDATE participation SET needs_review = 1 WHERE id = ?", (record["record"],))
        con.commit()
    finally:
        con.close()
    review = json.loads(run("--db", db, "attendance", "review", "--json", check_code=0).stdout)["results"]
    assert record["record"] in [r["record"] for r in review] and len(review) == 2  # and the demo's kiosk scan-in
    for r in review:
        run("--db", db, "attendance", "confirm", r["record"], check_code=0)
    assert "没有待核实" in run("--db", db, "attendance", "review", check_code=0).stdout
    assert "找不到" in run("--db", db, "attendance", "confirm", "999999", check_code=2).stderr


def test_the_command_line_speaks_chinese_and_names_its_defaults():
    for args, words in ((("frobnicate",), "无效的选项"), (("export",), "缺少必填的参数：子命令"),
                        (("print", "signin", "abc", "-o", "x.pdf"), "'abc' 不是有效的整数"),
                        (("volunteers", "search"), "缺少必填的参数：查找内容")):
        proc = run(*args, check_code=2)
        assert words in proc.stderr and "usage" not in proc.stderr and "error:" not in proc.stderr, proc.stderr
        assert proc.stderr.startswith("用法：")
    helptext = run("print", "honors", "--help", check_code=0).stdout
    assert "本年服务时长达到多少小时才列入（默认 20）" in helptext and "show" not in helptext


def test_a_mistyped_database_path_is_refused_not_created(tmp_path):
    typo = tmp_path / "statoin.sqlite3"
    for args in (("stats",), ("check",), ("volunteers", "search", "")):
        proc = run("--db", typo, *args, check_code=2)
        assert "找不到数据库文件" in proc.stderr and "--create" in proc.stderr
    assert not typo.exists()
    run("--db", typo, "--create", "check", check_code=0)
    assert typo.exists()


def test_piped_output_closed_early_ends_quietly(tmp_path):
    db = tmp_path / "big.sqlite3"
    run("--db", db, "demo", "--volunteers", "3000", check_code=0)  # more output than a pipe holds
    proc = subprocess.run(f"{sys.executable} -m stationdesk --db {db} volunteers search '' --limit 5000 | head -1",
                          shell=True, capture_output=True, text=True, timeout=120)
    assert len(proc.stdout.splitlines()) == 1 and "Traceback" not in proc.stderr and "Broken" not in proc.stderr


def test_no_display_is_one_chinese_line_not_a_crash(tmp_path):
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run([sys.executable, "-m", "stationdesk", "--db", str(tmp_path / "s.sqlite3"), "gui"],
                          capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 2 and proc.stderr.strip().splitlines() == [proc.stderr.strip()]
    assert "没有可用的图形界面" in proc.stderr


def test_the_weekly_cycle_scripted_from_the_command_line(tmp_path):
    """Register, plan, sign up, record from the sheet's row numbers, correct with a reason, read the trail."""
    db = tmp_path / "s.sqlite3"
    run("--db", db, "demo", "--volunteers", "20", check_code=0)
    added = json.loads(run("--db", db, "volunteers", "add", "--name", "王䶮", "--phone", "13800001111",
                           "--team", "青年突击队", "--json", check_code=0).stdout)
    assert "手机号码" in run("--db", db, "volunteers", "add", "--name", "李四", "--phone", "123", check_code=2).stderr
    assert "没有名为“不存在的队”" in run("--db", db, "volunteers", "add", "--name", "赵六", "--team", "不存在的队",
                                        check_code=2).stderr
    activity = json.loads(run("--db", db, "activities", "add", "--title", "护河巡河", "--date", "2026-11-20",
                              "--start", "09:00", "--end", "11:30", "--team", "青年突击队", "--place", "青山溪",
                              "--json", check_code=0).stdout)["id"]
    ids = [r["id"] for r in json.loads(run("--db", db, "volunteers", "search", "", "--json").stdout)["results"]][:4]
    run("--db", db, "activities", "signup", activity, *ids, added["id"], check_code=0)
    assert "没有编号为 99999" in run("--db", db, "activities", "signup", activity, "99999", check_code=2).stderr
    done = json.loads(run("--db", db, "attendance", "record", activity, "--present", "1 3-4", "--json",
                          check_code=0).stdout)
    assert done == {"attended": 3, "rows": 5}
    assert "没有第 9 行" in run("--db", db, "attendance", "record", activity, "--present", "9", check_code=2).stderr
    assert "--reason" in run("--db", db, "attendance", "record", activity, "--present", "1", check_code=2).stderr
    run("--db", db, "--operator", "李会计", "attendance", "record", activity, "--present", "1", "--reason", "核对签到表",
        check_code=0)
    sheet = json.loads(run("--db", db, "attendance", "list", activity, "--json", check_code=0).stdout)["results"]
    first = next(r["volunteer_id"] for r in sheet if r["attended"])
    run("--db", db, "--operator", "李会计", "attendance", "correct", activity, first, "--hours", "2", "--reason", "补记",
        check_code=0)  # by activity and volunteer, as the sheet names them
    assert "没有志愿者 99999" in run("--db", db, "attendance", "correct", activity, "99999", "--hours", "1", "--reason",
                                     "x", check_code=2).stderr
    history = json.loads(run("--db", db, "attendance", "history", activity, "--json", check_code=0).stdout)["results"]
    assert [(h["actor"], h["old_hours"], h["new_hours"], h["reason"]) for h in history] == [
        ("李会计", 2.5, 0, "核对签到表"), ("李会计", 2.5, 0, "核对签到表"), ("李会计", 2.5, 2, "补记")]
    assert "'2026-13-01' 不是有效的日期" in run("--db", db, "activities", "add", "--title", "x", "--date", "2026-13-01",
                                               check_code=2).stderr


def test_volunteers_duplicates_names_the_pair_and_why(tmp_path, demo_db):
    import shutil

    db = tmp_path / "station.sqlite3"
    shutil.copy(demo_db, db)
    assert json.loads(run("--db", db, "volunteers", "duplicates", "--json", check_code=0).stdout) == {"pairs": []}
    first = json.loads(run("--db", db, "volunteers", "search", "zs", "--json").stdout)["results"][0]
    phone = sqlite3.connect(db).execute("SELECT phone FROM volunteer WHERE id = ?", (first["id"],)).fetchone()[0]
    again = json.loads(run("--db", db, "volunteers", "add", "--name", first["name"], "--phone", phone, "--anyway",
                           "--json").stdout)
    (pair,) = json.loads(run("--db", db, "volunteers", "duplicates", "--json", check_code=0).stdout)["pairs"]
    assert [r["id"] for r in pair["records"]] == [first["id"], again["id"]]
    assert pair["score"] >= 90 and "姓名和电话相同" in pair["reasons"]
    assert phone not in json.dumps(pair, ensure_ascii=False)  # masked, as everywhere
    text = run("--db", db, "volunteers", "duplicates").stdout
    assert first["name"] in text and "姓名和电话相同" in text


def test_merge_and_unmerge_from_the_command_line(tmp_path, demo_db):
    import shutil

    db = tmp_path / "station.sqlite3"
    shutil.copy(demo_db, db)
    first = json.loads(run("--db", db, "volunteers", "search", "zs", "--json").stdout)["results"][0]
    phone = sqlite3.connect(db).execute("SELECT phone FROM volunteer WHERE id = ?", (first["id"],)).fetchone()[0]
    again = json.loads(run("--db", db, "volunteers", "add", "--name", first["name"], "--phone", phone,
                           "--anyway", "--json").stdout)["id"]
    assert "不认识的字段" in run("--db", db, "volunteers", "merge", first["id"], again, "--take", "shoe_size",
                                 check_code=2).stderr
    assert "它自己" in run("--db", db, "volunteers", "merge", again, again, check_code=2).stderr
    merged = json.loads(run("--db", db, "volunteers", "merge", first["id"], again, "--json", check_code=0).stdout)
    assert json.loads(run("--db", db, "volunteers", "duplicates", "--json").stdout) == {"pairs": []}
    run("--db", db, "volunteers", "unmerge", merged["merge_id"], check_code=0)
    assert len(json.loads(run("--db", db, "volunteers", "duplicates", "--json").stdout)["pairs"]) == 1
    assert "撤销过" in run("--db", db, "volunteers", "unmerge", merged["merge_id"], check_code=2).stderr


def test_importing_the_apps_own_full_export_adds_nobody_twice(tmp_path, demo_db):
    """The issue's case: volunteers without an ID number were added again by re-importing the full
    export; now they are named as probably registered and skipped (or added when asked)."""
    import shutil

    db = tmp_path / "station.sqlite3"
    shutil.copy(demo_db, db)
    run("--db", db, "volunteers", "add", "--name", "无证件", "--phone", "13900007777", check_code=0)
    export = tmp_path / "full.xlsx"
    run("--db", db, "export", "volunteers", export, "--ids", "full", "--phones", "full", check_code=0)
    before = len(json.loads(run("--db", db, "volunteers", "search", "", "--limit", "999", "--json").stdout)["results"])
    result = json.loads(run("--db", db, "import", "volunteers", export, "--json").stdout)
    assert result["imported"] == 0 and any("无证件" in p["reason"] for p in result["probable"])
    after = len(json.loads(run("--db", db, "volunteers", "search", "", "--limit", "999", "--json").stdout)["results"])
    assert after == before
    dry = json.loads(run("--db", db, "import", "volunteers", export, "--probable", "add", "--dry-run", "--json").stdout)
    assert dry["imported"] == len(dry["probable"]) >= 1


def test_export_hours_for_the_national_system_and_stats_as_numbers(tmp_path, demo_db):
    """One row per attendance with text where text must stay (ID numbers, times) and numbers where a
    town adds up (hours; every figure of the stats workbook's 概况)."""
    from python_calamine import load_workbook

    out = tmp_path / "hours.xlsx"
    done = json.loads(run("--db", demo_db, "export", "hours", "--year", "2026", out, "--json", check_code=0).stdout)
    rows = load_workbook(str(out)).get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["姓名", "证件类型", "证件号码"] and len(rows) - 1 == done["rows"] > 0
    con = sqlite3.connect(demo_db)
    expected = con.execute("SELECT count(*), sum(p.hours) FROM participation p JOIN activity a ON a.id = p.activity_id"
                           " WHERE p.attended = 1 AND a.status = 'done' AND a.starts_at LIKE '2026-%'").fetchone()
    assert len(rows) - 1 == expected[0] and sum(r[7] for r in rows[1:]) == pytest.approx(expected[1])
    assert all(isinstance(r[7], float) for r in rows[1:]) and all(isinstance(r[2], str) for r in rows[1:])
    with_id = [r for r in rows[1:] if r[2]]
    assert with_id and all(len(r[2]) == 18 for r in with_id) and all(len(r[5]) == 5 for r in rows[1:])
    stats = tmp_path / "stats.xlsx"
    run("--db", demo_db, "export", "stats", "--year", "2026", stats, check_code=0)
    overview = load_workbook(str(stats)).get_sheet_by_name("概况").to_python()[1:]
    figures = {label: value for label, value in overview if label not in ("站点", "统计期间")}
    assert figures and all(isinstance(v, (int, float)) or v == "" for v in figures.values()), figures


def test_export_package_signed_and_masked_by_default(tmp_path, demo_db):
    from stationdesk.services.packages import read_checked as read_package

    out = tmp_path / "up.sdpkg"
    done = json.loads(run("--db", demo_db, "export", "package", "-o", out, "--year", "2026", "--json",
                          check_code=0).stdout)
    package = read_package(out)
    assert done["manifest"]["station"]["id"] == package.manifest["station"]["id"]
    assert package.manifest["personal_data"]["id_numbers"] == "masked"
    assert "不存在" in run("--db", demo_db, "export", "package", "-o", tmp_path / "no" / "x.sdpkg", check_code=2).stderr


def test_search_and_roster_narrowed_by_the_filters(demo_db, tmp_path):
    base = ["--db", demo_db, "volunteers", "search", "", "--limit", "500", "--json"]
    everyone = json.loads(run(*base, check_code=0).stdout)["results"]
    elderly = json.loads(run(*base, "--age", "60+", check_code=0).stdout)["results"]
    in_group = json.loads(run(*base, "--age", "60+", "--group", "三组", check_code=0).stdout)["results"]
    assert 0 < len(in_group) < len(elderly) < len(everyone)
    assert all(r["village_group"] == "三组" for r in in_group) and {r["id"] for r in in_group} <= {r["id"] for r in elderly}
    refused = run(*base, "--age", "old", check_code=2)
    assert "minor" in refused.stderr and "Traceback" not in refused.stderr

    out = tmp_path / "elderly.pdf"
    printed = run("--db", demo_db, "print", "roster", "-o", out, "--age", "60+", "--group", "三组", check_code=0)
    assert f"（{len(in_group)} 人" in printed.stderr
    text = subprocess.run(["pdftotext", "-layout", out, "-"], capture_output=True, text=True, check=True).stdout
    assert "筛选：村民小组“三组”、60岁及以上" in text and all(r["name"] in text for r in in_group)
