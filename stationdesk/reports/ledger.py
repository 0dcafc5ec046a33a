"""台账: the station's year bound as one PDF — cover, contents with page numbers, station profile (with the
注册率), roster (masked), every activity's record with its photos, pairings and their fulfilment, the
certificate register, the statistics, the station's 阵地, 制度 and 会议记录, and the 年度工作总结. Sections can
be left out."""

from datetime import datetime
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer, Table, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from stationdesk.domain.dates import chinese_date
from stationdesk.domain.pairing import FULFILMENT_LABELS, STATUS_LABELS
from stationdesk.reports.layout import BODY, FONT, H1, H2, PageInfo, build_pdf, grid
from stationdesk.reports.linebreak import Paragraph
from stationdesk.reports.record import CAPTION, LazyPhoto, record_story
from stationdesk.reports.roster import roster_tables
from stationdesk.reports.stats_report import stats_story
from stationdesk.reports.text import markup

SECTIONS = {"profile": "站点概况", "roster": "志愿者花名册", "activities": "活动记录", "pairings": "结对共建",
            "certificates": "证书登记簿", "practices": "群众点单、荣誉礼遇与资金", "stats": "统计报表",
            "records": "阵地、制度与会议记录", "summary": "年度工作总结"}
NUMBERS = "一二三四五六七八九十"
COVER = ParagraphStyle("cover", fontName=FONT, fontSize=30, leading=44, alignment=TA_CENTER)
H3 = ParagraphStyle("h3", parent=BODY, fontSize=11.5, leading=18, spaceBefore=2 * mm)
SMALL_BODY = ParagraphStyle("small-body", parent=BODY, fontSize=9.5, leading=14, textColor="#444444")
COVER_SMALL = ParagraphStyle("cover-small", fontName=FONT, fontSize=16, leading=26, alignment=TA_CENTER)


def build_ledger(data, out: str | Path, *, sections=tuple(SECTIONS), printed_at: datetime, progress=None) -> int:
    """`data`: services.ledger.LedgerData. `progress(done, total)` is called as activities are laid out."""
    station = data.station
    story = [Spacer(1, 60 * mm), Paragraph(markup(station.name), COVER), Spacer(1, 10 * mm),
             Paragraph(f"{data.year}年度工作台账", COVER), Spacer(1, 60 * mm),
             Paragraph(f"上级单位：{markup(station.parent_institute or '—')}", COVER_SMALL),
             Paragraph(f"编制日期：{chinese_date(printed_at)}", COVER_SMALL), PageBreak(),
             Paragraph("目　录", ParagraphStyle("toc-title", parent=COVER_SMALL, fontSize=20, leading=30)),
             _contents(), PageBreak()]
    chosen = [key for key in SECTIONS if key in sections]
    for n, key in enumerate(chosen):
        heading = f"{NUMBERS[n]}、{SECTIONS[key]}"
        story += _SECTION_BUILDERS[key](data, heading, progress)
        if n < len(chosen) - 1:
            story.append(PageBreak())
    info = PageInfo(title=f"{data.year}年度工作台账", station=station.name, printed_at=printed_at, bare_first_page=True)
    return build_pdf(out, info, story, contents=True)


def _contents() -> TableOfContents:
    toc = TableOfContents()
    # Its table's own font was Helvetica (drawn for the empty placeholder of the first layout pass): pdffonts
    # then listed an unembedded Helvetica on every 台账.
    toc.tableStyle = TableStyle([*toc.tableStyle.getCommands(), ("FONT", (0, 0), (-1, -1), FONT)])
    toc.levelStyles = [ParagraphStyle("toc1", fontName=FONT, fontSize=12.5, leading=22, leftIndent=0),
                       ParagraphStyle("toc2", fontName=FONT, fontSize=10.5, leading=16, leftIndent=10 * mm)]
    return toc


def _profile(data, heading, progress):
    s = data.station
    rows = [["站点名称", s.name], ["上级单位", s.parent_institute or "—"], ["地址", s.address or "—"],
            ["负责人", s.manager or "—"], ["联系电话", s.phone or "—"],
            ["在册志愿者", f"{len(data.roster)} 人"], ["志愿服务队", f"{len(data.teams)} 支"]]
    if data.registration is not None:
        population = data.registration.population
        rows += [["常住人口", f"{population} 人" if population else "未填写"],
                 ["志愿者注册率", data.registration.text]]
    teams = [["　" * t.depth + t.name, t.category, t.leaders, str(t.member_count)] for t in data.teams]
    return [Paragraph(heading, H1), grid(["项目", "内容"], rows, [40, 140]), Spacer(1, 5 * mm),
            Paragraph("志愿服务队", H2),
            grid(["队伍", "服务类别", "队长", "人数"], teams, [70, 40, 45, 25])]


def _roster(data, heading, progress):
    return [Paragraph(heading, H1), Paragraph(f"共 {len(data.roster)} 人（证件号码和电话已隐去中间位）", BODY),
            Spacer(1, 2 * mm), *roster_tables(data.roster)]


def _activities(data, heading, progress):
    story = [Paragraph(heading, H1),
             Paragraph(f"本年度开展并登记的活动共 {len(data.activities)} 次，按时间顺序排列，每次活动一页。", BODY)]
    for i, (row, draft, sizes) in enumerate(data.activities, start=1):
        photos = [LazyPhoto(w, h, lambda pid=pid: data.load_photo(pid), caption) for pid, w, h, caption in sizes]
        story += [PageBreak(), *record_story(row, draft, photos, heading=Paragraph(
            f"{row.starts_at.month}月{row.starts_at.day}日　{markup(row.title)}", H2), corrections=data.corrections.get(row.id, ()))]
        if progress:
            progress(i, len(data.activities))
    return story


