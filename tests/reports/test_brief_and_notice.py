"""简报 (PDF, Word, plain text) and the monthly 时长和积分公示, from a real station: the gallery's 生僻字
names, markup in titles, four captioned photos. Checked on the real files: pdftotext/pdffonts/pdfimages,
the .docx read back with python-docx (and opened by LibreOffice when it is installed), figures against a
recount from the raw rows, and no phone or ID number anywhere."""

import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from stationdesk.domain.activity import ActivityDraft
from stationdesk.domain.notice import NO_GROUP, group_order
from stationdesk.reports.fonts import as_printed
from stationdesk.services import activities, attendance, briefs, notices, roster, stats
from stationdesk.services.attendance import Mark
from stationdesk.services.demo import build_demo
from stationdesk.store import open_database
from tests.reports.gallery import CAPTIONS, NAMES, TEAM, YEAR, fill_gallery
from tests.reports.test_every_printout import check_pdf, embedded_fonts

HOSTILE = "A&B礼堂<b>粗体</b>;"
QUOTES = str.maketrans("", "", "“”‘’")


def flat(text: str) -> str:
    return "".join(text.split())


def pdf_text(pdf: Path) -> str:
    return flat(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)


def images(pdf: Path) -> int:
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return len(out.splitlines()[2:])


@pytest.fixture(scope="module")
def station(tmp_path_factory):
    """A demo station with the gallery on it (its people attend one activity in January, four photos)."""
    folder = tmp_path_factory.mktemp("brief")
    db = folder / "station.sqlite3"
    with open_database(db) as store:
        build_demo(store, volunteers=30, seed=3)
        ids = fill_gallery(store, folder)
    return db, ids


@pytest.fixture
def store(station, tmp_path):
    db = tmp_path / "station.sqlite3"
    shutil.copy(station[0], db)
    with open_database(db) as s:
        yield s


def private_numbers(store) -> list[str]:
    """Every phone and ID number on the roster: none may reach a brief or a 公示."""
    return [x for row in store.execute("SELECT phone, id_number FROM volunteer") for x in row if x and len(x) >= 7]


def test_an_activity_brief_in_three_forms(store, station, tmp_path):
    aid = station[1]["aid"]
    brief = briefs.activity_brief(store, aid, today=date(YEAR, 2, 1))
    text = brief.as_text()
    title = activities.get_activity(store, aid).title
    assert text.startswith(title + "\n")
    assert f"志愿者 {len(NAMES)} 人（{TEAM} {len(NAMES)} 人）" in text  # counts and team names, not people
    assert NAMES["Compound surname"] not in text and NAMES["Thirty characters"] not in text  # (content names two)
    assert [f"〔图{n}〕{c}".rstrip() for n, c in enumerate(CAPTIONS, start=1)] == re.findall(r"〔图\d〕.*", text)
    assert "【活动内容】" in text and "【活动成效】" in text

    pdf, docx = tmp_path / "brief.pdf", tmp_path / "brief.docx"
    assert briefs.write(brief, pdf) >= 1
    check_pdf("brief", pdf)
    printed = pdf_text(pdf)
    assert flat(title) in printed and flat(TEAM) in printed
    assert all(flat(c) in printed for c in CAPTIONS if c)
    assert images(pdf) == 4

    briefs.write(brief, docx)
    from docx import Document

    doc = Document(str(docx))
    paragraphs = [p.text for p in doc.paragraphs]
    cells = [p.text for table in doc.tables for row in table.rows for c in row.cells for p in c.paragraphs]
    assert paragraphs[0] == title
    assert len(doc.inline_shapes) == 4
    assert [c for c in cells if c.startswith("图")] == [f"图{n}　{c}".rstrip() for n, c in enumerate(CAPTIONS, 1)]
    assert any(p.startswith("活动成效") for p in paragraphs) and any("参与情况：" in p for p in paragraphs)
    everything = printed + flat(text) + flat("".join(paragraphs + cells))
    assert not [x for x in private_numbers(store) if x in everything]


