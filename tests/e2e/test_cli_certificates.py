"""Certificates from the command line (#28 items 4–6), a subprocess per command on a real database file
built by the production services: warnings before a proof, what verify says to compare, reprints marked
and logged, and a second honours batch that skips those already honoured."""

import json
import sqlite3
import subprocess
from datetime import date, datetime, timedelta

import pytest

from stationdesk.domain.activity import ActivityDraft
from stationdesk.domain.idnumber import make_id_number
from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.services import activities, attendance, roster
from stationdesk.services.attendance import Mark
from stationdesk.store import open_database
from tests.e2e.test_cli import run


@pytest.fixture
def station(tmp_path):
    """张三 (with an ID number) and 李四 (without), both at two activities in 2026."""
    db = tmp_path / "s.sqlite3"
    with open_database(db) as store:
        zhang = roster.add_volunteer(store, VolunteerDraft(name="张三", id_number=make_id_number("330182", date(2001, 5, 4), 13)))
        li = roster.add_volunteer(store, VolunteerDraft(name="李四"))
        for month in (3, 6):
            start = datetime(2026, month, 5, 9)
            aid = activities.create_activity(store, ActivityDraft(title=f"{month}月村道保洁", category="环境保护",
                                                                  starts_at=start, ends_at=start + timedelta(hours=3)))
            attendance.record_attendance(store, aid, [Mark(zhang, True), Mark(li, True)])
    return db, zhang, li


def pdf_text(path) -> str:
    return "".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())


def test_a_proof_warns_of_no_id_number_and_of_a_period_already_certified(station, tmp_path):
    db, zhang, li = station
    clean = run("--db", db, "print", "certificate", zhang, "--from", "2026-01-01", "--to", "2026-06-30", "-o",
                tmp_path / "a.pdf", check_code=0)
    assert "注意" not in clean.stderr
    first = clean.stderr.split("证明 ")[1].split("（")[0]
    again = run("--db", db, "print", "certificate", zhang, "--from", "2026-06-01", "--to", "2026-12-31", "-o",
                tmp_path / "b.pdf", check_code=0)  # warned, and issued all the same
    assert "注意：" in again.stderr and first in again.stderr and "重叠" in again.stderr
    assert "已出具志愿服务记录证明" in again.stderr
    no_id = run("--db", db, "print", "certificate", li, "--from", "2026-01-01", "--to", "2026-12-31", "-o",
                tmp_path / "c.pdf", check_code=0)
    assert "注意：李四没有登记证件号码" in no_id.stderr and "无（未登记证件）" in pdf_text(tmp_path / "c.pdf")


def test_verify_says_what_to_compare_on_the_paper(station, tmp_path):
    db, zhang, _ = station
    made = run("--db", db, "print", "certificate", zhang, "--from", "2026-01-01", "--to", "2026-12-31", "-o",
               tmp_path / "a.pdf", check_code=0)
    serial, code = made.stderr.split("证明 ")[1].split("（")[0], made.stderr.split("校验码 ")[1].split("，")[0]
    said = run("--db", db, "certificates", "verify", f"{serial} {code}", check_code=0).stdout
    for line in ("真实有效", "持证人：张三", "类别：志愿服务记录证明", "期间：2026年1月1日至2026年12月31日",
                 "时长：6 小时", "出具日期：", "请核对纸面上的姓名、期间和时长是否与此一致"):
        assert line in said, line
    verdict = json.loads(run("--db", db, "certificates", "verify", f"{serial} {code}", "--json", check_code=0).stdout)
    assert verdict["name"] == "张三" and verdict["kind"] == "志愿服务记录证明" and verdict["hours"] == 6
    assert verdict["period"] == ["2026-01-01", "2026-12-31"] and verdict["issued_on"] == date.today().isoformat()
    assert verdict["check"] == "请核对纸面上的姓名、期间和时长是否与此一致。"


def test_reprints_are_marked_identical_to_each_other_and_logged(station, tmp_path):
    db, zhang, _ = station
    original = tmp_path / "a.pdf"
    made = run("--db", db, "print", "certificate", zhang, "-o", original, check_code=0)
    serial = made.stderr.split("证明 ")[1].split("（")[0]
    first, second = tmp_path / "r1.pdf", tmp_path / "r2.pdf"
    assert "补打件" in run("--db", db, "certificates", "reprint", serial, "-o", first, check_code=0).stderr
    run("--db", db, "certificates", "reprint", serial, "-o", second, check_code=0)
    assert first.read_bytes() == second.read_bytes() != original.read_bytes()
    today = date.today()
    assert f"补打件：原件于{today.year}年{today.month}月{today.day}日出具" in pdf_text(first)
    assert "补打" not in pdf_text(original)
    with sqlite3.connect(db) as con:
        logged = con.execute("SELECT detail FROM audit_entry WHERE action = 'reprint'").fetchall()
    assert len(logged) == 2 and all(serial in detail for (detail,) in logged)


def test_a_second_honours_batch_skips_those_already_honoured_unless_asked(station, tmp_path):
    db, _, li = station
    first = run("--db", db, "print", "honors", "--year", "2026", "--min-hours", "5", "-o", tmp_path / "h1.pdf",
                check_code=0)
    assert "已出具荣誉证书 2 张" in first.stderr and "跳过" not in first.stderr
    again = run("--db", db, "print", "honors", "--year", "2026", "--min-hours", "5", "-o", tmp_path / "h2.pdf",
                check_code=2)
    assert "这 2 人都已出具过 2026 年“优秀志愿者”荣誉证书" in again.stderr and "--again" in again.stderr
    assert not (tmp_path / "h2.pdf").exists()
    with sqlite3.connect(db) as con:
        serial = con.execute("SELECT serial FROM certificate WHERE volunteer_id = ?", (li,)).fetchone()[0]
    run("--db", db, "certificates", "void", serial, "--reason", "姓名有误", check_code=0)
    partly = run("--db", db, "print", "honors", "--year", "2026", "--min-hours", "5", "-o", tmp_path / "h3.pdf",
                 check_code=0)
    assert "已出具荣誉证书 1 张" in partly.stderr and "跳过已出具过本年度“优秀志愿者”证书的 1 人" in partly.stderr
    assert "李四" in pdf_text(tmp_path / "h3.pdf") and "张三" not in pdf_text(tmp_path / "h3.pdf")
    forced = run("--db", db, "print", "honors", "--year", "2026", "--min-hours", "5", "--again", "-o",
                 tmp_path / "h4.pdf", check_code=0)
    assert "已出具荣誉证书 2 张" in forced.stderr and "跳过" not in forced.stderr
    other_title = run("--db", db, "print", "honors", "--year", "2026", "--title", "最美志愿者", "--min-hours", "5",
                      "-o", tmp_path / "h5.pdf", check_code=0)
    assert "已出具荣誉证书 2 张" in other_title.stderr
