"""Papers for the seeds' practices: the 点单 slip and monthly list, the 爱心超市 receipt, the funds statement."""

from datetime import datetime
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from stationdesk.domain.amounts import format_amount, points_text
from stationdesk.reports.layout import (
    BODY,
    CELL,
    FONT,
    SUBTITLE,
    TITLE,
    PageInfo,
    build_pdf,
    cell,
    grid,
    sign_off,
)
from stationdesk.reports.linebreak import Paragraph
from stationdesk.reports.text import markup

FORM_CELL = ParagraphStyle("form", parent=CELL, fontSize=10.5, leading=14)


def _form(rows: int, spans: tuple[int, ...]) -> TableStyle:
    """Label | value | label | value rows; rows in `spans` have one value across the three right cells."""
    return TableStyle([("FONT", (0, 0), (-1, -1), FONT, 10.5), ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                       ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BACKGROUND", (0, 0), (0, -1), "#f0f0f0"),
                       ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]
                      + [("SPAN", (1, i), (3, i)) for i in spans]
                      + [("BACKGROUND", (2, i), (2, i), "#f0f0f0") for i in range(rows) if i not in spans])


def _stars(rating: int | None) -> str:
    return f"{'★' * rating}{'☆' * (5 - rating)}（{rating} 分）" if rating else "☆☆☆☆☆（请群众圈选）"


def _p(text: str):
    return Paragraph(markup(text), FORM_CELL)


def _v(text, width: float):
    """A form value in a column `width` points wide: wraps instead of running into the next label."""
    return cell(text, width, FORM_CELL)


def _t(value) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, datetime) else (f"{value:%Y-%m-%d}" if value else "")


def build_request_slip(r, station: str, out: str | Path, *, printed_at: datetime) -> int:
    """One 群众点单 on a page: what was asked, who was sent, what was done and the resident's verdict,
    with lines to sign — the paper the volunteers take along and bring back."""
    w = 180 * mm
    v = 0.34 * w
    rows = [
        ["点单编号", r.number, "点单时间", _t(r.requested_at)],
        ["群众姓名", _v(r.resident_name, v), "联系电话", r.phone_masked],
        ["村民小组", _v(r.village_group, v), "期望时间", _t(r.wanted_on)],
        ["服务需求", _p(r.what + (f"（服务菜单：{r.menu_item}）" if r.menu_item and r.menu_item != r.what else "")), "", ""],
        ["承接队伍", _v(r.team, v), "完成期限", _t(r.due_on)],
        ["接单志愿者", _p(r.volunteers), "", ""],
        ["服务情况", _p(r.outcome), "", ""],
        ["完成时间", _t(r.done_at), "当前状态", r.state_label],
        ["群众评价", _stars(r.rating), "", ""],
        ["评价意见", _p(r.review), "", ""],
    ]
    table = Table(rows, colWidths=[0.16 * w, 0.34 * w, 0.16 * w, 0.34 * w],
                  rowHeights=[None] * 6 + [28 * mm, None, None, 18 * mm])
    table.setStyle(_form(len(rows), (3, 5, 6, 8, 9)))
    signatures = Table([["志愿者签字：", "群众签字：", "经办人签字："]], colWidths=[w / 3] * 3)
    signatures.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 10.5), ("TOPPADDING", (0, 0), (-1, -1), 14 * mm)]))
    story = [Paragraph("群众点单服务单", TITLE), Paragraph(f"{markup(station)}　·　点单 → 派单 → 接单 → 评单", SUBTITLE),
             table, signatures]
    return build_pdf(out, PageInfo("群众点单服务单", station, printed_at), story)


