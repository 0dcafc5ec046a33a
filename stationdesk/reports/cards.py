"""志愿者证: credit-card-size volunteer cards, eight to an A4 page, with a QR for check-in mode.

The QR holds only an opaque code (SDV: + 12 hex digits): a lost card reveals nothing about its holder.
"""

from datetime import datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from stationdesk.reports.layout import FONT, SUBTITLE, PageInfo, build_pdf, elide
from stationdesk.reports.linebreak import Paragraph
from stationdesk.reports.qr import draw_qr
from stationdesk.reports.text import draw_string, fitted_lines, fitted_size

CARD_W, CARD_H = 85.6 * mm, 54 * mm  # ISO/IEC 7810 ID-1, fits standard card sleeves
RED = colors.HexColor("#c0392b")
PER_ROW = 2
QR_X, QR_Y, QR_SIZE = CARD_W - 33 * mm, 6 * mm, 29 * mm  # the QR's square on the card
TEXT_W = QR_X - 5 * mm - 3 * mm  # name, team and number: from the left edge's 5 mm to 3 mm before the QR


class VolunteerCard(Flowable):
    def __init__(self, station: str, name: str, team: str, number: str, payload: str):
        super().__init__()
        self.station, self.name, self.team, self.number, self.payload = station, name, team, number, payload

    def wrap(self, available_width, available_height):
        return CARD_W, CARD_H

    def draw(self):
        c = self.canv
        c.setStrokeColor(colors.HexColor("#999999"))
        c.setLineWidth(0.4)
        c.setDash(2, 2)  # the cutting line
        c.roundRect(0, 0, CARD_W, CARD_H, 3 * mm)
        c.setDash()
        c.setFillColor(RED)
        c.rect(0, CARD_H - 11 * mm, CARD_W, 11 * mm, stroke=0, fill=1)
        c.setFillColor(colors.white)
        text_w = CARD_W - 8 * mm
        draw_string(c, 4 * mm, CARD_H - 5 * mm, self.station, fitted_size(self.station, 8.5, text_w, smallest=5))
        c.setFont(FONT, 12)
        c.drawString(4 * mm, CARD_H - 9.5 * mm, "志愿者证")
        c.setFillColor(colors.black)
        # Left of the QR, top down: the name (one line down to 12 pt, else two lines of 13–8 pt), the team
        # (one line down to 7 pt, else two of 7–6.5 pt) and the number. Nothing reaches the QR's column.
        names, size = fitted_lines(self.name, TEXT_W, one_line=(18, 12), wrapped_sizes=(13, 8))
        y = CARD_H - 23 * mm if len(names) == 1 else CARD_H - 15 * mm - size
        for line in names:
            draw_string(c, 5 * mm, y, line, size)
            y -= size * 1.2
        teams, size = fitted_lines(f"队伍：{self.team}", TEXT_W, one_line=(8.5, 7), wrapped_sizes=(7, 6.5))
        if len(teams) > 2:  # a team name of a paragraph: its start is enough on a card
            teams = [teams[0], elide("".join(teams[1:]), size, TEXT_W)]
        y = CARD_H - 31 * mm
        for line in teams:
            draw_string(c, 5 * mm, y, line, size)
            y -= size * 1.25
        c.setFont(FONT, 8.5)
        c.drawString(5 * mm, CARD_H - (37 if len(teams) == 1 else 39) * mm, f"编号：{self.number}")
        c.setFont(FONT, 7)
        c.setFillColor(colors.HexColor("#666666"))
        c.drawString(5 * mm, 4 * mm, "活动签到时请出示此证扫码")
        c.setFillColor(colors.black)
        draw_qr(c, self.payload, QR_X, QR_Y, QR_SIZE)


def build_cards(rows: list[tuple], out: str | Path, *, station: str, printed_at: datetime, prefix: str) -> int:
    """`rows`: roster.card_rows. Returns the page count."""
    cards = [VolunteerCard(station, name, team.split("、")[0], code or f"{vid:06d}", f"{prefix}{card}")
             for vid, name, team, code, card in rows]
    grid = [cards[i:i + PER_ROW] + [""] * (PER_ROW - len(cards[i:i + PER_ROW])) for i in range(0, len(cards), PER_ROW)]
    story = [Paragraph(f"志愿者证（共 {len(cards)} 张，沿虚线剪下）", SUBTITLE)]
    if grid:
        table = Table(grid, colWidths=[CARD_W + 4 * mm] * PER_ROW, rowHeights=CARD_H + 4 * mm)
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        story.append(table)
    return build_pdf(out, PageInfo(title="志愿者证", station=station, printed_at=printed_at), story)
