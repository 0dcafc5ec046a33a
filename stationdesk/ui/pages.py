"""The home page."""

from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from stationdesk.errors import explain
from stationdesk.services import safety, station
from stationdesk.ui.widgets import after_first_paint


class HomePage(QWidget):
    """首页: the station at a glance and the week's most common jobs, one click each."""

    action = Signal(str)  # a task ("new_volunteer", "import", …) or a page to open ("activities", "pairings", …)
    attention_filled = Signal()  # the to-do list is up to date

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # the station's name as typed, < and & included
        self.title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.figures = QLabel()
        self.figures.setObjectName("homeFigures")
        self.figures.setStyleSheet("font-size: 15px;")
        self.attention = QLabel()
        self.attention.setObjectName("homeAttention")
        self.attention.setWordWrap(True)
        self.attention.linkActivated.connect(self.action.emit)
        self.backup_line = QLabel()
        self.backup_line.setObjectName("homeBackup")
        self.backup_line.linkActivated.connect(lambda _: self.action.emit("settings"))
        grid = QGridLayout()
        for i, (text, key) in enumerate((("新增志愿者", "new_volunteer"), ("登记群众点单", "new_request"),
                                          ("从表格导入志愿者", "import"), ("活动月历（节日）", "calendar"),
                                          ("打印花名册", "print_roster"), ("导出花名册", "export"),
                                          ("生成年度台账", "ledger"))):
            button = QPushButton(text)
            button.setMinimumHeight(44)
            button.clicked.connect(lambda _=False, k=key: self.action.emit(k))
            grid.addWidget(button, i // 2, i % 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.figures)
        layout.addWidget(self.backup_line)
        layout.addWidget(self.attention)
        layout.addSpacing(12)
        layout.addLayout(grid)
        layout.addStretch(1)
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
            label.setText(f"<span style='color:#c0392b'>{explain(exc)}</span>")

    def _read_figures(self) -> None:
        info = station.get_station(self.store)
        self.title.setText(info.name)
        counts = station.overview(self.store)
        self.figures.setText(f"在册志愿者 <b>{counts.volunteers}</b> 人　·　志愿服务队 <b>{counts.teams}</b> 支　·　"
                             f"已归档 {counts.archived} 人")
        age = safety.backup_age(self.store)  # one look at the backup folder, not two
        # Only the backup folder counts: a copy to a USB stick or `backup -o` elsewhere is not seen here.
        where = ("<br><span style='color:#666'>（只计备份文件夹中的备份；“复制到U盘”或命令行 backup -o "
                 "存到别处的副本不计在内）</span>")
        if safety.stale(age):
            self.backup_line.setText(f"<span style='color:#c0392b'>⚠ 上次备份：{safety.describe_age(age)}。</span>"
                                     f"<a href='settings'>去备份</a>{where}")
        else:
            self.backup_line.setText(f"<span style='color:#2e7d32'>上次备份：{safety.describe_age(age)}，已校验。</span>"
                                     f"{where}")
        self.backup_line.setToolTip(f"备份文件夹：{safety.backup_dir(self.store)}")

    def _refresh_attention(self) -> None:
        self._read_into(self.attention, self._read_attention)
        self.attention_filled.emit()  # the checks start even when the data would not read

    def _read_attention(self) -> None:
        from stationdesk.domain.festivals import next_festivals
        from stationdesk.services import activities, attendance, certificates, pairings, people, requests

        today = date.today()
        # Each link names its item (kind:id): it opens that activity, request or agreement, not just a page.
        items = [f"本周活动：{a.starts_at:%m-%d %H:%M} {escape(a.title)}（已报名 {a.signed_up} 人）　<a href='activity:{a.id}'>去准备</a>"
                 for a in activities.upcoming(self.store, today=today)]
        items += [f"待登记出勤：{a.starts_at:%m-%d} {escape(a.title)}　<a href='attend:{a.id}'>去登记</a>"
                  for a in activities.not_recorded(self.store, today=today)[:5]]
        if unchecked := attendance.review_count(self.store):
            items.append(f"有 {unchecked} 条出勤待核实（忘记签退，已按结束时间计）　<a href='review'>去核实</a>")
        soon = people.expiring(self.store, today=today)
        items += [f"{escape(e.name)} 的{escape(e.what)}将于 {e.ends_on:%m-%d} 到期　<a href='volunteer:{e.volunteer_id}'>去查看</a>"
                  for e in soon[:3]]
        if len(soon) > 3:
            items.append(f"另有 {len(soon) - 3} 项资质或保险 30 天内到期　<a href='expiring'>全部查看</a>")
        items += [f"群众点单：{escape(r.resident_name)}“{escape(r.what)}”{why}　<a href='request:{r.id}'>去处理</a>"
                  for r, why in requests.needing_attention(self.store, today=today, limit=3)]
        if (waiting := requests.needing_attention_count(self.store, today=today)) > 3:
            items.append(f"群众点单：另有 {waiting - 3} 单超期或未派单　<a href='requests'>全部查看</a>")
        behind = pairings.needing_attention(self.store, today=today)
        items += [f"结对共建：{escape(p.unit_name)}，{escape(why)}　<a href='pairing:{p.id}'>去处理</a>" for p, why in behind[:3]]
        if len(behind) > 3:
            items.append(f"结对共建：另有 {len(behind) - 3} 项需要关注　<a href='pairings'>全部查看</a>")
        items += [f"{d.name}（{d.day:%m-%d}，还有 {(d.day - today).days} 天）　<a href='calendar'>安排活动</a>"
                  for d in next_festivals(today, within_days=14)]
        reached = len(certificates.milestones(self.store))
        if reached:
            items.append(f"有 {reached} 名志愿者新达到星级，尚未表彰　<a href='certificates'>去查看</a>")
        self.attention.setText(("<b>需要关注：</b><br>" + "<br>".join(items[:12])) if items else "本周没有待办事项。")

