"""Every printout, fed what people really type: 生僻字 names (Extension A, B and beyond), markup characters,
600-character paragraphs with line breaks, 60-character titles, empty optional fields. For each PDF: no
exception, only embedded fonts, every generated name and title back in the text, no line of text over
another and none past the paper's edge."""

import shutil
import subprocess
from datetime import date, datetime, timedelta
from html import unescape
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stationdesk.domain.activity import ActivityDraft
from stationdesk.reports.fonts import _rare_font
from stationdesk.services import activities, attendance, documents, funds, pairings, points, requests, roster
from stationdesk.services.attendance import Mark
from stationdesk.services.demo import build_demo
from stationdesk.services.stats import period_of
from stationdesk.store import open_database

YEAR = date.today().year
EDGE_MM = 10  # text nearer the paper's edge than this runs off or into the printer's margin
rare = st.sampled_from(sorted(chr(c) for c in _rare_font() if c > 0x3400)[::7])
common = st.sampled_from("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
names = st.lists(st.one_of(rare, common), min_size=2, max_size=11).map("".join)
markup_text = st.text(alphabet=st.sampled_from("<>&;/=\"' b a br 文明实践活动礼堂\n"), min_size=1, max_size=60)
titles = markup_text.map(lambda t: "".join(t.split()) or "活动")
paragraphs = st.one_of(st.just(""), st.text(alphabet=st.sampled_from("内容<b>&;\n 𠮷䶮。"), min_size=1, max_size=600))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("printouts") / "template.sqlite3"
    with open_database(path) as store:
        build_demo(store, volunteers=30, seed=3)
    return path


def fill(store, name: str, title: str, content: str) -> dict:
    """A person, an activity they attended, a pairing, a request and money — all in the generated text."""
    vid = roster.add_volunteer(store, roster.VolunteerDraft(name=name))
    start = datetime(YEAR, 1, 10, 9)
    aid = activities.create_activity(store, ActivityDraft(title=title, category="文化服务", place=title[:30],
                                                          starts_at=start, ends_at=start + timedelta(hours=3),
                                                          content=content, summary=content[::-1]))
    attendance.sign_up(store, aid, [vid])
    attendance.record_attendance(store, aid, [Mark(vid, True)])
    unit = pairings.add_unit(store, pairings.UnitDraft(name=f"{title[:40]}单位", contact_person=name))
    pid = pairings.create_pairing(store, unit, signed_on=date(YEAR, 1, 1), starts_on=date(YEAR, 1, 1),
                                  ends_on=date(YEAR + 2, 12, 31), unit_signatory=name, station_signatory=name)
    pairings.add_commitment(store, pid, aspect="项目共推", text=content[:200].strip() or title, target=2)
    rid = requests.create_request(store, requests.RequestDraft(resident_name=name, what=title), now=start)
    funds.add_entry(store, entered_on=date(YEAR, 2, 1), direction="in", source="文明实践基金", amount="100",
                    purpose=title)
    goods = points.save_goods(store, f"毛巾{title[:20]}", 1, 5, "条")
    redemption = points.redeem(store, vid, goods, 1, today=date(YEAR, 3, 1))
    return {"vid": vid, "aid": aid, "pid": pid, "rid": rid, "redemption": redemption}


def printouts(store, ids: dict, out: Path) -> dict[str, Path]:
    """Every document, as the CLI and the UI produce them (services.documents)."""
    jobs = {
        "roster": lambda p: documents.roster(store, p),
        "cards": lambda p: documents.cards(store, p),
        "signin": lambda p: documents.signin(store, ids["aid"], p),
        "record": lambda p: documents.record(store, ids["aid"], p),
        "service_record": lambda p: documents.service_record(store, ids["vid"], date(YEAR, 1, 1), date(YEAR, 12, 31), p),
        "honors": lambda p: documents.honors(store, [ids["vid"]], p, year=YEAR, title="优秀志愿者"),
        "public_list": lambda p: documents.public_list(store, date(YEAR, 1, 1), date.today(), p),
        "stats": lambda p: documents.stats_report(store, period_of(YEAR, None), p),
        "ledger": lambda p: documents.ledger(store, YEAR, p, sections=("roster", "activities", "pairings", "practices")),
        "agreement": lambda p: documents.pairing_paper(store, "agreement", ids["pid"], YEAR, p),
        "pairing_report": lambda p: documents.pairing_paper(store, "pairing-report", ids["pid"], YEAR, p),
        "thanks": lambda p: documents.pairing_paper(store, "thanks", ids["pid"], YEAR, p),
        "slip": lambda p: documents.request_slip(store, ids["rid"], p),
        "requests": lambda p: documents.request_list(store, date(YEAR, 1, 1), date(YEAR + 1, 1, 1), "点单清单", p),
        "receipt": lambda p: documents.receipt(store, ids["redemption"], p),
        "funds": lambda p: documents.fund_statement(store, YEAR, p),
    }
    made = {}
    for kind, job in jobs.items():
        made[kind] = out / f"{kind}.pdf"
        job(made[kind])
    return made


def raw_text(pdf: Path) -> str:
    """In drawing order (-raw): a wrapped cell's lines stay together."""
    return "".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())


