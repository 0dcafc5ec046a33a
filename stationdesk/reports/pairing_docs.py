"""结对共建 documents: the agreement (协议书), the yearly work report (工作情况) and a thank-you letter (感谢信)."""

from datetime import date, datetime
from pathlib import Path

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from stationdesk.domain.dates import chinese_date
from stationdesk.domain.pairing import FULFILMENT_LABELS
from stationdesk.reports.layout import BODY, CELL, FONT, TITLE, PageInfo, build_pdf, grid
from stationdesk.reports.linebreak import Paragraph
from stationdesk.reports.text import markup

TEXT = ParagraphStyle("letter", parent=BODY, fontSize=12, leading=22, firstLineIndent=24)
PLAIN = ParagraphStyle("plain", parent=BODY, fontSize=12, leading=22)
HEADING = ParagraphStyle("heading", parent=BODY, fontSize=12.5, leading=24, spaceBefore=4)
RIGHT = ParagraphStyle("right", parent=PLAIN, alignment=TA_RIGHT)
CHINESE_NUMBERS = "一二三四五六七八九十"

UNIT_DUTIES = ("向乙方开放场地、设施等阵地资源，支持乙方开展文明实践活动；",
               "组织本单位干部职工参与乙方志愿服务，每年共同举办活动；",
               "发挥专业优势，协助乙方培训志愿者、培育志愿服务队伍；",
               "在政策宣讲、项目资源等方面给予支持。")
STATION_DUTIES = ("统筹安排共建活动，提前通报活动计划，做好组织和保障；",
                  "为甲方干部职工参与志愿服务提供岗位和条件，如实记录服务时长；",
                  "及时收集活动资料，建立共建台账，每季度向甲方书面报告共建情况；",
                  "宣传推广共建成效。")


def _signature_blocks(unit: str, station: str, unit_signatory: str, station_signatory: str, signed_on: date):
    """甲方 and 乙方 side by side, row by row — the parties, room for the seals, who signs, the date — so the
    two blocks face each other line for line however long either unit's name runs."""
    def both(label, left, right):
        return [Paragraph(f"{label(party)}{markup(value)}", PLAIN) for party, value in (("甲方", left), ("乙方", right))]

    rows = [both(lambda party: f"{party}（盖章）：", unit, station), ["", ""],
            both(lambda party: "负责人（签字）：", unit_signatory or "__________", station_signatory or "__________"),
            both(lambda party: "日期：", chinese_date(signed_on), chinese_date(signed_on))]
    table = Table(rows, colWidths=[90 * mm, 90 * mm], rowHeights=[None, 14 * mm, None, None])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), FONT),
                               ("LEFTPADDING", (0, 0), (0, -1), 0)]))
    return KeepTogether([Spacer(1, 10 * mm), table])


def build_agreement(pairing, unit, commitments, station, liaison: str, out: str | Path, *,
                    printed_at: datetime) -> int:
    """`pairing`: PairingRow; `unit`: UnitDraft; `commitments`: CommitmentRow list; `station`: StationInfo."""
    s = []
    s += [Paragraph("新时代文明实践结对共建协议书", TITLE), Spacer(1, 4 * mm),
          Paragraph(f"甲方：{markup(unit.name)}", PLAIN), Paragraph(f"乙方：{markup(station.name)}", PLAIN), Spacer(1, 4 * mm),
          Paragraph("为深入推进新时代文明实践中心建设，充分发挥文明单位的示范带动作用，推动资源共享、优势互补、"
                    "共同发展，经甲乙双方友好协商，就结对共建事宜达成如下协议。", TEXT)]
    s += [Paragraph("一、共建期限", HEADING),
          Paragraph(f"本协议自{chinese_date(pairing.starts_on)}起至{chinese_date(pairing.ends_on)}止。期满后双方可协商续签。", TEXT),
          Paragraph("二、共建内容", HEADING)]
    for i, c in enumerate(commitments):
        s.append(Paragraph(f"（{CHINESE_NUMBERS[i % 10]}）{markup(c.aspect)}：{markup(c.text)}，每年不少于{c.target}次。", TEXT))
    s.append(Paragraph("三、双方职责", HEADING))
    for party, duties in (("甲方", UNIT_DUTIES), ("乙方", STATION_DUTIES)):
        s.append(Paragraph(f"{party}：", PLAIN))
        s += [Paragraph(f"{n}. {duty}", TEXT) for n, duty in enumerate(duties, start=1)]
    s += [Paragraph("四、联络与会商", HEADING),
          Paragraph(f"甲方联络人：{markup(unit.contact_person or '__________')}；乙方联络员：{markup(liaison or '__________')}。"
                    "双方每季度至少召开一次联席会议，通报共建情况，研究解决共建中的问题；每次活动做好记录，"
                    "乙方每季度形成书面报告报甲方。", TEXT),
          Paragraph("五、其他", HEADING),
          Paragraph("本协议未尽事宜，由双方协商解决。本协议一式两份，甲乙双方各执一份，自双方签字盖章之日起生效。", TEXT),
          Paragraph("（以下无正文）", PLAIN),
          _signature_blocks(unit.name, station.name, pairing.unit_signatory, pairing.station_signatory,
                            pairing.signed_on)]
    return build_pdf(out, PageInfo(title="结对共建协议书", station=station.name, printed_at=printed_at, official=True), s)


