"""The fonts every printout embeds, and which one draws each character.

reportlab embeds only TrueType-outline fonts (it rejects Noto CJK's CFF outlines and never embeds
STSong-Light), so the app bundles WenQuanYi Micro Hei (Apache-2.0) for everything it covers and a subset
of BabelStone Han (Arphic Public License) for the rare characters it lacks — CJK Extension A, the
compatibility ideographs and Extensions B–H, where 生僻字 in people's names live (GB 18030-2022). Text is
split into runs by coverage (`runs`), so 王䶮 and 𠮷田 print whole. Qt loads the same two files.
"""

from functools import cache

from stationdesk.paths import resource

FONT_FILE = "fonts/wqy-microhei.ttc"
RARE_FONT_FILE = "fonts/rare-han.ttf"
CJK = "WenQuanYiMicroHei"
RARE = "BabelStoneHanRare"


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


@cache
def _rare_font() -> frozenset[int]:
    """Registered on the first character that needs it (28 MB: most printouts never do)."""
    from reportlab.pdfbase import pdfmetrics

    _register(RARE, RARE_FONT_FILE)
    return frozenset(pdfmetrics.getFont(RARE).face.charToGlyph)


@cache
def _main_font() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(register_fonts()).face.charToGlyph)


def covered(text: str) -> bool:
    """True when the main font draws every character of `text`."""
    return text.isascii() or _main_font().issuperset(map(ord, text))


def font_for(char: str) -> str:
    code = ord(char)
    if code < 0x80 or code in _main_font() or code not in _rare_font():
        return CJK  # a character neither font has draws as the main font's box, visibly, never blank
    return RARE


def runs(text: str) -> list[tuple[str, str]]:
    """`text` split into (font name, chunk) runs by which font has the glyphs."""
    if covered(text):
        return [(CJK, text)] if text else []
    out: list[tuple[str, str]] = []
    for char in text:
        font = font_for(char)
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + char)
        else:
            out.append((font, char))
    return out
