"""Every printout, fed what people really type: 生僻字 names (Extension A, B and beyond), markup characters,
600-character paragraphs with line breaks, 60-character titles, empty optional fields. For each PDF: no
exception, only embedded fonts, every generated name and title back in the text, no line of text over
another and none past the paper's edge."""

import re
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
from stationdesk.reports.linebreak import CLOSING, OPENING, SQUEEZABLE
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


# The fixed gallery of real-world shapes (tests/reports/gallery.py): every document built once from it and
# checked as paper — fonts embedded, every name back as printed, no word over another or outside its
# frame, Chinese line breaking visible in the text, the proof's seal on the page of its table's end.
FRAME_MM = {"honors": 19}  # inside the certificate's inner border; every other paper: its margins
HEADER_MM = 10  # running headers and page lines sit in the top and bottom margins, no nearer the edge
SQUEEZE = 6.5  # a line-final full-width 。，、 may reach half its width past the measure (linebreak.SQUEEZABLE)
NAMES_ON = {  # where every gallery name is printed
    "roster", "cards", "signin", "signin_landscape", "honors", "public_list", "ledger"}


@pytest.fixture(scope="module")
def gallery(template, tmp_path_factory):
    from tests.reports.gallery import fill_gallery, print_gallery

    folder = tmp_path_factory.mktemp("gallery")
    db = folder / "station.sqlite3"
    shutil.copy(template, db)
    with open_database(db) as store:
        made = print_gallery(store, fill_gallery(store, folder), folder)
    return {kind: (pdf, list(word_boxes(pdf))) for kind, pdf in made.items()}


