"""`print brief`, `print monthly-brief` and `print notice` run as a user runs them: a subprocess on a demo
station file, the papers checked as files, the text on stdout, refusals in Chinese with exit 2."""

import subprocess
from datetime import date

import pytest

from stationdesk.services import activities
from stationdesk.store import open_database
from tests.e2e.test_cli import run


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("publicity") / "demo.sqlite3"
    run("--db", db, "demo", "--volunteers", "80", "--seed", "5", check_code=0)
    return db


def held(db) -> tuple[int, str, date]:
    with open_database(db) as store:
        a = next(a for a in activities.list_activities(store) if a.status == "done")
    return a.id, a.title, a.starts_at.date()


def pdf_text(pdf) -> str:
    return "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())


def test_an_activity_brief_as_pdf_and_docx_with_its_text(demo_db, tmp_path):
    aid, title, _ = held(demo_db)
    done = run("--db", demo_db, "print", "brief", aid, "-o", tmp_path / "b.pdf", "--text", check_code=0)
    assert done.stdout.startswith(title + "\n") and "【活动内容】" in done.stdout and "供稿" in done.stdout
    assert "活动简报已生成" in done.stderr and "页" in done.stderr
    assert "".join(title.split()) in pdf_text(tmp_path / "b.pdf")
    quiet = run("--db", demo_db, "print", "brief", aid, "-o", tmp_path / "b.docx", check_code=0)
    assert quiet.stdout == "" and "Word 文档" in quiet.stderr
    from docx import Document

    assert Document(str(tmp_path / "b.docx")).paragraphs[0].text == title


def test_the_monthly_brief_and_the_notice(demo_db, tmp_path):
    _, title, day = held(demo_db)
    done = run("--db", demo_db, "print", "monthly-brief", "--year", day.year, "--month", day.month,
               "-o", tmp_path / "m.docx", "--text", check_code=0)
    assert f"{day.year}年{day.month}月工作简报" in done.stdout and title.strip("“”") in done.stdout
    assert (tmp_path / "m.docx").stat().st_size > 0
    run("--db", demo_db, "print", "notice", "--year", day.year, "--month", day.month, "--landscape",
        "--phone", "0571-88886666", "--from", f"{day.year}-{day.month:02d}-01", "-o", tmp_path / "n.pdf", check_code=0)
    text = pdf_text(tmp_path / "n.pdf")
    assert "监督电话：0571-88886666" in text and f"公示期：{day.year}年{day.month}月1日至" in text


@pytest.mark.parametrize("args, said", [
    (["print", "brief", "1", "-o", "b.txt"], "只能保存为 .pdf 或 .docx"),
    (["print", "brief", "99999", "-o", "b.pdf"], "找不到编号为 99999 的活动"),
    (["print", "notice", "--year", "2026", "--month", "13", "-o", "n.pdf"], "月份"),
    (["print", "notice", "--year", "2026", "--month", "5", "--days", "0", "-o", "n.pdf"], "公示期应为 1 到 60 天"),
])
def test_refusals_are_chinese_and_leave_no_file(demo_db, tmp_path, args, said):
    out = tmp_path / args[-1]
    done = run("--db", demo_db, *args[:-1], out, check_code=2)
    assert said in done.stderr and not out.exists()
