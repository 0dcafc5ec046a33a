"""The home page: the station at a glance."""

from datetime import date
from html import escape

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from stationdesk.domain.amounts import figure
from stationdesk.errors import explain
from stationdesk.services import safety, station
from stationdesk.ui import style
from stationdesk.ui.widgets import after_first_paint

# (key, title, unit, the action a click asks for): 首页's figure cards, in reading order.
CARDS = (
    ("activities", "本月开展活动", "次", "activities"),
    ("hours", "本月服务时长", "小时", "stats_month"),
    ("people", "本月参与志愿者", "人", "stats_month"),
    ("volunteers", "在册志愿者", "人", "volunteers"),
    ("requests", "群众点单待处理", "单", "requests"),
    ("pairings", "结对共建落后", "项", "pairings"),
    ("expiring", "资质保险30天内到期", "项", "expiring"),
    ("backup", "上次备份", "", "settings"),
)
# The week's most common jobs, one click each: (text, icon, action).
SHORTCUTS = (("新增志愿者", "add", "new_volunteer"), ("登记群众点单", "requests", "new_request"),
             ("从表格导入志愿者", "import", "import"), ("活动月历（节日）", "calendar", "calendar"),
             ("打印花名册", "print", "print_roster"), ("导出花名册", "export", "export"),
             ("生成年度台账", "ledger", "ledger"))