def test_typed_markup_and_rare_names_come_back_exactly(store, tmp_path):
    vid = roster.add_volunteer(store, roster.VolunteerDraft(name=NAMES["Extension B"], village_group="十二组"))
    start = datetime(YEAR, 3, 5, 9)
    aid = activities.create_activity(store, ActivityDraft(title=HOSTILE, place="<礼堂>&", starts_at=start,
                                                          ends_at=start + timedelta(hours=2), content="第一段\n\n第二段 <i>"))
    absent = roster.add_volunteer(store, roster.VolunteerDraft(name="没来的人"))
    attendance.sign_up(store, aid, [vid, absent])
    attendance.record_attendance(store, aid, [Mark(vid, True), Mark(absent, False)])
    brief = briefs.activity_brief(store, aid)
    briefs.write(brief, tmp_path / "b.pdf")
    briefs.write(brief, tmp_path / "b.docx")
    printed = pdf_text(tmp_path / "b.pdf")
    assert printed.count(flat(HOSTILE)) == 3  # the headline, the lead and the running header, as typed
    assert "<礼堂>&" in printed and "第二段<i>" in printed
    from docx import Document

    doc = [p.text for p in Document(str(tmp_path / "b.docx")).paragraphs]
    assert doc[0] == HOSTILE and "第二段 <i>" in doc and "活动地点：<礼堂>&" in doc
    assert "未加入队伍的志愿者 1 人" in brief.as_text()


def test_a_cancelled_activity_has_no_brief_and_a_file_must_be_pdf_or_docx(store, tmp_path):
    from stationdesk.errors import UserError

    aid = activities.list_activities(store)[0].id
    with pytest.raises(UserError, match=r"\.pdf 或 \.docx"):
        briefs.write(briefs.activity_brief(store, aid), tmp_path / "b.txt")
    activities.set_status(store, aid, "cancelled")
    with pytest.raises(UserError, match="已取消"):
        briefs.activity_brief(store, aid)


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui "
                           "(258 MB, left out of ./dev's packages); the .docx is still read back by python-docx")
def test_the_brief_docx_opens_in_libreoffice_with_its_photos(store, station, tmp_path):
    brief = briefs.activity_brief(store, station[1]["aid"])
    briefs.write(brief, tmp_path / "brief.docx")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--convert-to",
                    "pdf", "--outdir", str(tmp_path / "lo"), str(tmp_path / "brief.docx")],
                   capture_output=True, check=True, timeout=180)
    converted = tmp_path / "lo" / "brief.pdf"
    # LibreOffice sets “ ” in a Western face, and pdftotext gives those runs out of order: compare without them.
    printed = pdf_text(converted).translate(QUOTES)
    assert flat(brief.headline).translate(QUOTES) in printed
    assert all(flat(c).translate(QUOTES) in printed for c in CAPTIONS if c)
    assert images(converted) == 4


def test_the_monthly_brief_tells_the_months_figures_and_held_activities(store, tmp_path):
    s = stats.compute(store, stats.period_of(YEAR, 1))
    held = [r[0] for r in store.execute(
        "SELECT title FROM activity WHERE status = 'done' AND starts_at >= ? AND starts_at < ? ORDER BY starts_at",
        (f"{YEAR}-01-01", f"{YEAR}-02-01"))]
    others = [r[0] for r in store.execute(
        "SELECT title FROM activity WHERE status != 'done' AND starts_at >= ? AND starts_at < ?",
        (f"{YEAR}-01-01", f"{YEAR}-02-01"))]
    brief = briefs.monthly_brief(store, YEAR, 1)
    text = brief.as_text()
    assert len(held) == s.activities > 1
    assert f"开展新时代文明实践活动 {s.activities} 次，志愿者参与 {s.participations} 人次" in text
    items = re.findall(r"^\d+\. .*", text, flags=re.M)
    assert len(items) == len(held) and all(t.strip("“”") in item for t, item in zip(held, items, strict=True))
    assert not [t for t in others if t not in held and t in text]
    assert 1 <= len(brief.photos) <= 4
    briefs.write(brief, tmp_path / "m.pdf")
    check_pdf("monthly", tmp_path / "m.pdf")
    briefs.write(brief, tmp_path / "m.docx")
    assert not [x for x in private_numbers(store) if x in pdf_text(tmp_path / "m.pdf") + flat(text)]


