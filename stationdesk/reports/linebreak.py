"""Chinese line breaking for every paragraph and every wrapped canvas line of the printouts.

reportlab breaks a Western paragraph only at spaces (a Chinese sentence is one long "word", cut where it
overflows) and a CJK one (wordWrap="CJK") between any two characters, with one crude look back for
Latin text; so a proof ended a half-empty line at "累计志愿服务时长 2" and put "小时" on the next,
"O'Conno / r" broke inside a name, a line could start with "，" and a last line hold one character.
Here a break is allowed where Chinese typesetting allows it (GB/T 15834 punctuation rules, the usual
禁则 of closing and opening marks, cf. W3C "Requirements for Chinese Text Layout" §3.1.7 and UAX #14):

- between two Han characters (or kana, hangul, emoji, symbols), and after a space;
- never before closing punctuation (，。、；：！？）」》…·) nor after opening punctuation (（「《“);
- never inside a run of Latin letters, digits and their punctuation (O'Connor, 09:00–12:00, 0991-1234567),
  except after the hyphen of a hyphenated word (O'Connor- / Smith);
- never between a number and the unit after it, with or without a space ("2 小时", "300份", "2026年1月1日");
- a full-width closing mark may end a line half its width past the measure (its ink is in its left half);
- and the last line of a paragraph holds at least two characters (no 孤字): it takes the last breakable
  piece of the line before.

`Paragraph` is reportlab's with these rules for every style (wordWrap or not); `wrap_text` breaks a plain
string for canvas drawing with the same rules.
"""

import unicodedata
from collections.abc import Callable

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.platypus import Paragraph as _ReportlabParagraph
from reportlab.platypus.paragraph import (
    ParaLines,
    _handleBulletWidth,
    _split_blParaHard,
    cjkU,
    makeCJKParaLine,
)
from reportlab.rl_config import _FUZZ

# Cannot start a line: closing brackets and quotes, pauses and stops, the middle dot of names, units.
CLOSING = set("，。、；：！？）］｝」』》〉】〕〗〙〛’”…‥—～·・％‰℃°′″々ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
              "!),.:;?]}%")
# Cannot end a line: opening brackets and quotes, currency and number signs.
OPENING = set("（［｛「『《〈【〔〖〘〚‘“([{¥￥$£€#＃§")
NO_BREAK_SPACE = "\u00a0\u202f\u2007"
JOINERS = "\u200d\u2060\ufeff"  # ZWJ (emoji sequences), word joiner, zero-width no-break space
HARD_BREAK = "\n"
GLUE = "\u2060"  # what an inline object of no width (an anchor) stands for: sticks to both sides
# reportlab's markup parser collapses every run of whitespace, U+3000 included, into one narrow space:
# "证明编号：…　校验码" and "制表人：____　　审核人" printed 2.7 pt apart instead of 1 em per 　.
# Paragraph hides 　 from the parser as this noncharacter and sets it back, an em wide, when it breaks lines.
IDEOGRAPHIC_SPACE, _KEPT_SPACE = "\u3000", "\ufdd0"
DATE_PARTS = set("年月第")
# Full-width closing marks draw in the left half of their em: at a line's end one may reach half its
# width past the measure (the half-width compression of CLREQ §3.1.6), so "总队、" stays on its line.
SQUEEZABLE = set("，。、；：！？）」』》〉】〕”’")  # 2026年1月1日 and 第 3 次 keep their numbers


def _is_space(char: str) -> bool:
    return char not in NO_BREAK_SPACE and unicodedata.category(char) == "Zs"


def _is_word(char: str) -> bool:
    """Latin (or Cyrillic, Greek …) letters, digits and the ASCII punctuation that lives inside words
    and numbers: a run of them is one unbreakable piece."""
    if char < "\x80":
        return char.isprintable() and not char.isspace()
    if char in "’‘–":
        return True
    return ord(char) < 0x2E80 and unicodedata.category(char)[0] in "LNM" and char not in CLOSING


def _is_digit(char: str) -> bool:
    return char.isdigit() or char in "０１２３４５６７８９"


def _is_han_like(char: str) -> bool:
    """A character that stands alone for breaking: Han, kana, hangul, emoji and other symbols."""
    return ord(char) >= 0x2E80 and not _is_space(char)


