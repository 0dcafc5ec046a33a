import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from stationdesk.reports.ledger import build_ledger
from stationdesk.services import pairings
from stationdesk.services.demo import build_demo
from stationdesk.services.ledger import gather
from stationdesk.store import open_database

TODAY = date(2026, 12, 7)


def pages_text(pdf, *, layout: bool = False) -> list[str]:
    """Each page's text (one pdftotext run; pages end with a form feed), without white space unless `layout`."""
    text = subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    texts = text.split("\f")[:-1]
    return texts if layout else ["".join(t.split()) for t in texts]


def test_contents_page_numbers_point_at_their_sections(demo_store, tmp_path):
    out = tmp_path / "ledger.pdf"
    seen = []
    pages = build_ledger(gather(demo_store, 2026), out, printed_at=datetime(2026, 12, 31),
                         progress=lambda done, total: seen.append((done, total)))
    texts = pages_text(out)
    assert len(texts) == pages and "2026年度工作台账" in texts[0] and "目录" in texts[1]
    listed = {}
    for text in pages_text(out, layout=True)[1:]:  # the contents run over the pages with dot leaders
        if ". . . ." not in text:
            break
        for line in text.splitlines():
            entry = re.match(r"\s*([一二三四五六七]、\S+?)[\s.]+(\d+)\s*$", line)
            if entry:
                listed[entry[1]] = int(entry[2])
    assert set(listed) >= {"一、站点概况", "二、志愿者花名册", "三、活动记录", "四、结对共建", "五、证书登记簿",
                           "六、群众点单、荣誉礼遇与资金", "七、统计报表"}
    for title, page in listed.items():
        assert title in texts[page - 1], (title, page)
    assert seen and seen[-1][0] == seen[-1][1]  # progress reached the last activity
    roster_page = texts[listed["二、志愿者花名册"] - 1]
    assert "********" in roster_page and not re.search(r"(?<![0-9*])1[3-9][0-9]{9}(?![0-9])", roster_page)


def test_sections_can_be_chosen(demo_store, tmp_path):
    out = tmp_path / "only.pdf"
    build_ledger(gather(demo_store, 2026), out, sections=("pairings", "stats"), printed_at=datetime(2026, 12, 31))
    texts = pages_text(out)
    joined = "".join(texts)
    assert "一、结对共建" in joined and "二、统计报表" in joined and "活动记录" not in joined


def test_photos_are_embedded_once_each_as_the_stored_jpegs(demo_store, tmp_path):
    from stationdesk.services import photos
    from tests.reports.test_record_pdf import make_photo

    held = [r[0] for r in demo_store.execute("SELECT id FROM activity WHERE status = 'done' ORDER BY starts_at LIMIT 2")]
    for n, aid in enumerate(held):
        for colour in ((200, 30, 30), (30, 200, 30)):
            photos.add_photo(demo_store, aid, make_photo(tmp_path / f"{n}-{colour[0]}.jpg", size=(1200, 900),
                                                         colour=(colour[0], colour[1], 40 * n)))
    out = tmp_path / "ledger.pdf"
    build_ledger(gather(demo_store, 2026), out, sections=("activities",), printed_at=datetime(2026, 12, 31))
    listed = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert len(listed) == 4 and all(" jpeg " in line for line in listed)


@pytest.fixture(scope="module")
def cli_demo(tmp_path_factory) -> Path:
    """The station `stationdesk demo --seed 1` makes, where the shapes below were reported (issue 28)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    store = open_database(path)
    build_demo(store, seed=1)
    store.close()
    return path


def add_agreements(store, agreements) -> list[str]:
    """One agreement per list of (aspect, text, target); returns the units' names."""
    names = []
    for n, commitments in enumerate(agreements, start=1):
        names.append(f"第{n}结对单位")
        unit = pairings.add_unit(store, pairings.UnitDraft(name=names[-1]))
        pairings.create_pairing(store, unit, signed_on=date(2026, 1, 1), starts_on=date(2026, 1, 1),
                                ends_on=date(2028, 12, 31), commitments=commitments)
    return names


def contents_of(pdf) -> dict[str, int]:
    """The contents page's entries: heading → page number."""
    listed = {}
    for text in pages_text(pdf, layout=True)[1:]:
        if ". . . ." not in text:
            break
        for line in text.splitlines():
            entry = re.match(r"\s*(\S.*?)[\s.]+(\d+)\s*$", line)
            if entry:
                listed[entry[1]] = int(entry[2])
    return listed


SENTENCE = ("双方每月共同组织党员志愿者走进田间地头和农户家中，开展政策宣讲、农技培训、法律咨询、移风易俗和"
            "文明家庭评选等志愿服务，逐次登记服务台账并拍照留存，年终由双方共同总结评议，表彰先进，查找不足。")


@pytest.mark.parametrize("agreements", [
    pytest.param([pairings.DEFAULT_COMMITMENTS] * 8, id="8-agreements"),
    pytest.param([pairings.DEFAULT_COMMITMENTS] * 15, id="15-agreements"),
    pytest.param([[(aspect, SENTENCE[:100], target) for aspect, _, target in pairings.DEFAULT_COMMITMENTS]],
                 id="four-100-character-commitments"),
    pytest.param([[pairings.DEFAULT_COMMITMENTS[0]] * 14], id="14-commitments"),
    pytest.param([[pairings.DEFAULT_COMMITMENTS[0]] * 21], id="21-commitments"),
])
def test_pairings_falling_across_pages_print(cli_demo, tmp_path, agreements):
    """Issue 28: these failed with reportlab's LayoutError (the contents' layout passes marked a heading or
    table that moved to the next page as moved once already, and the printing pass refused to move it again)."""
    shutil.copy(cli_demo, tmp_path / "station.sqlite3")
    store = open_database(tmp_path / "station.sqlite3")
    names = add_agreements(store, agreements)
    out = tmp_path / "ledger.pdf"
    pages = build_ledger(gather(store, 2026, today=TODAY), out, printed_at=datetime(2026, 12, 31))
    store.close()
    texts = pages_text(out)
    assert len(texts) == pages
    listed = contents_of(out)
    assert "四、结对共建" in texts[listed["四、结对共建"] - 1]
    for name in names:
        heading = next(entry for entry in listed if entry.startswith(name))
        assert heading.replace(" ", "") in texts[listed[heading] - 1]
    pairing_text = "".join(texts[listed["四、结对共建"] - 1:listed["五、证书登记簿"] - 1])
    for commitments in agreements:
        for _, text, _ in commitments:
            assert text in pairing_text
