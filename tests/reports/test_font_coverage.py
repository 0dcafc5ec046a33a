"""Every character drawn, or the operator told (issue 28): a font is chosen by whether it has a real glyph,
not by its cmap; what no shipped font draws prints as a visible □ and extracts as □, never as nothing.

The coverage table in docs/fonts.md is computed here and must equal it.
"""

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from stationdesk.reports import fonts
from stationdesk.reports.fonts import FACES, PLACEHOLDER, as_printed, drawn, font_for, runs, unprintable
from stationdesk.services import documents, roster
from stationdesk.services.demo import build_demo
from stationdesk.store import open_database
from tests.reports.test_every_printout import YEAR, fill, raw_text

ROOT = Path(__file__).resolve().parents[2]
EXT_I = "\U0002EBF0"  # CJK Extension I (Unicode 15.1): no shipped font has it
# (block, ranges of assigned code points as of Unicode 15.1 — Python's unicodedata lags behind it)
BLOCKS = (
    ("CJK Unified Ideographs", ((0x4E00, 0x9FFF),)),
    ("Extension A", ((0x3400, 0x4DBF),)),
    ("Extension B", ((0x20000, 0x2A6DF),)),
    ("Extension C", ((0x2A700, 0x2B739),)),
    ("Extension D", ((0x2B740, 0x2B81D),)),
    ("Extension E", ((0x2B820, 0x2CEA1),)),
    ("Extension F", ((0x2CEB0, 0x2EBE0),)),
    ("Extension G", ((0x30000, 0x3134A),)),
    ("Extension H", ((0x31350, 0x323AF),)),
    ("Extension I", ((0x2EBF0, 0x2EE5D),)),
    ("Compatibility Ideographs", ((0xF900, 0xFA6D), (0xFA70, 0xFAD9))),
    ("Compatibility Ideographs Supplement", ((0x2F800, 0x2FA1D),)),
    ("Emoji: Misc Symbols and Pictographs", ((0x1F300, 0x1F5FF),)),
    ("Emoji: Emoticons", ((0x1F600, 0x1F64F),)),
    ("Emoji: Transport and Map Symbols", ((0x1F680, 0x1F6D7), (0x1F6DC, 0x1F6EC), (0x1F6F0, 0x1F6FC))),
    ("Emoji: Supplemental Symbols and Pictographs", ((0x1F900, 0x1F9FF),)),
    ("Emoji: Symbols and Pictographs Extended-A", ((0x1FA70, 0x1FA7C), (0x1FA80, 0x1FA88), (0x1FA90, 0x1FABD),
                                                   (0x1FABF, 0x1FAC5), (0x1FACE, 0x1FADB), (0x1FAE0, 0x1FAE8),
                                                   (0x1FAF0, 0x1FAF8))),
)
COLUMNS = ("WenQuanYi", "rare-han", "HanaMinA", "HanaMinB", "Symbola")  # FACES, in order
README_START = "<!-- coverage table: computed and checked by tests/reports/test_font_coverage.py -->"
README_END = "<!-- end of coverage table -->"


def coverage_table() -> str:
    """Per block: its characters, how many each shipped font draws first (a real glyph, in FACES order),
    how many print, and how many print as □. Before issue 28 only WenQuanYi and rare-han existed."""
    assert len(COLUMNS) == len(FACES)
    sets = [drawn(i) for i in range(len(FACES))]
    lines = ["| Block | Range | Characters | " + " | ".join(COLUMNS) + " | Printed | As □ |",
             "|---|---|---:|" + "---:|" * len(COLUMNS) + "---:|---:|"]
    for block, ranges in BLOCKS:
        codes = {c for a, b in ranges for c in range(a, b + 1)}
        total, counts = len(codes), []
        for font in sets:
            counts.append(len(codes & font))
            codes -= font
        span = f"U+{ranges[0][0]:04X}–{ranges[-1][1]:04X}"
        cells = [f"{n:,}" if n else "" for n in counts]
        lines.append(f"| {block} | {span} | {total:,} | " + " | ".join(cells)
                     + f" | {total - len(codes):,} | {len(codes):,} |")
    return "\n".join(lines)


def test_readme_carries_the_coverage_table_as_computed():
    readme = (ROOT / "docs" / "fonts.md").read_text(encoding="utf-8")
    found = re.search(re.escape(README_START) + r"\n(.*?)\n" + re.escape(README_END), readme, re.S)
    assert found, "README's Fonts section has lost its coverage table markers"
    table = coverage_table()
    assert found.group(1) == table, f"README's coverage table is stale; it should read:\n{table}"


def test_the_gaps_of_the_bug_report_are_drawn_now():
    table = {row.split(" | ")[0].strip("| "): row for row in coverage_table().splitlines()[2:]}
    for block in ("Extension A", "Extension B", "Extension C", "Extension D", "Extension E", "Extension F",
                  "Compatibility Ideographs", "Compatibility Ideographs Supplement", "Emoji: Emoticons",
                  "Emoji: Misc Symbols and Pictographs"):
        assert table[block].endswith("| 0 |"), table[block]  # none prints as □
    assert table["Extension I"].endswith("| 0 | 622 |")  # no font anywhere in Debian 12 has it yet


def test_a_cmap_entry_with_an_empty_glyph_is_not_a_glyph():
    """WenQuanYi's cmap lists ǎ ǐ ǒ ǔ ǚ and ℃, whose glyphs are empty: they printed blank."""
    from reportlab.pdfbase import pdfmetrics

    main = pdfmetrics.getFont(fonts.register_fonts()).face
    for char in "ǎǐǒǔǚ℃":
        assert ord(char) in main.charToGlyph and ord(char) not in drawn(0)
        assert font_for(char) == fonts.HAN_A
    assert font_for(" ") == font_for("\u3000") == fonts.CJK  # spaces are empty on purpose


