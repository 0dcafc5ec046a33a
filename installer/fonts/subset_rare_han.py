"""Make resources/fonts/rare-han.ttf: the glyphs a Chinese name can need that WenQuanYi Micro Hei lacks.

Source: Debian's `fonts-babelstone-han` (BabelStoneHan.ttf, TrueType outlines, so reportlab can embed it;
Arphic Public License, see resources/fonts/LICENSE-babelstone-han.txt). Only CJK ideograph ranges the main
font does not cover are kept — Extension A, the compatibility ideographs and Extensions B–H — which takes
the file from 51 MB to 28 MB. Run by hand when the source font changes (needs `pip install fonttools`):

    apt-get install fonts-babelstone-han
    .venv/bin/python installer/fonts/subset_rare_han.py
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[2]
SOURCE = Path("/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf")
MAIN = ROOT / "resources/fonts/wqy-microhei.ttc"
TARGET = ROOT / "resources/fonts/rare-han.ttf"
# Unified ideographs (all extensions), compatibility ideographs, radicals and strokes.
RANGES = ((0x2E80, 0x2FDF), (0x31C0, 0x31EF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
          (0x20000, 0x2FA1F), (0x30000, 0x323AF))


def main() -> int:
    have = set(TTCollection(str(MAIN)).fonts[0].getBestCmap())
    font = TTFont(str(SOURCE))
    wanted = [c for c in font.getBestCmap() if c not in have and any(a <= c <= b for a, b in RANGES)]
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    font.save(str(TARGET))
    print(f"{TARGET}: {len(wanted)} characters, {TARGET.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