def _glued(char: str) -> bool:
    """Combining marks, variation selectors and joiners belong to the character before them."""
    return char in JOINERS or unicodedata.category(char) in ("Mn", "Me", "Cf")


def breaks(text: str) -> list[bool]:
    """breaks(text)[i]: a line may start at text[i] (i ≥ 1; [0] is False). Hard breaks are not here."""
    n = len(text)
    allowed = [False] * n
    last_visible = ""  # the last character before the current run of spaces
    for i in range(1, n):
        a, b = text[i - 1], text[i]
        if not _is_space(a):
            last_visible = a
        if HARD_BREAK in (a, b) or _glued(b) or a in JOINERS or a in NO_BREAK_SPACE or b in NO_BREAK_SPACE:
            continue
        if _is_space(b):
            continue  # spaces stay at the end of the line they follow
        if _is_space(a):
            # "2 小时": a number keeps its unit across the space
            allowed[i] = not (_is_digit(last_visible) and _is_han_like(b))
            continue
        if b in CLOSING or a in OPENING:
            continue
        if _is_word(a) and _is_word(b):
            # the hyphen of a hyphenated word (O'Connor-Smith), not of a number (0991-1234567, 2026-01-10)
            allowed[i] = a == "-" and b.isalpha() and i >= 2 and text[i - 2].isalpha()
            continue
        if _is_digit(a) and _is_han_like(b):
            continue  # 300份, 2026年
        if a in DATE_PARTS and _is_digit(b):
            continue  # 2026年1月, 第3次
        allowed[i] = True
    return allowed


def _visible(text: str) -> int:
    """How many characters of `text` are more than punctuation or space (a last line needs two)."""
    return sum(1 for c in text if not _is_space(c) and c not in CLOSING and c not in OPENING and not _glued(c))


def break_lines(text: str, widths: list[float], max_widths: list[float], *,
                squeeze: bool = True) -> list[tuple[int, int, bool]]:
    """Lines of `text` as (start, end, ended by a hard break) with end exclusive: trailing spaces and the
    hard break itself are outside [start, end). `widths[i]` is text[i]'s advance; line k may be
    `max_widths[k]` wide (the last entry for the lines after). Without `squeeze` no closing mark may reach
    past the measure: a centred or right-aligned line is placed by its whole width, so the half past the
    measure would push its start past the left margin."""
    allowed = breaks(text)
    lines: list[tuple[int, int, bool]] = []

    def room() -> float:
        return max_widths[min(len(lines), len(max_widths) - 1)]

    def content_end(start: int, end: int) -> int:
        while end > start and _is_space(text[end - 1]):
            end -= 1
        return end

    start = 0
    n = len(text)
    while True:
        hard = text.find(HARD_BREAK, start)
        stop = n if hard < 0 else hard
        block_first = len(lines)
        # Greedy over the block text[start:stop]: each piece runs from one break opportunity to the next.
        line_start, used, i = start, 0.0, start
        last_break = None  # the latest opportunity inside the current line
        while i < stop:
            used += widths[i]
            if i > line_start and allowed[i]:
                last_break = i
            past = widths[i] / 2 if squeeze and text[i] in SQUEEZABLE else 0
            if used - past > room() + _FUZZ and i > line_start and not _is_space(text[i]):
                if last_break is not None and last_break > line_start:
                    cut = last_break
                else:  # one piece wider than the line (a long Latin word): cut it where it overflows
                    cut = i
                    while cut > line_start + 1 and (_glued(text[cut]) or text[cut] in CLOSING):
                        cut -= 1
                lines.append((line_start, content_end(line_start, cut), False))
                line_start = i = cut
                used, last_break = 0.0, None
                continue
            i += 1
        lines.append((line_start, content_end(line_start, stop), hard >= 0))
        _no_lonely_last_line(text, allowed, widths, lines, block_first, room)
        start = hard + 1
        if hard < 0 or start >= n:  # a break at the very end adds no empty line (as reportlab)
            return lines