def test_what_forms_skip_checking_is_drawn_indeed():
    """`surely_printed` spares a form from loading fonts for ASCII, · and U+4E00–9FFF: the fonts do draw them."""
    everything = drawn(0) | drawn(1)
    for code in [*range(0x21, 0x7F), 0xB7, *range(0x4E00, 0xA000)]:
        assert code in everything, hex(code)


def test_unprintable_and_as_printed():
    assert unprintable("李㔰") == [] and as_printed("李㔰") == "李㔰"
    assert unprintable(f"王{EXT_I}{EXT_I}明") == [EXT_I]
    assert as_printed(f"王{EXT_I}明") == f"王{PLACEHOLDER}明"
    assert unprintable("张😀") == [] and unprintable("张三") == [] and unprintable("") == []
    assert unprintable("❤️") == []  # the emoji variation selector is blank by design, not missing
    assert runs(f"王{EXT_I}") == [(fonts.CJK, "王"), (fonts.PLACEHOLDER_FONT, PLACEHOLDER)]
    assert fonts.unprintable_warning(f"王{EXT_I}") == f"姓名中的“{EXT_I}”（U+2EBF0）没有可用字体，打印时会显示为 □"
    assert fonts.unprintable_warning("李㔰") == ""


def _ink(pdf: Path, tmp: Path, boxes: list[tuple[float, float, float, float]]) -> list[int]:
    """Dark pixels inside each box (points from the page's bottom left) of the PDF's first page at 72 dpi."""
    subprocess.run(["pdftoppm", "-r", "72", "-gray", "-f", "1", "-l", "1", str(pdf), str(tmp / "page")], check=True)
    data = next(tmp.glob("page*.pgm")).read_bytes()
    magic, width, height, _, pixels = data.split(maxsplit=4)
    assert magic == b"P5"
    width, height = int(width), int(height)
    out = []
    for x0, y0, x1, y1 in boxes:
        rows = range(height - int(y1), height - int(y0))
        out.append(sum(pixels[r * width + c] < 128 for r in rows for c in range(int(x0), int(x1))))
    return out


def test_every_character_leaves_ink_on_the_page(tmp_path):
    """pdftotext cannot see an empty glyph: look at the pixels. Each character, drawn alone at 36 pt, must
    blacken its cell — the rare and emoji fonts' glyphs and the □ of a character none draws alike."""
    from reportlab.pdfgen.canvas import Canvas

    from stationdesk.reports.text import draw_string

    ext_b = next(chr(c) for c in range(0x20000, 0x2A6E0) if font_for(chr(c)) == fonts.HAN_B)
    chars = ["李", "䶮", "𠮷", "㔰", ext_b, "😀", "ǎ", "ǚ", "℃", EXT_I, "\U000F0000"]
    pdf = tmp_path / "ink.pdf"
    canvas = Canvas(str(pdf), pagesize=(600, 200))
    fonts.register_fonts()
    boxes = []
    for i, char in enumerate(chars):
        x = 20 + i * 50
        draw_string(canvas, x, 100, char, 36)
        boxes.append((x - 2, 90, x + 46, 140))
    canvas.save()
    ink = _ink(pdf, tmp_path, boxes)
    assert all(n > 20 for n in ink), dict(zip(chars, ink, strict=True))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "".join(text.split()) == as_printed("".join(chars)) == "李䶮𠮷㔰" + ext_b + "😀ǎǚ℃□□"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("names") / "template.sqlite3"
    with open_database(path) as store:
        build_demo(store, volunteers=8, seed=5)
    return path


# The papers the bug report names: 证明, 荣誉证书, 签到表, 花名册, 志愿者证, 公示.
PAPERS = {
    "roster": lambda store, ids, p: documents.roster(store, p),
    "cards": lambda store, ids, p: documents.cards(store, p),
    "signin": lambda store, ids, p: documents.signin(store, ids["aid"], p),
    "service_record": lambda store, ids, p: documents.service_record(store, ids["vid"], date(YEAR, 1, 1),
                                                                     date(YEAR, 12, 31), p),
    "honors": lambda store, ids, p: documents.honors(store, [ids["vid"]], p, year=YEAR, title="优秀志愿者"),
    "public_list": lambda store, ids, p: documents.public_list(store, date(YEAR, 1, 1), date.today(), p),
}


@pytest.mark.parametrize("name", ["李㔰", f"王{EXT_I}", "张😀", "赵𠮷䶮", "孙𪜀"])
def test_a_name_prints_whole_or_with_a_box_on_every_paper(template, tmp_path, name):
    db = tmp_path / "station.sqlite3"
    shutil.copy(template, db)
    with open_database(db) as store:
        ids = fill(store, name, "重阳敬老", "陪老人聊天")
        assert roster.get_volunteer(store, ids["vid"]).draft.name == name  # stored exactly as typed
        for kind, make in PAPERS.items():
            pdf = tmp_path / f"{kind}.pdf"
            make(store, ids, pdf)
            text = raw_text(pdf)
            assert as_printed(name) in text, f"{kind}: {name} came back as something else"
    if EXT_I in name:
        assert as_printed(name) == name.replace(EXT_I, PLACEHOLDER)
    else:
        assert as_printed(name) == name
