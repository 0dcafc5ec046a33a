"""The one safe way to put text a user typed on paper.

reportlab's Paragraph reads `<`, `>` and `&` as markup, so every typed value (names, titles, places, content,
reasons, templates) goes through `markup` before it meets a Paragraph, and canvas text through
`draw_string`. Both switch to a fallback font where the main font has no real glyph, and print □ where no
shipped font has one (fonts.runs); `as_printed` and `unprintable` say what the paper will show.
"""

from xml.sax.saxutils import escape

from stationdesk.reports.fonts import CJK, runs
from stationdesk.reports.fonts import as_printed as as_printed  # the text as the paper shows it
from stationdesk.reports.fonts import unprintable as unprintable  # the characters that print as □

# Characters that must not reach a PDF as text: controls other than the line break.
_CONTROL = dict.fromkeys([*range(0x00, 0x0A), *range(0x0B, 0x20), 0x7F], None)


def clean(text) -> str:
    return str(text if text is not None else "").translate(_CONTROL)


def markup(text) -> str:
    """Paragraph markup that prints `text` exactly: escaped, line breaks kept, rare characters in the
    fallback face."""
    parts = []
    for font, chunk in runs(clean(text)):
        chunk = escape(chunk).replace("\n", "<br/>")
        parts.append(chunk if font == CJK else f'<font face="{font}">{chunk}</font>')
    return "".join(parts)


def string_width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(chunk, font, size) for font, chunk in runs(clean(text)))


def draw_string(canvas, x: float, y: float, text, size: float, *, align: str = "left") -> float:
    """Draw one line of plain text at (x, y), anchored left, right or centre; returns its width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    parts = [(font, chunk, stringWidth(chunk, font, size)) for font, chunk in runs(clean(text).replace("\n", " "))]
    width = sum(w for _, _, w in parts)
    x -= {"left": 0, "right": width, "centre": width / 2}[align]
    for font, chunk, chunk_width in parts:
        canvas.setFont(font, size)
        canvas.drawString(x, y, chunk)
        x += chunk_width
    canvas.setFont(CJK, size)
    return width


def wrapped(text, size: float, width: float) -> list[str]:
    """`text` as lines no wider than `width` at `size`, broken where Chinese typesetting allows (linebreak)."""
    from stationdesk.reports.linebreak import wrap_text

    return wrap_text(clean(text).replace("\n", " "), width, lambda char: string_width(char, size))


def fitted_lines(text, width: float, *, one_line: tuple[float, float], wrapped_sizes: tuple[float, float],
                 lines: int = 2) -> tuple[list[str], float]:
    """(lines, size) for `text` in a box `width` wide: one line at the largest size in the range
    `one_line` (largest, smallest), else at most `lines` lines at the largest size in `wrapped_sizes`;
    else the lines at the smallest of those (more than asked: the caller decides). Every line fits."""
    single = fitted_size(text, one_line[0], width, smallest=one_line[1])
    if string_width(text, single) <= width:
        return [clean(text).replace("\n", " ")], single
    size, smallest = wrapped_sizes
    while True:
        broken = _two_lines(text, size, width) if lines == 2 else None
        broken = broken or wrapped(text, size, width)
        if len(broken) <= lines or size <= smallest:
            return broken, size
        size -= 0.5


def _two_lines(text, size: float, width: float) -> list[str] | None:
    """`text` in two lines that fit `width`, broken where Chinese allows: after a name's ·, a space or a
    hyphen if one serves (阿卜杜热合曼· / 艾合买提江), else where the longer line is shortest; None if
    no break fits."""
    from stationdesk.reports.linebreak import breaks

    text = clean(text).replace("\n", " ")
    fitting = []
    for i, allowed in enumerate(breaks(text)):
        first, second = text[:i].rstrip(), text[i:]
        if allowed and max(string_width(first, size), string_width(second, size)) <= width:
            fitting.append((text[i - 1] not in "· -", max(len(first), len(second)), [first, second]))
    return min(fitting)[2] if fitting else None


def fitted_size(text, size: float, max_width: float, *, smallest: float = 8) -> float:
    """The largest size up to `size` at which `text` fits `max_width` on one line (never below `smallest`)."""
    while size > smallest and string_width(text, size) > max_width:
        size -= 0.5
    return size