def _no_lonely_last_line(text, allowed, widths, lines, first: int, room: Callable[[], float]) -> None:
    """A block's last line with one character (孤字, maybe with its punctuation) takes the last piece of
    the line before, when that line keeps at least two characters and the piece fits."""
    if len(lines) - first < 2:
        return
    (p_start, _, _), (l_start, l_end, hard) = lines[-2], lines[-1]
    if _visible(text[l_start:l_end]) >= 2:
        return
    for cut in range(l_start - 1, p_start, -1):
        if allowed[cut]:
            if _visible(text[p_start:cut]) < 2:
                return
            if sum(widths[cut:l_end]) > room() + _FUZZ:
                return
            end = cut
            while end > p_start and _is_space(text[end - 1]):
                end -= 1
            lines[-2:] = [(p_start, end, False), (cut, l_end, hard)]
            return


def wrap_text(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """`text` as lines no wider than `width` (a line holds at least one piece), `measure(s)` being the
    width of s; for text drawn on the canvas."""
    widths = [measure(c) for c in text]
    return [text[s:e] for s, e, _ in break_lines(text, widths, [width])]


class Paragraph(_ReportlabParagraph):
    """reportlab's Paragraph with Chinese line breaking for every style (see the module's rules); the
    ideographic space 　 keeps its em (reportlab's parser would collapse it into one narrow space)."""

    def __init__(self, text, style=None, *args, **kwargs):
        if isinstance(text, str):
            text = text.replace(IDEOGRAPHIC_SPACE, _KEPT_SPACE)
        super().__init__(text, style, *args, **kwargs)

    def getPlainText(self, identify=None):
        return super().getPlainText(identify).replace(_KEPT_SPACE, IDEOGRAPHIC_SPACE)

    def breakLines(self, width):
        return self.breakLinesCJK(width)

    def breakLinesCJK(self, maxWidths):
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara  # the first part of a split keeps the lines it was split with
        style = self.style
        self.height = 0
        maxWidths = list(maxWidths)
        _handleBulletWidth(self.bulletText, style, maxWidths)
        if not self.frags:
            return ParaLines(kind=0, fontSize=style.fontSize, fontName=style.fontName, textColor=style.textColor,
                             lines=[], ascent=style.fontSize, descent=-0.2 * style.fontSize)
        units: list = []  # reportlab's cjkU
        for frag in self.frags:
            text = frag.text if isinstance(frag.text, str) else frag.text.decode("utf8")
            text = text.replace(_KEPT_SPACE, IDEOGRAPHIC_SPACE)
            units.extend(cjkU(c, frag, "utf8") for c in text) if text else units.append(cjkU("", frag, "utf8"))
        chars = "".join(HARD_BREAK if hasattr(u.frag, "lineBreak") else (u or GLUE) for u in units)
        widths = [0.0 if hasattr(u.frag, "lineBreak") else u.width for u in units]
        calc_bounds = getattr(self, "autoLeading", getattr(style, "autoLeading", "")) not in ("", "off")
        lines = []
        placed_by_width = style.alignment in (TA_CENTER, TA_RIGHT)
        for k, (start, end, hard) in enumerate(break_lines(chars, widths, maxWidths, squeeze=not placed_by_width)):
            room = maxWidths[min(k, len(maxWidths) - 1)]
            used = sum(widths[start:end])
            # the hard break's own unit ends its line, so a split paragraph's second part keeps the break
            line_units = units[start:end + 1] if hard else units[start:end]
            lines.append(makeCJKParaLine(line_units, room, used, room - used, hard, calc_bounds))
        return ParaLines(kind=1, lines=lines)


def line_by_line(paragraph: Paragraph, width: float) -> list[Paragraph]:
    """`paragraph`'s lines at `width`, a one-line Paragraph each, drawn exactly as the whole would draw
    them: for a boxed table block that must be able to continue on the next page after any line (a table
    row cannot break, and a row taller than a page cannot be placed at all)."""
    paragraph.wrap(width, 10**9)
    para = paragraph.blPara
    if para.kind != 1:  # nothing to draw
        return []
    style = paragraph.style
    later = style.clone(f"{style.name}-later", firstLineIndent=0) if style.firstLineIndent else style
    out = []
    for k, line in enumerate(para.lines):
        one = Paragraph(None, style if k == 0 else later, frags=_split_blParaHard(para, k, k + 1))
        one.blPara, one._splitpara = ParaLines(kind=1, lines=[line]), 1
        out.append(one)
    return out