class FigureCard(QPushButton):
    """One figure of 首页: a title, the number large, a note under it; a click (or Enter) opens its page."""

    def __init__(self, title: str, unit: str, parent=None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.unit = unit
        self.title = QLabel(title)
        self.title.setObjectName("cardTitle")
        self.figure = QLabel("…")
        self.figure.setObjectName("cardFigure")
        self.note = QLabel()
        self.note.setObjectName("cardNote")
        self.note.setTextFormat(Qt.TextFormat.RichText)
        for label in (self.title, self.figure, self.note):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        for label in (self.title, self.note):  # whole at 1024 pixels and 125 %: two lines, not cut off
            label.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(style.space(2), style.space(1.5), style.space(2), style.space(1.5))
        column.setSpacing(style.space(0.5))
        column.addWidget(self.title)
        column.addWidget(self.figure)
        column.addWidget(self.note)

    def set_figure(self, value: str, *, state: str = "", note: str = "") -> None:
        """`state`: "", "done", "check" or "behind" (the figure's colour)."""
        self.figure.setText(f"{value} <span style='font-size:{style.FONT_BODY}px'>{self.unit}</span>"
                            if self.unit else value)
        self.figure.setProperty("state", state)
        self.figure.setProperty("words", not value[:1].isdigit())  # "还没有备份": smaller than a number
        self.figure.style().unpolish(self.figure)
        self.figure.style().polish(self.figure)
        self.note.setText(note)
        self.setToolTip(f"{self.title.text()}：{value}{self.unit}")

    def sizeHint(self) -> QSize:
        return self.layout().sizeHint()

    def minimumSizeHint(self) -> QSize:
        hint = self.layout().minimumSize()
        return QSize(min(hint.width(), 120), hint.height())


class MonthChart(QWidget):
    """Activities held in each of the last twelve months, as columns (the newest on the right)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.months: list[tuple[str, int, float]] = []
        self.setMinimumSize(240, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_months(self, months: list[tuple[str, int, float]]) -> None:
        self.months = months
        self.setToolTip("\n".join(f"{m[:4]}年{int(m[5:])}月：活动 {n} 次，服务 {figure(h)} 小时" for m, n, h in months))
        self.update()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = p.fontMetrics()
        line = metrics.height()
        if not self.months:
            p.setPen(QColor(style.TEXT_MUTED))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "正在统计…")
            return
        top = max(n for _, n, _ in self.months) or 1
        slot = self.width() / len(self.months)
        base = self.height() - line - 4
        room = base - line - 6
        for i, (month, n, _) in enumerate(self.months):
            x = i * slot
            height = room * n / top
            bar = QRectF(x + slot * 0.2, base - height, slot * 0.6, height)
            p.fillRect(bar, QColor(style.ACCENT if i == len(self.months) - 1 else style.ACCENT_LINE))
            p.setPen(QColor(style.TEXT))
            if n:
                p.drawText(QRectF(x, base - height - line - 2, slot, line), Qt.AlignmentFlag.AlignCenter, str(n))
            p.setPen(QColor(style.TEXT_MUTED))
            p.drawText(QRectF(x, base + 2, slot, line), Qt.AlignmentFlag.AlignCenter, f"{int(month[5:])}月")
        p.setPen(QColor(style.BORDER))
        p.drawLine(0, int(base), self.width(), int(base))


def _panel(*widgets: QWidget, title: str = "") -> QFrame:
    panel = QFrame()
    panel.setObjectName("panel")
    column = QVBoxLayout(panel)
    column.setContentsMargins(style.space(2), style.space(1.5), style.space(2), style.space(1.5))
    if title:
        column.addWidget(style.set_role(QLabel(title), "heading"))
    for widget in widgets:
        column.addWidget(widget, 1)
    return panel


class HomePage(QWidget):
    """首页: the station's figures as cards (each opens its page), what needs doing, the last twelve
    months, and the week's most common jobs. The cheap figures show at once; the to-do list and the
    month's figures fill in after the first paint."""

    action = Signal(str)  # a task ("new_volunteer", "import", …) or a page to open ("activities", "pairings", …)
    attention_filled = Signal()  # the to-do list is up to date

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # the station's name as typed, < and & included
        style.set_role(self.title, "title")
        self.figures = QLabel()
        self.figures.setObjectName("homeFigures")
        style.set_role(self.figures, "hint")
        self.cards = {key: FigureCard(title, unit) for key, title, unit, _ in CARDS}
        for key, _, _, target in CARDS:
            self.cards[key].clicked.connect(lambda _=False, t=target: self.action.emit(t))
        self.backup_line = self.cards["backup"].note  # 已校验, or a link to back up now
        self.backup_line.setObjectName("homeBackup")
        self.backup_line.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, False)
        self.backup_line.linkActivated.connect(lambda _: self.action.emit("settings"))
        self.attention = QLabel()
        self.attention.setObjectName("homeAttention")
        self.attention.setWordWrap(True)
        self.attention.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.attention.linkActivated.connect(self.action.emit)
        self.chart = MonthChart()

        cards = QGridLayout()
        cards.setSpacing(style.space(1.5))
        for i, card in enumerate(self.cards.values()):
            cards.addWidget(card, i // 4, i % 4)
        shortcuts = QGridLayout()
        shortcuts.setSpacing(style.space())
        for i, (text, name, key) in enumerate(SHORTCUTS):
            button = QPushButton(style.icon(name), text)
            button.setIconSize(QSize(18, 18))
            button.setMinimumHeight(style.space(4))
            button.clicked.connect(lambda _=False, k=key: self.action.emit(k))
            shortcuts.addWidget(button, i // 4, i % 4)
        lower = QHBoxLayout()
        lower.setSpacing(style.space(1.5))
        lower.addWidget(_panel(self.attention), 3)
        lower.addWidget(_panel(self.chart, title="近十二个月开展活动（次）"), 2)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(style.space(3), style.space(2), style.space(3), style.space(2))
        column.setSpacing(style.space(1.5))
        heading = QHBoxLayout()
        heading.setSpacing(style.space(2))
        heading.addWidget(self.title)
        heading.addWidget(self.figures, 1, Qt.AlignmentFlag.AlignBottom)
        column.addLayout(heading)
        column.addLayout(cards)
        column.addLayout(lower, 1)
        column.addLayout(shortcuts)
        scroll = QScrollArea()  # usable at any window size and scale: the page scrolls rather than clips
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        scroll.viewport().setAutoFillBackground(False)
        content.setAutoFillBackground(False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.attention.setText("正在整理待办事项…")
        self._refresh_figures()
        after_first_paint(self, self._refresh_attention)  # so the window shows at once

    def refresh(self) -> None:
        self._refresh_figures()
        self._refresh_attention()

    def _refresh_figures(self) -> None:
        self._read_into(self.figures, self._read_figures)

    def _read_into(self, label: QLabel, read) -> None:
        """`read()`; if the data will not read (a damaged page), `label` says so instead of the page
        crashing, and the start-up check that follows offers a backup."""
        try:
            read()
        except Exception as exc:
            if explain(exc) is None:
                raise
            label.setText(style.coloured(escape(explain(exc)), style.BEHIND))

    def _read_figures(self) -> None:
        info = station.get_station(self.store)
        self.title.setText(info.name)
        counts = station.overview(self.store)
        self.figures.setText(f"在册志愿者 <b>{counts.volunteers}</b> 人　·　志愿服务队 <b>{counts.teams}</b> 支　·　"
                             f"已归档 {counts.archived} 人")
        self.cards["volunteers"].set_figure(str(counts.volunteers), note=f"{counts.teams} 支服务队")
        age = safety.backup_age(self.store)  # one look at the backup folder, not two
        card = self.cards["backup"]
        if safety.stale(age):
            card.set_figure(safety.describe_age(age), state="behind", note="<a href='settings'>去备份</a>")
        else:
            card.set_figure(safety.describe_age(age), state="done", note="已校验")
        # Only the backup folder counts: a copy to a USB stick or `backup -o` elsewhere is not seen here.
        card.setToolTip(f"上次备份：{safety.describe_age(age)}\n只计备份文件夹中的备份；“复制到U盘”或命令行 backup -o "
                        f"存到别处的副本不计在内。\n备份文件夹：{safety.backup_dir(self.store)}")
        self.backup_line.setToolTip(card.toolTip())

    def _refresh_attention(self) -> None:
        self._read_into(self.attention, self._read_attention)
        self.attention_filled.emit()  # the checks start even when the data would not read

    def _read_attention(self) -> None:
        from stationdesk.domain.festivals import next_festivals
        from stationdesk.services import (
            activities,
            attendance,
            certificates,
            pairings,
            people,
            requests,
            stats,
        )

        today = date.today()
        month = stats.glance(self.store, today)
        self.cards["activities"].set_figure(str(month.activities), note=month.period.label)
        self.cards["hours"].set_figure(figure(month.hours), note=month.period.label)
        self.cards["people"].set_figure(str(month.people), note=month.period.label)
        self.chart.set_months(month.by_month)
        # Each link names its item (kind:id): it opens that activity, request or agreement, not just a page.
        items = [f"本周活动：{a.starts_at:%m-%d %H:%M} {escape(a.title)}（已报名 {a.signed_up} 人）　<a href='activity:{a.id}'>去准备</a>"
                 for a in activities.upcoming(self.store, today=today)]
        items += [f"待登记出勤：{a.starts_at:%m-%d} {escape(a.title)}　<a href='attend:{a.id}'>去登记</a>"
                  for a in activities.not_recorded(self.store, today=today)[:5]]
        if unchecked := attendance.review_count(self.store):
            items.append(f"有 {unchecked} 条出勤待核实（忘记签退，已按结束时间计）　<a href='review'>去核实</a>")
        expiring = people.expiring_count(self.store, today=today)
        self.cards["expiring"].set_figure(str(expiring), state="check" if expiring else "done",
                                          note="资质证书与个人保险" if expiring else "没有即将到期的")
        items += [f"{escape(e.name)} 的{escape(e.what)}将于 {e.ends_on:%m-%d} 到期　<a href='volunteer:{e.volunteer_id}'>去查看</a>"
                  for e in people.expiring(self.store, today=today, limit=3)]
        if expiring > 3:
            items.append(f"另有 {expiring - 3} 项资质或保险 30 天内到期　<a href='expiring'>全部查看</a>")
        items += [f"群众点单：{escape(r.resident_name)}“{escape(r.what)}”{why}　<a href='request:{r.id}'>去处理</a>"
                  for r, why in requests.needing_attention(self.store, today=today, limit=3)]
        waiting = requests.needing_attention_count(self.store, today=today)
        self.cards["requests"].set_figure(str(waiting), state="behind" if waiting else "done",
                                          note="超期或未派单" if waiting else "没有超期的点单")
        if waiting > 3:
            items.append(f"群众点单：另有 {waiting - 3} 单超期或未派单　<a href='requests'>全部查看</a>")
        behind = pairings.needing_attention(self.store, today=today, limit=3)
        late, ending = behind.late, behind.ending
        self.cards["pairings"].set_figure(str(late), state="behind" if late else "done",
                                          note=f"另有 {ending} 项协议将到期" if ending else
                                          ("本年承诺履行落后" if late else "都在按计划履行"))
        items += [f"结对共建：{escape(p.unit_name)}，{escape(why)}　<a href='pairing:{p.id}'>去处理</a>" for p, why in behind.items]
        if late + ending > 3:
            items.append(f"结对共建：另有 {late + ending - 3} 项需要关注　<a href='pairings'>全部查看</a>")
        items += [f"{d.name}（{d.day:%m-%d}，还有 {(d.day - today).days} 天）　<a href='calendar'>安排活动</a>"
                  for d in next_festivals(today, within_days=14)]
        reached = len(certificates.milestones(self.store))
        if reached:
            items.append(f"有 {reached} 名志愿者新达到星级，尚未表彰　<a href='certificates'>去查看</a>")
        self.attention.setText(("<b>需要关注：</b><br>" + "<br>".join(items[:12])) if items else "本周没有待办事项。")
