import re
import subprocess
from datetime import datetime

from stationdesk.reports.ledger import build_ledger
from stationdesk.services.ledger import gather


def pages_text(pdf, *, layout: bool = False) -> list[str]:
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                           text=True).stdout)[1])
    texts = [subprocess.run(["pdftotext", *(["-layout"] if layout else []), "-f", str(n), "-l", str(n), str(pdf), "-"],
                            capture_output=True, text=True).stdout for n in range(1, count + 1)]
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
