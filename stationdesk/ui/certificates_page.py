"""证书 page: issue a 志愿服务记录证明, a batch of 荣誉证书, the register (reprint, void), verification
by scanning a certificate's QR, and who issues them."""

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from stationdesk.domain.hours import stars_text
from stationdesk.errors import UserError
from stationdesk.services import certificates, documents
from stationdesk.ui import style
from stationdesk.ui.errors import warn
from stationdesk.ui.pdf_preview import produce
from stationdesk.ui.rows_model import RowsModel, rows_table, rows_view, select_key, selected_key, show_rows
from stationdesk.ui.volunteer_picker import VolunteerPickerDialog
from stationdesk.ui.widgets import FlowLayout, LazyPage, confirm, date_edit, form_dialog, labelled

VERDICT_COLOURS = {"valid": style.DONE, "voided": style.CHECK, "needs_code": style.CHECK, "forged": style.BEHIND,
                   "unknown": style.CHECK,  # not in the register: not known to be forged
                   "unregistered": style.DONE}  # a genuine QR whose record the register does not hold



class CertificatesPage(LazyPage):
    shows = frozenset({"certificate", "volunteer", "activity", "participation", "honor", "setting", "station"})

    def __init__(self, store, parent=None):
        super().__init__(store, parent)
        today = date.today()
        # one volunteer's proof
        self.volunteer_id: int | None = None
        self.volunteer = QLabel("（未选择）")
        pick = QPushButton("选择志愿者…")
        pick.clicked.connect(self.pick_volunteer)
        self.start, self.end = date_edit(date(today.year, 1, 1)), date_edit(today)
        issue = QPushButton("出具并打印")
        issue.clicked.connect(self.issue_record)
        record_box = QGroupBox("志愿服务记录证明")
        row = FlowLayout(record_box)  # wraps on a narrow screen
        for widget in (pick, self.volunteer, labelled("期间：", self.start), labelled("至", self.end), issue):
            row.addWidget(widget)
        # honours in one go
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.title = QLineEdit("优秀志愿者")
        self.min_hours = QDoubleSpinBox()
        self.min_hours.setRange(0, 10000)
        self.min_hours.setValue(certificates.HONOR_FLOOR_HOURS)
        self.min_hours.setSuffix(" 小时")
        self.min_hours.setToolTip("默认 20 小时；本年度达到 20 小时的人超过服务人数的 10% 时，默认改为前 5% 的时长")
        self._hours_chosen = False  # once the operator sets the threshold, the page keeps it
        self._defaulting = False
        self.min_hours.valueChanged.connect(self._hours_set)
        self.year.valueChanged.connect(lambda _: self._default_hours())
        self.border = QCheckBox("带边框（不勾选：用于已印好的证书纸）")
        self.border.setChecked(True)
        honors = QPushButton("批量出具荣誉证书")
        honors.clicked.connect(self.issue_honors)
        pick_honorees = QPushButton("手动选人出具…")
        pick_honorees.clicked.connect(self.issue_honors_to_chosen)
        template = QPushButton("证书模板…")
        template.clicked.connect(self.edit_template)
        honors_box = QGroupBox("荣誉证书（按年度服务时长）")
        rows = QVBoxLayout(honors_box)  # two rows of controls, each wrapping on a narrow screen
        for widgets in ((labelled("年度：", self.year), labelled("称号：", self.title),
                         labelled("时长不少于：", self.min_hours)), (self.border, honors, pick_honorees, template)):
            row = FlowLayout()
            for widget in widgets:
                row.addWidget(widget)
            rows.addLayout(row)
        # verification
        self.verify_input = QLineEdit()
        self.verify_input.setObjectName("verifyInput")
        self.verify_input.setPlaceholderText("扫描证书上的二维码，或输入“证书编号 校验码”后回车")
        self.verify_input.returnPressed.connect(self.verify)
        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)  # names are typed text, never markup
        self.verdict.setWordWrap(True)
        verify_box = QGroupBox("核验证书")
        col = QVBoxLayout(verify_box)
        col.addWidget(self.verify_input)
        col.addWidget(self.verdict)
        # register
        self.register_rows = RowsModel(
            [(header, lambda row, c=c: row[c]) for c, header in enumerate(
                ["证书编号", "姓名", "类别", "出具日期", "时长/称号", "状态"])],
            lambda serials: certificates.register_rows(self.store, serials), key=lambda row: row[0],
            empty="还没有出具证书。在上方选择志愿者，点“出具并打印”。")
        self.register = rows_view(self.register_rows, stretch=1)  # thousands: rows fetched as shown; names whole
        self.register.setObjectName("certificateRegister")
        reprint = QPushButton("补打所选")
        reprint.clicked.connect(self.reprint)
        void = QPushButton("作废所选")
        void.clicked.connect(self.void)
        issuer = QPushButton("出具单位设置…")
        issuer.clicked.connect(self.edit_issuer)
        public = QPushButton("打印本月公示名单")
        public.clicked.connect(self.print_public_list)
        actions = FlowLayout()
        for widget in (reprint, void, public, issuer):
            actions.addWidget(widget)
        # star levels reached and not yet recognised
        self.milestones = rows_table(
            [("姓名", lambda m: m.name), ("累计时长（小时）", lambda m: f"{m.hours:g}"),
             ("新达到的星级", lambda m: stars_text(m.level))], key=lambda m: (m.volunteer_id, m.level), stretch=0,
            numbers=(1,), empty="没有新达到星级、尚未表彰的志愿者。")
        self.milestones.setObjectName("milestones")
        self.milestones.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # several at once
        self.milestones.setMaximumHeight(130)
        recognised = QPushButton("标记为已表彰")
        recognised.clicked.connect(self.mark_recognised)
        milestone_box = QGroupBox("新达到星级、尚未表彰的志愿者")
        col = QVBoxLayout(milestone_box)
        col.addWidget(self.milestones)
        col.addWidget(recognised, alignment=Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        for widget in (record_box, honors_box, verify_box, milestone_box):
            layout.addWidget(widget)
        register_title = QLabel("证书登记簿（编号不重复使用，作废的证书保留记录）")
        register_title.setWordWrap(True)
        layout.addWidget(register_title)
        layout.addWidget(self.register, 1)
        layout.addLayout(actions)

    def _hours_set(self) -> None:
        if not self._defaulting:
            self._hours_chosen = True

    def _default_hours(self) -> None:
        """The threshold that makes sense for this station's year (certificates.default_min_hours)."""
        if self._hours_chosen:
            return
        self._defaulting = True
        try:
            self.min_hours.setValue(certificates.default_min_hours(self.store, year=self.year.value()))
        finally:
            self._defaulting = False

    def refresh(self) -> None:
        self._stale = False
        self._default_hours()
        keep = self.selected_serial()
        self.register_rows.set_keys(certificates.register_serials(self.store))
        if keep is not None:
            select_key(self.register, keep)
        show_rows(self.milestones, certificates.milestones(self.store))

    def selected_serial(self) -> str | None:
        return selected_key(self.register)

    def _written(self, message: str) -> None:
        self.refresh()
        self.changed.emit()
        self.status_message.emit(message)

    # -- actions -----------------------------------------------------------------------------------------
    def pick_volunteer(self) -> None:
        picker = VolunteerPickerDialog(self.store, "选择志愿者", "选定", self)
        if picker.exec() and picker.chosen():
            self.set_volunteer(picker.chosen()[0].id, picker.chosen()[0].name)

    def set_volunteer(self, volunteer_id: int, name: str) -> None:
        self.volunteer_id = volunteer_id
        self.volunteer.setText(name)

    def issue_record(self, *, open_after: bool = True) -> str | None:
        if self.volunteer_id is None:
            warn(self, "出具证明", "请先选择志愿者。")
            return None
        vid, start, end = self.volunteer_id, self.start.date().toPython(), self.end.date().toPython()
        try:
            warnings = certificates.proof_warnings(self.store, vid, start, end)
        except UserError as exc:
            warn(self, "没有出具", str(exc))
            return None
        if warnings and not self.confirm_proof(warnings):
            return None
        done = []
        path = produce(self, "志愿服务记录证明", lambda out: _kept(done, documents.service_record(self.store, vid, start, end, out)),
                       open_after=open_after, name=f"志愿服务记录证明-{self.volunteer.text()}-{date.today().isoformat()}")
        if done:
            issued = done[0].issued[0]
            self._written(f"已出具 {issued.serial}（{issued.content['hours']:g} 小时）。")
        return path

    def confirm_proof(self, warnings: list[str]) -> bool:
        """Before issuing a proof for someone with no ID number, or over a period another proof covers."""
        return confirm(self, "出具志愿服务记录证明", "\n\n".join(warnings) + "\n\n仍要出具并登记编号吗？")

    def issue_honors(self, *, open_after: bool = True) -> str | None:
        """Everyone with at least the given hours this year."""
        year = self.year.value()
        chosen = certificates.honor_candidates(self.store, year=year, min_hours=self.min_hours.value())
        if not chosen:
            warn(self, "荣誉证书", f"{year} 年没有服务时长达到 {self.min_hours.value():g} 小时的志愿者。")
            return None
        return self._honor_batch([(vid, name) for vid, name, _ in chosen], open_after)

    def issue_honors_to_chosen(self, *, open_after: bool = True) -> str | None:
        """People picked by hand (e.g. elected by the village), whatever their hours."""
        picker = VolunteerPickerDialog(self.store, "选择获得荣誉的志愿者", "选定", self)
        if not picker.exec() or not picker.chosen():
            return None
        return self._honor_batch([(person.id, person.name) for person in picker.chosen()], open_after)

    def _honor_batch(self, chosen: list[tuple[int, str]], open_after: bool) -> str | None:
        year, title = self.year.value(), self.title.text()
        chosen, skipped = skip_honoured(self, self.store, chosen, year=year, title=title)
        if chosen is None:
            return None
        names = "、".join(name for _, name in chosen[:10]) + ("等" if len(chosen) > 10 else "")
        if not self.confirm_batch(len(chosen), names):
            return None
        ids, border, done = [vid for vid, _ in chosen], self.border.isChecked(), []
        path = produce(self, "荣誉证书", lambda out, report: _kept(done, documents.honors(
            self.store, ids, out, year=year, title=title, border=border, progress=report)), open_after=open_after,
            progress=(f"正在出具并排版 {len(ids)} 张荣誉证书…", self.store))
        if done:
            batch = done[0].issued
            self._written(f"已出具荣誉证书 {len(batch)} 张（{batch[0].serial} 至 {batch[-1].serial}）"
                          + (f"，跳过已出具过的 {skipped} 人。" if skipped else "。"))
        return path

    def confirm_batch(self, count: int, names: str) -> bool:
        """Says how many people, pages and MB before anything starts; a large batch is asked about twice."""
        return confirm(self, "批量出具荣誉证书", batch_question(count, names, "出具荣誉证书并登记编号"))

    def reprint(self, *, open_after: bool = True) -> str | None:
        serial = self.selected_serial()
        if not serial:
            return None
        kind = "志愿服务记录证明" if certificates.get(self.store, serial).kind == certificates.SERVICE_RECORD else "荣誉证书"
        path = produce(self, kind, lambda out: documents.reprint(self.store, serial, out).pages, open_after=open_after,
                       name=f"{kind}-{serial}-补打")
        if path:
            self.status_message.emit(f"已补打 {serial}：纸上注明“补打件”和原出具日期，已记入操作日志。")
        return path

    def mark_recognised(self) -> None:
        rows = sorted({i.row() for i in self.milestones.selectedIndexes()})
        for row in rows:
            m = self.milestones.model().row(row)
            certificates.mark_recognised(self.store, m.volunteer_id, m.level)
        if rows:
            self._written(f"已标记 {len(rows)} 人为已表彰。")

    def print_public_list(self, *, open_after: bool = True) -> str | None:
        today = date.today()
        start = today.replace(day=1)
        return produce(self, "证书公示", lambda out: documents.public_list(self.store, start, today, out).pages,
                       open_after=open_after)

    def void(self) -> None:
        serial = self.selected_serial()
        if not serial:
            return
        reason = QLineEdit()
        if form_dialog(self, f"作废证书：{serial}", [("", QLabel("记录会保留，编号不再使用。")), ("原因*：", reason)], "作废",
                       submit=lambda: certificates.void(self.store, serial, reason=reason.text())):
            self._written(f"{serial} 已作废。")

    def verify(self) -> None:
        text = self.verify_input.text()
        self.verify_input.clear()
        if text.strip():
            try:
                verdict = certificates.verify(self.store, text)
            except UserError as exc:  # characters no serial or code holds: said, not compared
                self.verdict.setText(str(exc))
                self.verdict.setStyleSheet(f"color: {VERDICT_COLOURS['needs_code']}; font-size: {style.FONT_HEADING}px;")
                return
            self.verdict.setText(verdict.message)
            self.verdict.setStyleSheet(f"color: {VERDICT_COLOURS[verdict.status]}; font-size: {style.FONT_HEADING}px;")

    def edit_template(self) -> None:
        current = certificates.honor_template(self.store)
        lines = [QLineEdit(current.lines[i] if i < len(current.lines) else "") for i in range(4)]
        dx, dy = QDoubleSpinBox(), QDoubleSpinBox()
        for spin, value in ((dx, current.offset_x_mm), (dy, current.offset_y_mm)):
            spin.setRange(-50, 50)
            spin.setSuffix(" 毫米")
            spin.setValue(value)
        rows = [("", QLabel("可用字段：{name} 姓名，{year} 年度，{title} 称号")),
                *((f"第 {i} 行：", edit) for i, edit in enumerate(lines, start=1)),
                ("文字右移（套打微调）：", dx), ("文字上移（套打微调）：", dy)]
        if form_dialog(self, "荣誉证书模板", rows, "保存", submit=lambda: certificates.save_honor_template(
                self.store, certificates.HonorTemplate(tuple(e.text() for e in lines), dx.value(), dy.value()))):
            self.status_message.emit("荣誉证书模板已保存，之后出具的证书按新模板。")

    def edit_issuer(self) -> None:
        current = certificates.issuer(self.store)
        fields = {key: QLineEdit(getattr(current, key)) for key in ("name", "manager", "handler", "contact", "prefix")}
        full_id = QCheckBox("志愿者本人的证明上显示完整证件号码")
        full_id.setChecked(current.full_id_on_certificate)
        rows = [(f"{label}：", fields[key]) for key, label in (
            ("name", "出具单位（以其名义出具）"), ("manager", "负责人"), ("handler", "经办人"), ("contact", "联系电话"),
            ("prefix", "证书编号前缀"))]
        if form_dialog(self, "出具单位设置", [*rows, ("", full_id)], "保存", submit=lambda: certificates.save_issuer(
                self.store, replace(current, **{k: e.text().strip() for k, e in fields.items()},
                                    full_id_on_certificate=full_id.isChecked()))):
            self.status_message.emit("出具单位设置已保存。")


def ask_about_repeats(parent, count: int, names: str, year: int, title: str) -> str | None:
    """Some of a 荣誉证书 batch already hold one for this year and title: "skip" them (the default),
    issue "again", or None to cancel. Tests replace this function."""
    box = QMessageBox(QMessageBox.Icon.Question, "荣誉证书",
                      f"其中 {count} 人（{names}）已出具过 {year} 年“{title}”荣誉证书。\n\n"
                      "跳过他们，只为其余的人出具？（原件遗失请在登记簿中“补打”。）", parent=parent)
    skip = box.addButton("跳过已出具的", QMessageBox.ButtonRole.AcceptRole)
    again = box.addButton("仍为他们再出具", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(skip)
    box.exec()
    return {skip: "skip", again: "again"}.get(box.clickedButton())


def skip_honoured(parent, store, chosen: list[tuple[int, str]], *, year: int, title: str) -> tuple[list | None, int]:
    """(who to issue to, how many were skipped) for a 荣誉证书 batch: those who already hold one for this
    year and title are left out unless the operator asks to issue again; (None, 0) if cancelled or no one
    is left."""
    done = certificates.already_honoured(store, [vid for vid, _ in chosen], year=year, title=title)
    if not done:
        return chosen, 0
    names = "、".join([name for vid, name in chosen if vid in done][:10]) + ("等" if len(done) > 10 else "")
    answer = ask_about_repeats(parent, len(done), names, year, title.strip())
    if answer == "again":
        return chosen, 0
    left = [(vid, name) for vid, name in chosen if vid not in done]
    if answer is None or not left:
        if answer is not None:
            warn(parent, "荣誉证书", f"所选的人都已出具过 {year} 年“{title.strip()}”荣誉证书，没有新出具。")
        return None, 0
    return left, len(done)


def batch_question(count: int, names: str, what: str) -> str:
    """The question before a 荣誉证书 batch: who, how many pages and how big a file, and a warning when large."""
    plan = certificates.plan_honors(count)
    text = f"将为 {count} 名志愿者（{names}）{what}。\n\n{plan.describe()}。"
    if plan.large:
        text += (f"\n\n这一批超过 {certificates.LARGE_BATCH} 张，打印要用很多纸。如只需表彰少数人，"
                 "请先取消，提高“时长不少于”或改用“手动选人出具”。")
    return text + "\n\n继续吗？"


def _kept(into: list, printed) -> int:
    """Keep what a printout issued for the message after it; return its page count for `produce`."""
    into.append(printed)
    return printed.pages