def build_request_list(rows, title: str, station: str, out: str | Path, *, printed_at: datetime) -> int:
    """The month's requests: one line each, with state and rating, and counts by state at the end."""
    head = ["编号", "点单日期", "群众", "村民小组", "服务需求", "承接", "状态", "评分"]
    table = grid(head, [[r.number, f"{r.requested_at:%m-%d}", r.resident_name, r.village_group, r.what,
                         r.team or r.volunteers, r.state_label, str(r.rating or "")] for r in rows],
                 [24, 16, 18, 16, 50, 28, 16, 12])
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.state_label] = counts.get(r.state_label, 0) + 1
    rated = [r.rating for r in rows if r.rating]
    summary = f"共 {len(rows)} 单：" + "，".join(f"{k} {v}" for k, v in counts.items()) + (
        f"；平均评分 {sum(rated) / len(rated):.1f} 分（{len(rated)} 单已评）" if rated else "")
    story = [Paragraph(markup(title), TITLE), Paragraph(markup(station), SUBTITLE), table, Spacer(1, 4 * mm),
             Paragraph(markup(summary), BODY), *sign_off("制表人", "负责人")]
    return build_pdf(out, PageInfo(title, station, printed_at), story)


def build_receipt(receipt, station: str, out: str | Path, *, printed_at: datetime) -> int:
    """爱心超市 兑换单: what was taken for how many points, and the balance left."""
    w = 180 * mm
    v = 0.3 * w
    rows = [["兑换单号", receipt.number, "兑换日期", f"{receipt.redeemed_on:%Y-%m-%d}"],
            ["志愿者", _v(receipt.volunteer, v), "经办人", _v(receipt.operator, v)],
            ["兑换物品", _v(receipt.goods, v), "数量", _v(f"{receipt.quantity} {receipt.unit}", v)],
            ["单价（积分）", str(receipt.price), "合计扣减积分", str(receipt.total)],
            ["兑换后积分余额", points_text(receipt.balance_after), "", ""]]
    table = Table(rows, colWidths=[0.2 * w, 0.3 * w, 0.2 * w, 0.3 * w])
    table.setStyle(_form(len(rows), (4,)))
    signatures = Table([["领取人签字：", "经办人签字："]], colWidths=[w / 2] * 2)
    signatures.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 10.5), ("TOPPADDING", (0, 0), (-1, -1), 12 * mm)]))
    story = [Paragraph("爱心超市积分兑换单", TITLE), Paragraph(markup(station), SUBTITLE), table, signatures]
    return build_pdf(out, PageInfo("爱心超市积分兑换单", station, printed_at), story)


def build_fund_statement(year: int, balances, entries, station: str, out: str | Path, *, printed_at: datetime) -> int:
    """Per source (carried over, received, spent, balance), then every entry of the year in date order."""
    title = f"{year}年度资金收支明细"
    yuan = format_amount
    body = [[b.source, yuan(b.opening), yuan(b.received), yuan(b.spent), yuan(b.closing)] for b in balances]
    total = ["合计", *(yuan(sum(getattr(b, k) for b in balances)) for k in ("opening", "received", "spent", "closing"))]
    summary = grid(["资金来源", "上年结余（元）", "本年收入（元）", "本年支出（元）", "年末余额（元）"], [*body, total],
                   [40, 35, 35, 35, 35])
    summary.setStyle(TableStyle([("ALIGN", (1, 1), (-1, -1), "RIGHT")]))
    lines = [[str(i), f"{e.entered_on:%m-%d}", e.source, e.purpose, e.activity or e.project,
              yuan(e.fen) if e.direction == "in" else "", yuan(e.fen) if e.direction == "out" else "", e.voucher]
             for i, e in enumerate(entries, start=1)]
    detail = grid(["序号", "日期", "来源", "摘要", "关联活动/项目", "收入（元）", "支出（元）", "凭证号"], lines,
                  [10, 13, 22, 45, 28, 22, 22, 18])
    detail.setStyle(TableStyle([("ALIGN", (5, 1), (6, -1), "RIGHT")]))
    story = [Paragraph(markup(title), TITLE), Paragraph(markup(station), SUBTITLE), Paragraph("一、各来源收支情况", BODY),
             Spacer(1, 2 * mm), summary, Spacer(1, 6 * mm), Paragraph("二、收支明细", BODY), Spacer(1, 2 * mm),
             detail if entries else Paragraph("本年度没有收支记录。", BODY), *sign_off("经办人", "负责人")]
    return build_pdf(out, PageInfo(title, station, printed_at), story)