def _pairings(data, heading, progress):
    story = [Paragraph(heading, H1)]
    if not data.pairings:
        story.append(Paragraph("本年度没有结对共建协议。", BODY))
    for p, rows in data.pairings:
        story += [Paragraph(f"{markup(p.unit_name)}（{p.starts_on}至{p.term.last_day}，{STATUS_LABELS[p.status]}）", H2),
                  grid(["共建方面", "承诺内容", "年度目标", "完成", "情况"],
                         [[r.aspect, r.text, f"{r.target} 次", f"{r.done} 次", FULFILMENT_LABELS[r.status]]
                          for r in rows], [24, 86, 22, 20, 28]), Spacer(1, 4 * mm)]
    return story


def _certificates(data, heading, progress):
    rows = [[s, n, k, d, str(detail), status] for s, n, k, d, detail, status in data.certificates]
    return [Paragraph(heading, H1), grid(["证书编号", "姓名", "类别", "出具日期", "时长/称号", "状态"], rows,
                                           [32, 22, 34, 24, 30, 38])]


def _practices(data, heading, progress):
    from stationdesk.domain.amounts import format_amount as yuan

    requests = [[r.number, f"{r.requested_at:%m-%d}", r.resident_name, r.what, r.team or r.volunteers,
                 r.state_label, str(r.rating or "")] for r in data.requests]
    honours = [list(row) for row in data.honours]
    funds = [[b.source, yuan(b.opening), yuan(b.received), yuan(b.spent), yuan(b.closing)] for b in data.funds]
    return [Paragraph(heading, H1),
            Paragraph("群众点单", H2), grid(["编号", "日期", "群众", "服务需求", "承接", "状态", "评分"], requests,
                                          [24, 14, 18, 54, 34, 18, 14]),
            Spacer(1, 4 * mm), Paragraph("荣誉与礼遇", H2),
            grid(["荣誉称号", "级别", "获得者", "授予单位", "礼遇"], honours, [28, 16, 22, 34, 76]),
            Spacer(1, 4 * mm), Paragraph("资金收支（元）", H2),
            grid(["资金来源", "上年结余", "本年收入", "本年支出", "年末余额"], funds, [40, 34, 34, 34, 34])]


def _stats(data, heading, progress):
    return [Paragraph(heading, H1), *stats_story(data.stats)]


def _lines(text: str, style=BODY) -> list:
    """Free text as one paragraph per line (a long 制度 or 总结 then runs over pages instead of overflowing)."""
    return [Paragraph(markup(line), style) if line.strip() else Spacer(1, 2 * mm) for line in text.split("\n")]


def _records(data, heading, progress):
    story = [Paragraph(heading, H1), Paragraph("阵地与场所", H2)]
    story.append(grid(["名称", "类型", "面积", "开放时间", "说明"],
                      [[v.name, v.kind or "—", v.area_text, v.opening_hours or "—", v.note] for v in data.venues],
                      [40, 24, 24, 46, 46], empty="（未登记阵地）"))
    pictured = [v for v in data.venues if v.has_photo and data.load_venue_photo]
    if pictured:
        cells = [[LazyPhoto(v.photo_width, v.photo_height, lambda vid=v.id: data.load_venue_photo(vid)),
                  Paragraph(markup(v.name), CAPTION)] for v in pictured]
        rows = [cells[i:i + 2] + [""] * (2 - len(cells[i:i + 2])) for i in range(0, len(cells), 2)]
        story += [Spacer(1, 3 * mm), Table(rows, colWidths=[90 * mm, 90 * mm])]
    story += [Spacer(1, 5 * mm), Paragraph("规章制度", H2)]
    if not data.rules:
        story.append(Paragraph("（未登记制度）", BODY))
    for rule in data.rules:
        story += [Paragraph(f"《{markup(rule.title)}》", H3), Paragraph(f"通过日期：{chinese_date(rule.adopted_on)}", SMALL_BODY),
                  *_lines(rule.body), Spacer(1, 3 * mm)]
    story += [Spacer(1, 2 * mm), Paragraph("会议记录", H2)]
    if not data.meetings:
        story.append(Paragraph(f"{data.year}年未登记会议。", BODY))
    for n, meeting in enumerate(data.meetings, start=1):
        story += [Paragraph(f"{n}. {chinese_date(meeting.held_on)}", H3),
                  Paragraph("参会人员：", SMALL_BODY), *_lines(meeting.attendees),
                  Paragraph("会议议题：", SMALL_BODY), *_lines(meeting.topics),
                  Paragraph("研究部署：", SMALL_BODY), *_lines(meeting.decisions or "—"), Spacer(1, 3 * mm)]
    return story


def _summary(data, heading, progress):
    text, saved = data.summary
    story = [Paragraph(heading, H1)]
    if not saved:
        story.append(Paragraph("（以下是按本年度数据生成的草稿，尚未经站点修改保存。）", SMALL_BODY))
    return story + _lines(text)


_SECTION_BUILDERS = {"profile": _profile, "roster": _roster, "activities": _activities, "pairings": _pairings,
                     "certificates": _certificates, "practices": _practices, "stats": _stats,
                     "records": _records, "summary": _summary}