def test_village_groups_in_counting_order():
    groups = ["十组", "二组", "一组", "", "第12组", "十一组", "东片", "九组"]
    assert sorted(groups, key=group_order) == ["一组", "二组", "九组", "十组", "十一组", "第12组", "东片", ""]


def recount(store, year: int, month: int) -> dict[str, tuple[int, float]]:
    """(activities, hours) per person in the month, from the participation rows themselves."""
    out: dict[str, list] = {}
    for name, hours in store.execute(
            "SELECT v.name, p.hours FROM participation p JOIN activity a ON a.id = p.activity_id"
            " JOIN volunteer v ON v.id = p.volunteer_id WHERE p.attended = 1 AND a.status = 'done'"
            " AND substr(a.starts_at, 1, 7) = ?", (f"{year:04d}-{month:02d}",)):
        entry = out.setdefault(name, [0, 0.0])
        entry[0] += 1
        entry[1] += hours
    return {k: (n, h) for k, (n, h) in out.items()}


@pytest.mark.parametrize("landscape", [False, True])
def test_the_notice_by_village_group_with_its_period_and_phone(store, tmp_path, landscape):
    notice = notices.hours_points_notice(store, YEAR, 1, starts_on=date(YEAR, 2, 3), phone="0991-7654321")
    lines = {line.name: line for _, group in notice.groups for line in group}
    assert {k: (v.activities, v.hours) for k, v in lines.items() if v.activities} == recount(store, YEAR, 1)
    order = [g for g, _ in notice.groups]
    assert order == sorted(order, key=lambda g: group_order("" if g == NO_GROUP else g)) and order[-1] == NO_GROUP
    for name in NAMES.values():  # the gallery's people, all in no group
        assert name in {line.name for line in dict(notice.groups)[NO_GROUP]}
    pdf = tmp_path / "notice.pdf"
    done = notices.print_notice(store, YEAR, 1, pdf, landscape_page=landscape, phone="0991-7654321",
                                starts_on=date(YEAR, 2, 3))
    assert done.count == len(lines)
    check_pdf("notice", pdf)
    assert embedded_fonts(pdf) == {"yes"}
    printed = pdf_text(pdf)
    for name in NAMES.values():
        assert flat(as_printed(name)) in printed, name
    assert f"公示期：{YEAR}年2月3日至{YEAR}年2月9日" in printed and "监督电话：0991-7654321" in printed
    assert f"{YEAR}年1月志愿服务时长和积分公示" in printed
    assert not [x for x in private_numbers(store) if x in printed]
    size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", size).groups())
    assert (width > height) == landscape


def test_the_notices_points_are_the_months_lines_and_the_balance_at_its_end(store):
    from stationdesk.services import points

    vid = roster.add_volunteer(store, roster.VolunteerDraft(name="积分人", village_group="三组"))
    points.adjust(store, vid, "10", "文明家庭评选", today=date(YEAR, 4, 2))
    points.adjust(store, vid, "-2.5", "更正", today=date(YEAR, 5, 20))
    points.adjust(store, vid, "7", "下月", today=date(YEAR, 6, 1))
    line = {x.name: x for _, g in notices.hours_points_notice(store, YEAR, 5).groups for x in g}["积分人"]
    assert (line.earned, line.redeemed, line.balance, line.activities) == (-250, 0, 750, 0)
    assert "积分人" not in {x.name for _, g in notices.hours_points_notice(store, YEAR, 7).groups for x in g}
