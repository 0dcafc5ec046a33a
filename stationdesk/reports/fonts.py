"""The fonts every printout embeds, and which one draws each character — or the □ that stands for it.

reportlab embeds only TrueType-outline fonts (it rejects Noto CJK's CFF outlines and never embeds
STSong-Light), so the app bundles WenQuanYi Micro Hei (Apache-2.0) for everything it draws and, in order,
fallbacks for what it cannot: a subset of BabelStone Han (Arphic Public License) and of HanaMinA/HanaMinB
(Hanazono Font License) for CJK Extension A, the compatibility ideographs and Extensions B–H, where 生僻字
in people's names live (GB 18030-2022), and of Symbola (free for any use) for emoji in black and white.

A font is chosen by whether it has a REAL glyph — an outline, not just a cmap entry: a cmap can list a
character whose glyph is empty (WenQuanYi lists ǎ and ℃ and draws nothing), and a character no font
has at all is dropped by reportlab, width and text both (李㔰 printed as 李). A character no shipped font
draws prints as PLACEHOLDER, the □ Chinese typesetting uses for a missing character, full width (from
HanaMinA), so the paper shows a box and pdftotext gives □; `unprintable` names those characters so the operator is
told when the name is typed, and `as_printed` is the text as the paper shows it.

Each font is registered on the first character that needs it (the fallbacks are 1–28 MB; most
printouts never need one), and its set of drawn characters is read once from reportlab's own parse of
its cmap and loca tables (a glyph whose loca length is 0 is empty: 5–15 ms a font).
"""

import unicodedata
from functools import cache

from stationdesk.paths import resource

FONT_FILE = "fonts/wqy-microhei.ttc"
RARE_FONT_FILE = "fonts/rare-han.ttf"
CJK = "WenQuanYiMicroHei"
RARE = "BabelStoneHanRare"
HAN_A = "StationDeskHanA"
HAN_B = "StationDeskHanB"
SYMBOLS = "StationDeskSymbols"
# (reportlab name, file) in the order they are tried; Qt loads the same files in the same order.
FACES = ((CJK, FONT_FILE), (RARE, RARE_FONT_FILE), (HAN_A, "fonts/hanazono-a-rare.ttf"),
         (HAN_B, "fonts/hanazono-b-rare.ttf"), (SYMBOLS, "fonts/symbola-emoji.ttf"))
FONT_FILES = tuple(file for _, file in FACES)
PLACEHOLDER = "□"  # U+25A1, printed where no shipped font draws a character
PLACEHOLDER_FONT = HAN_A  # its □ fills an ideograph's cell; WenQuanYi's is a small Latin-width square


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map writes a code point past U+FFFF as five hex digits, so 𠮷 is extracted as
    a wrong character; PDF wants UTF-16BE there (a surrogate pair). People search these PDFs."""
    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()

    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo << /Registry ({fontname}) /Ordering ({fontname}) /Supplement 0 >> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar", *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)), "endbfchar",
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


def _register(name: str, file: str, **kwargs) -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics, ttfonts

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    pdfmetrics.registerFont(ttfonts.TTFont(name, str(resource(file)), **kwargs))
    # One face serves as bold too: <b> in a Paragraph must not fall back to an unembedded Helvetica.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)


@cache
def register_fonts() -> str:
    """Register the main CJK font with reportlab once per process and return its name."""
    _register(CJK, FONT_FILE, subfontIndex=0)
    return CJK


def blank_by_design(char: str) -> bool:
    """Spaces, line and format characters (ZWJ, direction marks) and variation selectors: no font draws
    ink for them, and none is missing when a font has no glyph for them."""
    code = ord(char)
    return (unicodedata.category(char) in ("Zs", "Zl", "Zp", "Cc", "Cf")
            or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF)


@cache
def drawn(index: int) -> frozenset[int]:
    """The characters font FACES[index] draws with a real (non-empty) glyph, plus the blank-by-design
    characters its cmap lists; registers the font on first use."""
    from reportlab.pdfbase import pdfmetrics

    name, file = FACES[index]
    if index == 0:
        register_fonts()
    else:
        _register(name, file)
    face = pdfmetrics.getFont(name).face
    offsets = face.glyphPos  # loca: glyph g's outline is offsets[g]..offsets[g + 1]
    return frozenset(code for code, glyph in face.charToGlyph.items()
                     if offsets[glyph + 1] > offsets[glyph] or blank_by_design(chr(code)))


def _main_font() -> frozenset[int]:
    return drawn(0)


def _rare_font() -> frozenset[int]:
    return drawn(1)


def covered(text: str) -> bool:
    """True when the main font draws every character of `text`."""
    return text.isascii() or _main_font().issuperset(map(ord, text))


@cache
def font_for(char: str) -> str | None:
    """The first shipped font with a real glyph for `char` (CJK for blanks by design), else None."""
    code = ord(char)
    if code < 0x80 or blank_by_design(char):
        return CJK
    for index, (name, _) in enumerate(FACES):
        if code in drawn(index):
            return name
    return None


def surely_printed(text: str) -> bool:
    """True, without loading a font, for text the shipped fonts surely draw: ASCII, the middle dot of
    minority names (阿依古丽·买买提) and CJK Unified Ideographs U+4E00–U+9FFF (a test checks they do) —
    so a form can check a name on every keystroke."""
    return all(char < "\x80" or "\u4e00" <= char <= "\u9fff" or char == "·" for char in text)


def unprintable(text: str) -> list[str]:
    """The distinct characters of `text`, in order, that no shipped font draws (they print as □)."""
    if surely_printed(text) or covered(text):
        return []
    return list(dict.fromkeys(char for char in text if font_for(char) is None))


def as_printed(text: str) -> str:
    """`text` as the paper shows it: each character no shipped font draws replaced by PLACEHOLDER."""
    if surely_printed(text) or covered(text):
        return text
    return "".join(char if font_for(char) else PLACEHOLDER for char in text)


def runs(text: str) -> list[tuple[str, str]]:
    """`text` split into (font name, chunk) runs by which font draws each character; a character none
    draws becomes PLACEHOLDER in PLACEHOLDER_FONT — a visible box, never a blank."""
    if covered(text):
        return [(CJK, text)] if text else []
    out: list[tuple[str, str]] = []
    for char in text:
        font = font_for(char)
        if font is None:
            font, char = PLACEHOLDER_FONT, PLACEHOLDER
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + char)
        else:
            out.append((font, char))
    return out


def unprintable_warning(text: str, field: str = "姓名") -> str:
    """One plain Chinese sentence naming the characters of `text` that will print as □, or ""."""
    chars = unprintable(text)
    if not chars:
        return ""
    named = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in chars)
    return f"{field}中的{named}没有可用字体，打印时会显示为 {PLACEHOLDER}"
