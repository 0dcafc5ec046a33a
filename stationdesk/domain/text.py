"""Normalising what people type or paste from Excel/WPS."""

import unicodedata


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
    """A cell or field as trimmed text; None → ''. Also drops zero-width and non-breaking spaces."""
    if text is None:
        return ""
    s = str(text).replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return s.strip().strip("\u3000").strip()


def compact(text: str) -> str:
    """Half-width, without any whitespace, NFKC — for matching header names and codes."""
    return "".join(unicodedata.normalize("NFKC", to_halfwidth(text)).split())