def embedded_fonts(pdf: Path) -> set[str]:
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return {line.split()[-5] for line in lines}


def text_lines(pdf: Path):
    """(page width, page height, [(x0, y0, x1, y1, text)]) per page, from pdftotext's character boxes."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    root = ElementTree.fromstring(xml.replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    for page in root.iter("page"):
        lines = []
        for line in page.iter("line"):
            words = list(line.iter("word"))
            box = [float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
            lines.append((*box, unescape(" ".join(w.text or "" for w in words))))
        yield float(page.get("width")), float(page.get("height")), lines


def overprinted(lines) -> list[tuple[str, str]]:
    """Pairs of text lines drawn over each other (more than a sliver of their height and width)."""
    out = []
    for i, a in enumerate(lines):
        for b in lines[i + 1:]:
            w = min(a[2], b[2]) - max(a[0], b[0])
            h = min(a[3], b[3]) - max(a[1], b[1])
            if w > 1.5 and h > 0.35 * min(a[3] - a[1], b[3] - b[1]):
                out.append((a[4], b[4]))
    return out


def check_pdf(kind: str, pdf: Path) -> None:
    assert embedded_fonts(pdf) == {"yes"}, f"{kind}: a font is not embedded"
    edge = EDGE_MM * 72 / 25.4
    for width, height, lines in text_lines(pdf):
        for x0, y0, x1, y1, text in lines:
            assert x0 >= edge and x1 <= width - edge and y0 >= edge and y1 <= height - edge, \
                f"{kind}: “{text}” runs off the paper ({x0:.0f}, {y0:.0f}, {x1:.0f}, {y1:.0f})"
        assert not overprinted(lines), f"{kind}: text drawn over other text: {overprinted(lines)[:3]}"


WHERE_NAME_SHOWS = {"roster", "cards", "signin", "service_record", "honors", "public_list", "ledger", "slip",
                    "requests", "receipt", "agreement"}
WHERE_TITLE_SHOWS = {"signin", "record", "ledger", "funds", "requests", "slip", "thanks", "pairing_report"}


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, title=titles, content=paragraphs)
@example(name="王䶮", title="A&B礼堂<b>粗体</b><br>换行<a href='x'>链接</a>;", content="很长的内容。\n" * 100)
@example(name="𠮷田", title="重阳节敬老志愿服务" * 6 + "文明实践", content="")
@example(name="阿卜杜热合曼·艾合买提江", title="<", content="内容" * 299 + "\n" + "续" * 300)
@example(name="㐁㐁", title=";", content=" ")  # a blank commitment text falls back (found by CI)
def test_every_printout_holds_any_text(template, tmp_path_factory, name, title, content):
    folder = tmp_path_factory.mktemp("pdf")
    db = folder / "station.sqlite3"
    shutil.copy(template, db)
    with open_database(db) as store:
        ids = fill(store, name, title, content)
        saved_name = roster.get_volunteer(store, ids["vid"]).draft.name
        saved_title = activities.get_activity(store, ids["aid"]).title
        made = printouts(store, ids, folder)
    for kind, pdf in made.items():
        check_pdf(kind, pdf)
        text = raw_text(pdf)
        if kind in WHERE_NAME_SHOWS:
            assert saved_name in text, f"{kind}: the name {saved_name} did not come back from the PDF"
        if kind in WHERE_TITLE_SHOWS:
            shown = "".join(saved_title.split())
            assert shown[:20] in text, f"{kind}: the title {saved_title} did not come back from the PDF"
