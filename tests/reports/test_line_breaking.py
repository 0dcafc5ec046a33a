"""Chinese line breaking (issue 28 item 3) and the layouts that lean on it (item 7): the rules one by one,
invariants over any text, Paragraphs in every style, the 志愿者证's long names."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from stationdesk.reports import cards
from stationdesk.reports.fonts import as_printed
from stationdesk.reports.layout import BODY, CELL, TITLE
from stationdesk.reports.linebreak import CLOSING, OPENING, SQUEEZABLE, Paragraph, line_by_line, wrap_text
from stationdesk.reports.text import string_width
from tests.reports.gallery import NAMES

PROOF = ("兹证明 张三 于2026年1月1日至2026年12月31日期间在某某村新时代文明实践站参加志愿服务，"
         "累计志愿服务时长 2 小时（不含往返交通时间），服务内容涉及理论宣讲。具体记录如下：")


def lines(text: str, width: float, size: float = 10) -> list[str]:
    return wrap_text(text, width, lambda c: string_width(c, size))


def test_a_number_keeps_its_unit_at_every_width():
    for width in range(100, 400, 3):  # narrower, "2026年1月1日至" is itself wider than a line
        broken = lines(PROOF, width)
        for above, below in itertools.pairwise(broken):
            assert not (above.rstrip()[-1:].isdigit() and below[:1] in "小年月日"), (width, above, below)


def test_latin_names_break_at_spaces_and_hyphens_only():
    assert lines("Patrick O'Connor-Smith", 60) == ["Patrick", "O'Connor-", "Smith"]
    assert lines("Patrick O'Connor-Smith 老师", 90) == ["Patrick O'Connor-", "Smith 老师"]
    assert lines("电话 0991-1234567", 70) == ["电话", "0991-1234567"]  # a number's hyphen is not a break


def test_closing_marks_never_start_a_line_nor_opening_ones_end_it():
    text = "群众反响热烈，纷纷表示要带头移风易俗（抵制高价彩礼），共同营造“文明节俭”的社会风尚。" * 3
    for width in range(50, 300, 7):
        broken = lines(text, width)
        assert "".join(broken) == text
        assert all(line[:1] not in CLOSING and line[-1:] not in OPENING for line in broken), (width, broken)


def test_the_last_line_never_holds_one_character_alone():
    title = "“移风易俗树新风、文明实践进万家”主题宣讲暨法律咨询、健康义诊志愿服务活动"
    for width in range(100, 400, 5):
        broken = lines(title, width)
        if len(broken) > 1:
            assert len(broken[-1].strip("。，")) >= 2, (width, broken)
    width = string_width(title[:-1], 10) + 1  # room for all but the last character
    assert lines(title, width)[-1] == "活动"


def test_a_full_width_mark_may_end_a_line_squeezed_to_half():
    text = "青山村志愿服务总队、健康促进志愿服务队"
    width = string_width("青山村志愿服务总队", 10) + 5.5  # the 、 overhangs by half of its 10 pt
    assert lines(text, width)[0] == "青山村志愿服务总队、"


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("文明实践志愿服务，。、（）“”《》 0123abcXYZ'-·\n𠮷😀"), max_size=120),
       width=st.floats(min_value=12, max_value=300))
def test_any_text_breaks_into_lines_that_fit_and_keep_every_character(text, width):
    broken = lines(text, width)
    assert "".join("".join(broken).split()) == "".join(text.split())  # only spaces at breaks go
    for line in broken:
        if len(line) > 1:  # one character wider than the line has nowhere to go
            squeeze = string_width(line[-1], 10) / 2 if line[-1] in SQUEEZABLE else 0
            assert string_width(line, 10) - squeeze <= width + 0.01, (line, width)


def test_paragraphs_of_every_style_break_as_chinese_and_split_by_lines():
    for style in (BODY, CELL, TITLE):
        para = Paragraph(PROOF, style)
        para.wrap(200, 10**6)
        texts = ["".join(f.text for f in line.words) for line in para.blPara.lines]
        assert "".join(texts).replace(" ", "") == PROOF.replace(" ", "")
        assert not any(t.rstrip().endswith("2") for t in texts), (style.name, texts)
        one_by_one = line_by_line(Paragraph(PROOF, style), 200)
        assert ["".join(f.text for f in p.blPara.lines[0].words) for p in one_by_one] == texts
        assert all(p.wrap(200, 10**6)[1] == style.leading for p in one_by_one)


class _Recorder(Canvas):
    """Where each string goes and how big it is."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.strings = []

    def drawString(self, x, y, text, *args, **kwargs):
        self.strings.append((x, y, text, self._fontsize, stringWidth(text, self._fontname, self._fontsize)))
        super().drawString(x, y, text, *args, **kwargs)


def test_a_cards_long_name_wraps_to_two_lines_before_shrinking_below_8_pt_and_never_meets_the_qr(tmp_path):
    for name in [*NAMES.values(), "阿卜杜热合曼·艾合买提江", "王" * 30, "Bartholomew Alexander O'Connor-Smith"]:
        canvas = _Recorder(str(tmp_path / "card.pdf"))
        card = cards.VolunteerCard("某某村新时代文明实践站", name, "某某村巾帼志愿服务队暨邻里守望互助小组（第三网格）",
                                   "000045", "SDV:0123456789ab")
        card.canv = canvas
        card.draw()
        below_bar = [s for s in canvas.strings if s[1] < cards.CARD_H - 11 * mm]
        for x, y, text, _size, width in below_bar:
            if cards.QR_Y <= y <= cards.QR_Y + cards.QR_SIZE:
                assert x + width <= cards.QR_X, f"{name}: “{text}” runs over the QR"
        drawn_name = [s for s in below_bar if s[1] > cards.CARD_H - 30 * mm]
        assert "".join(s[2] for s in drawn_name).replace(" ", "") == as_printed(name).replace(" ", "")
        baselines = sorted({s[1] for s in drawn_name}, reverse=True)
        assert len(baselines) <= 2 and min(s[3] for s in drawn_name) >= 8, (name, drawn_name)
        assert all(a - b >= drawn_name[0][3] for a, b in itertools.pairwise(baselines))


def test_the_name_breaks_after_its_middle_dot(tmp_path):
    canvas = _Recorder(str(tmp_path / "card.pdf"))
    card = cards.VolunteerCard("站", "阿卜杜热合曼·艾合买提江", "队", "1", "SDV:0")
    card.canv = canvas
    card.draw()
    assert [s[2] for s in canvas.strings if "阿" in s[2] or "江" in s[2]] == ["阿卜杜热合曼·", "艾合买提江"]


def test_a_centred_line_never_reaches_past_its_measure():
    """A centred title is placed by its whole width: a closing mark squeezed past the measure pushed the
    line's start past the left margin (the generated-station test found it on the 结对共建工作情况)."""
    from stationdesk.reports.layout import TITLE
    from stationdesk.reports.linebreak import Paragraph

    text = "“某某村新时代文明实践站与，300份（第三网格）（第三网格），”结对共建工作情况"
    for width in range(120, 520, 7):
        paragraph = Paragraph(text, TITLE)
        paragraph.wrap(width, 1000)
        assert all(line.extraSpace >= -0.01 for line in paragraph.blPara.lines), width