def build_pairing_report(pairing, unit_name: str, year: int, rows, station_name: str, out: str | Path, *,
                         printed_at: datetime) -> int:
    """The yearly 结对共建工作情况: commitments against what was done, with the evidence behind each number."""
    summary = grid(["共建方面", "承诺内容", "年度目标", "完成", "情况"],
                   [[r.aspect, r.text, f"{r.target} 次", f"{r.done} 次", FULFILMENT_LABELS[r.status]] for r in rows],
                   [24, 86, 22, 20, 28])
    ended = f"（已提前终止：{pairing.end_reason}）" if pairing.ended_early_on else ""
    s = [Paragraph(f"{markup(station_name)}与{markup(unit_name)}<br/>{year}年度结对共建工作情况", TITLE),
         Paragraph(markup(f"协议期限：{chinese_date(pairing.starts_on)}至{chinese_date(pairing.term.last_day)}{ended}"), PLAIN),
         Spacer(1, 3 * mm), summary, Spacer(1, 4 * mm)]
    for r in rows:
        s.append(Paragraph(f"{markup(r.aspect)}（{r.done} 次）", HEADING))
        if r.evidence:
            s += [Paragraph(f"{when:%Y-%m-%d}　{markup(what)}", CELL) for when, what in r.evidence]
        else:
            s.append(Paragraph("本年度暂无记录。", CELL))
    info = PageInfo(title=f"{year}年度结对共建工作情况", station=station_name, printed_at=printed_at,
                    signature="负责人签字")
    return build_pdf(out, info, s)


def build_thanks_letter(unit_name: str, station_name: str, year: int, rows, out: str | Path, *,
                        printed_at: datetime) -> int:
    """感谢信 to a paired unit, naming what was done together this year."""
    done = markup("，".join(f"{r.aspect}{r.done}次" for r in rows if r.done) or "多项共建工作")
    s = [Paragraph("感 谢 信", TITLE), Spacer(1, 6 * mm), Paragraph(f"{markup(unit_name)}：", PLAIN),
         Paragraph(f"{year}年，贵单位与我站携手开展新时代文明实践结对共建，{done}，为丰富群众精神文化生活、"
                   "提升乡村文明程度作出了积极贡献。贵单位干部职工热心公益、甘于奉献，以实际行动传递了文明新风。", TEXT),
         Paragraph("在此，谨向贵单位及全体参与志愿服务的同志表示衷心的感谢！希望双方继续深化合作，共同把新时代文明实践工作"
                   "做实做好。", TEXT),
         Spacer(1, 6 * mm), Paragraph("此致", TEXT), Paragraph("敬礼！", PLAIN), Spacer(1, 16 * mm),
         Paragraph(f"{markup(station_name)}（盖章）", RIGHT), Paragraph(chinese_date(printed_at.date()), RIGHT)]
    return build_pdf(out, PageInfo(title="感谢信", station=station_name, printed_at=printed_at, official=True), s)