def word_boxes(pdf: Path):
    """(page width, page height, [blocks of lines of (x0, y0, x1, y1, text) words]) per page."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    root = ElementTree.fromstring(xml.replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    for page in root.iter("page"):
        blocks = [[[(*(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")), unescape(w.text or ""))
                    for w in line.iter("word")] for line in block.iter("line")] for block in page.iter("block")]
        yield float(page.get("width")), float(page.get("height")), blocks


def words_of(page) -> list:
    return [word for block in page[2] for line in block for word in line]


def overlapping(words) -> list[tuple[str, str]]:
    """Pairs of words drawn over each other (more than a sliver of their width and height)."""
    out = []
    words = sorted(words)
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if b[0] >= a[2]:
                break
            w = min(a[2], b[2]) - max(a[0], b[0])
            h = min(a[3], b[3]) - max(a[1], b[1])
            if w > 1.5 and h > 0.35 * min(a[3] - a[1], b[3] - b[1]):
                out.append((a[4], b[4]))
    return out


def outside(kind: str, page) -> list[str]:
    """Words past the frame: the margins left and right (a squeezed 。 excepted), 10 mm top and bottom."""
    width, height, _ = page
    side = FRAME_MM.get(kind, 15) * mm_pt
    top = FRAME_MM.get(kind, HEADER_MM) * mm_pt
    return [f"“{t}” ({x0:.0f}, {y0:.0f}, {x1:.0f}, {y1:.0f})" for x0, y0, x1, y1, t in words_of(page)
            if x0 < side - 0.5 or y0 < top - 0.5 or y1 > height - top + 0.5
            or x1 > width - side + (SQUEEZE if t and t[-1] in SQUEEZABLE else 0.5)]


mm_pt = 72 / 25.4


@pytest.mark.parametrize("kind", ["roster", "cards", "signin", "signin_landscape", "record", "service_record",
                                  "honors", "public_list", "profile", "safety", "stats", "ledger", "agreement",
                                  "pairing_report", "thanks", "slip", "requests", "receipt", "funds", "summary"])
def test_the_gallery_prints_as_paper(gallery, kind):
    from stationdesk.reports.fonts import as_printed
    from tests.reports.gallery import NAMES, UNIT

    pdf, pages = gallery[kind]
    assert embedded_fonts(pdf) == {"yes"}, f"{kind}: a font is not embedded"
    for number, page in enumerate(pages, start=1):
        assert not outside(kind, page), f"{kind} p{number}: text leaves its frame: {outside(kind, page)[:3]}"
        assert not overlapping(words_of(page)), f"{kind} p{number}: text over text: {overlapping(words_of(page))[:3]}"
    text = raw_text(pdf)
    shown = {"service_record": ["Minority"], "profile": ["Latin"], "agreement": ["Minority"], "slip": ["Minority"],
             "receipt": ["Latin"]}.get(kind, list(NAMES) if kind in NAMES_ON else [])
    for block in shown:
        printed = "".join(as_printed(NAMES[block]).split())
        assert printed in text, f"{kind}: {block} name {NAMES[block]} did not come back as {printed}"
    if kind in ("agreement", "pairing_report", "thanks", "record", "signin", "ledger"):
        assert UNIT in text, f"{kind}: the 40-character unit name did not come back whole"


LATIN_WORDS = {"Patrick", "O'Connor", "Smith"}  # the gallery's Latin words (tests/reports/gallery.py)


def test_the_gallery_breaks_lines_as_chinese_is_set(gallery):
    """Across every paper: no line starts with a closing mark or ends with an opening one, a number is
    never parted from its unit, a Latin name never parted inside a word, no last line of one character
    under a full one."""
    lines_checked = 0
    for kind, (_, pages) in gallery.items():
        for page in pages:
            for block in page[2]:
                texts = ["".join(w[4] for w in line) for line in block]
                for above, below, line_above, line_below in zip(texts, texts[1:], block, block[1:], strict=False):
                    if abs(line_below[0][1] - line_above[0][1]) < 1:
                        continue  # one printed line that pdftotext parts at a wide gap (“12:00　　活动地点”)
                    lines_checked += 1
                    where = f"{kind}: “{above}” / “{below}”"
                    assert below[:1] not in CLOSING and above[-1:] not in OPENING, f"{where}: 禁则 broken"
                    assert not (above[-1:].isdigit() and "\u4e00" <= below[:1] <= "\u9fff"), f"{where}: number / unit"
                    cut = [part for part in (re.findall(r"[A-Za-z']+$", above) + re.findall(r"^[A-Za-z']+", below))
                           if part not in LATIN_WORDS]
                    assert not cut, f"{where}: a Latin word cut ({cut})"
                    full = line_above[-1][2] - line_above[0][0]
                    alone = line_below[-1][2] - line_below[0][0]
                    if below is texts[-1] and full > 100 and len(below) == 1:
                        assert alone > full / 4, f"{where}: one character alone on the last line"
    assert lines_checked > 500


def test_the_proof_seal_follows_its_table_on_the_same_page(gallery):
    _, pages = gallery["service_record"]
    assert len(pages) == 2, "18 activities continue on a second page"
    texts = ["".join(w[4] for w in words_of(page)) for page in pages]
    total = next(i for i, t in enumerate(texts) if "合计" in t and "共18次活动" in t)
    seal = next(i for i, t in enumerate(texts) if "（盖章处）" in t and "出具单位" in t)
    assert total == seal == len(pages) - 1


def test_the_records_long_text_flows_as_whole_paragraphs_with_captions(gallery):
    """活动记录表 (alone and in the 台账): each paragraph of 2,000 characters is set whole — every line
    but a paragraph's last runs to the cell's edge (text cut into pieces left half-empty lines and gaps
    inside words: 移风 / 易俗); the photos' captions are printed under them."""
    from tests.reports.gallery import CAPTIONS, CONTENT

    for kind in ("record", "ledger"):
        pdf, pages = gallery[kind]
        lines = [line for page in pages for block in page[2] for line in block]
        texts = ["".join(w[4] for w in line) for line in lines]
        for paragraph in CONTENT.split("\n"):
            rest = "".join(paragraph.split())
            start = next(i for i, t in enumerate(texts) if t and rest.startswith(t) and len(t) > 20)
            widths = []
            for line, text in zip(lines[start:], texts[start:], strict=False):
                assert rest.startswith(text), f"{kind}: “{text}” interrupts “{paragraph[:20]}…”"
                widths.append(line[-1][2] - line[0][0])
                rest = rest[len(text):]
                if not rest:
                    break
            assert not rest and len(widths) > 2
            assert min(widths[:-1]) > max(widths) - 2 * 9, f"{kind}: a half-empty line inside “{paragraph[:20]}…”"
        text = raw_text(pdf)
        for caption in filter(None, CAPTIONS):
            assert "".join(caption.split()) in text, f"{kind}: the caption “{caption}” is not printed"


def test_the_agreements_signature_blocks_face_each_other(gallery):
    """甲方 and 乙方 sign side by side, line for line, with a 40-character unit name."""
    _, pages = gallery["agreement"]
    words = words_of(pages[-1])
    for label in ("负责人（签字）", "日期："):
        found = [w for w in words if w[4].startswith(label)]
        assert len(found) == 2 and abs(found[0][1] - found[1][1]) < 1, f"{label}: {found}"
        assert found[0][0] < pages[-1][0] / 2 < found[1][0]
