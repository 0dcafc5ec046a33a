"""The yearly 台账 lays out whatever the station holds (issue 28), and a printout that cannot be laid out
says so in Chinese, naming the part and the item, instead of a reportlab traceback."""

import shutil
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table

from stationdesk.errors import UserError
from stationdesk.reports.layout import H1, H2, PageInfo, build_pdf
from stationdesk.reports.ledger import SECTIONS, _contents, build_ledger
from stationdesk.services import pairings
from stationdesk.services.demo import build_demo
from stationdesk.services.ledger import gather
from stationdesk.store import open_database
from tests.reports.test_ledger_pdf import TODAY, add_agreements, contents_of, pages_text

INFO = PageInfo(title="测试文档", station="测试站", printed_at=datetime(2026, 12, 31))


def test_a_heading_moved_to_the_next_page_prints_after_the_contents_passes(tmp_path):
    """The cause of issue 28: the passes that settle the contents left their "moved to the next page once"
    mark on a heading that did not fit at a page's foot, and the printing pass, finding it there again,
    raised LayoutError. A heading at a page's foot must print as it does without a contents page."""
    frame_height = A4[1] - 42 * mm  # less the margins (layout._Doc)
    story = [_contents(), PageBreak(), Paragraph("一、第一部分", H1), Spacer(1, frame_height - 50),
             Paragraph("二、第二部分", H1), Paragraph("正文", H2)]
    pages = build_pdf(tmp_path / "moved.pdf", INFO, story, contents=True)
    texts = pages_text(tmp_path / "moved.pdf")
    assert pages == 3 and "一、第一部分" in texts[1] and "二、第二部分" in texts[2]


def test_a_layout_failure_names_the_part_and_the_item(tmp_path):
    too_tall = Table([["签到"]], rowHeights=[2000])  # one row taller than any page: reportlab cannot place it
    story = [Paragraph("一、活动记录", H1), Paragraph("植树活动", H2), too_tall]
    with pytest.raises(UserError) as raised:
        build_pdf(tmp_path / "tall.pdf", INFO, story)
    assert str(raised.value).startswith("「测试文档」的「一、活动记录」部分中「植树活动」一项排不下")
    assert not (tmp_path / "tall.pdf").exists() and not list(tmp_path.iterdir())


def test_a_document_without_headings_names_the_page(tmp_path):
    with pytest.raises(UserError, match=r"^「测试文档」第 2 页上有一项排不下"):  # moved once, then refused
        build_pdf(tmp_path / "tall.pdf", INFO, [Table([["签到"]], rowHeights=[2000])])


def test_a_commitment_longer_than_a_page_is_named(store, tmp_path):
    """Nobody writes a 3,000-character commitment, but if one is typed the 台账 says which it is."""
    add_agreements(store, [[("阵地共享", "双方互相开放场地" * 375, 4)]])
    with pytest.raises(UserError) as raised:
        build_ledger(gather(store, 2026, today=TODAY), tmp_path / "ledger.pdf", printed_at=datetime(2026, 12, 31))
    message = str(raised.value)
    assert message.startswith("「2026年度工作台账」的「四、结对共建」部分中「第1结对单位（2026-01-01至2028-12-31，履行中）」"
                              "一项排不下"), message


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    store = open_database(path)
    build_demo(store, volunteers=60, seed=3)
    store.close()
    return path


ASPECTS = [aspect for aspect, _, _ in pairings.DEFAULT_COMMITMENTS]
WORDS = "双方共同开展志愿服务培训阵地共享活动宣讲政策农技法律咨询移风易俗文明家庭评选，。、（）ABC 12&<>"
commitment = st.tuples(st.sampled_from(ASPECTS),
                       st.text(WORDS, min_size=1, max_size=300).map(lambda t: t.strip() or "共建"),
                       st.integers(1, 12))
stations = st.fixed_dictionaries({
    "agreements": st.lists(st.lists(commitment, min_size=1, max_size=16), max_size=9),
    "others": st.lists(st.sampled_from([key for key in SECTIONS if key != "pairings"]), unique=True),
})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(station=stations)
def test_the_ledger_prints_any_pairings(small_demo, tmp_path_factory, station):
    """Any number of agreements, of commitments and their lengths, after any other parts: the 台账 prints,
    the contents point at each agreement's page, and every commitment is on paper."""
    folder = tmp_path_factory.mktemp("ledger")
    shutil.copy(small_demo, folder / "station.sqlite3")
    store = open_database(folder / "station.sqlite3")
    names = add_agreements(store, station["agreements"])
    sections = ("pairings", *station["others"])
    out = folder / "ledger.pdf"
    pages = build_ledger(gather(store, 2026, today=TODAY), out, sections=sections, printed_at=datetime(2026, 12, 31))
    store.close()
    texts = pages_text(out)
    assert len(texts) == pages
    listed = contents_of(out)
    part = next(entry for entry in listed if entry.endswith("结对共建"))
    assert part in texts[listed[part] - 1]
    for name in names:
        heading = next(entry for entry in listed if entry.startswith(name))
        assert heading.replace(" ", "") in texts[listed[heading] - 1]
    on_paper = "".join("".join(texts).split())  # a commitment wraps inside its cell: lines joined as typed
    for commitments in station["agreements"]:
        for _, text, _ in commitments:
            assert "".join(text.split()) in on_paper
