"""Normalising what people type or paste from Excel/WPS."""

import re
import unicodedata

# Characters nobody can see that change what text means or how it shows: C0/C1 controls (NUL, BEL …)
# except tab and line breaks, bidi overrides and isolates (a name that prints backwards), zero-width
# spaces and joiners, the BOM. Pasted from web pages, WeChat and Excel; never wanted in a record.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f"
                       "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")


def strip_invisible(text: str) -> str:
    """`text` without INVISIBLE characters (tab and line breaks stay, for notes)."""
    return INVISIBLE.sub("", text)


def to_halfwidth(text: str) -> str:
    """Full-width letters, digits and spaces → ASCII (Chinese input methods produce them)."""
    out = []
    for ch in text:
        code = ord(ch)
        if code == 0x3000:
            out.append(" ")
        elif 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


def clean(text: object) -> str:
    """A cell or field as trimmed text; None → ''. Non-breaking spaces become spaces; invisible control,
    bidi and zero-width characters go."""
    if text is None:
        return ""
    s = strip_invisible(str(text).replace("\u00a0", " "))
    return s.strip().strip("\u3000").strip()


def compact(text: str) -> str:
    """Half-width, without any whitespace, NFKC — for matching header names and codes."""
    return "".join(unicodedata.normalize("NFKC", to_halfwidth(text)).split())
