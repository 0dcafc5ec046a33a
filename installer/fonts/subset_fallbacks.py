"""Make the fallback fonts in resources/fonts/ that draw what WenQuanYi Micro Hei and rare-han.ttf cannot.

A font's cmap can list a character whose glyph is empty (WenQuanYi lists ǎ and ℃ but draws nothing), and
rare-han.ttf (BabelStone Han) has only part of each CJK extension, so 李㔰 printed as 李. The fallbacks keep
only characters that have a real outline here and no real outline in an earlier font:

  hanazono-a-rare.ttf  HanaMinA: the rest of Extension A, the letters WenQuanYi leaves empty (ǎ ǘ ℃ …) and
                       a full-width □ (U+25A1), the placeholder for a character no font draws
  hanazono-b-rare.ttf  HanaMinB: the rest of Extensions B–F
  symbola-emoji.ttf    Symbola: emoji and pictographs, in black and white (PDFs and printers have no colour
                       emoji; Noto Color Emoji is CBDT bitmaps, which reportlab cannot embed)

Sources: Debian's `fonts-hanazono` (GlyphWiki; Hanazono Font License, which allows modified copies —
LICENSE-hanazono.txt) and `fonts-symbola` (George Douros: free for any use — LICENSE-symbola.txt). All are
TrueType outlines, so reportlab embeds them. Hinting and layout tables are dropped (printers do not hint)
and each subset gets its own family name. Run by hand when a source font changes (needs fonttools):

    apt-get install fonts-hanazono fonts-symbola
    python installer/fonts/subset_fallbacks.py
"""

import sys
import unicodedata
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "resources/fonts"
HANAZONO = Path("/usr/share/fonts/truetype/hanazono")
SYMBOLA = Path("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf")
# Unified ideographs (all extensions), compatibility ideographs, radicals and strokes.
HAN = ((0x2E80, 0x2FDF), (0x31C0, 0x31EF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
       (0x20000, 0x2FA1F), (0x30000, 0x323AF))
# Symbols, dingbats, arrows, mahjong/cards, enclosed supplements and the emoji blocks.
SYMBOLS = ((0x2190, 0x21FF), (0x2300, 0x23FF), (0x2460, 0x24FF), (0x25A0, 0x27BF), (0x2900, 0x297F),
           (0x2B00, 0x2BFF), (0x1F000, 0x1FAFF))


def real(font: TTFont) -> set[int]:
    """Characters whose glyph has an outline (a composite counts; an empty glyph does not)."""
    glyf = font["glyf"]
    return {code for code, name in font.getBestCmap().items() if glyf[name].numberOfContours != 0}


def invisible(code: int) -> bool:
    return unicodedata.category(chr(code)) in ("Zs", "Zl", "Zp", "Cc", "Cf", "Cn")


def within(code: int, ranges) -> bool:
    return any(a <= code <= b for a, b in ranges)


def write(source: Path, codes: set[int], target: Path, family: str) -> None:
    font = TTFont(str(source))
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codes))
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 18):
            names.removeNames(nameID=record.nameID)
    for name_id, value in ((1, family), (2, "Regular"), (3, f"{family}-subset"), (4, family), (6, family)):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)
    font.save(str(target))
    print(f"{target.name}: {len(codes)} characters, {target.stat().st_size / 1e6:.1f} MB")


def main() -> int:
    main_font = TTCollection(str(FONTS / "wqy-microhei.ttc")).fonts[0]
    have = real(main_font) | real(TTFont(str(FONTS / "rare-han.ttf")))
    # Letters and signs WenQuanYi lists with an empty glyph (spaces and format characters are meant empty).
    empty = {code for code in main_font.getBestCmap() if code not in have and not invisible(code)}
    placeholder = 0x25A1  # WenQuanYi's □ is a small Latin-width square; HanaMinA's fills an ideograph's cell
    plan = (("HanaMinA.ttf", lambda c: within(c, HAN) or c in empty or c == placeholder, "hanazono-a-rare.ttf",
             "StationDeskHanA"),
            ("HanaMinB.ttf", lambda c: within(c, HAN), "hanazono-b-rare.ttf", "StationDeskHanB"))
    for source, wanted, target, family in plan:
        codes = {c for c in real(TTFont(str(HANAZONO / source))) if wanted(c) and (c not in have or c == placeholder)}
        write(HANAZONO / source, codes, FONTS / target, family)
        have |= codes
    codes = {c for c in real(TTFont(str(SYMBOLA))) if within(c, SYMBOLS) and c not in have}
    write(SYMBOLA, codes, FONTS / "symbola-emoji.ttf", "StationDeskSymbols")
    return 0


if __name__ == "__main__":
    sys.exit(main())
