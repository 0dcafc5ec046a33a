"""站务 page: the station's own records — 阵地/场所, 制度, 会议与研究部署, the 常住人口 behind the 志愿者注册率,
and the 年度工作总结 (drafted from the year's figures, edited and saved per year) — and the 测评自查 scored
from them (ui.assessment_page)."""

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from stationdesk.services import station_records as records
from stationdesk.ui.assessment_page import AssessmentPage
from stationdesk.ui.errors import reported
from stationdesk.ui.rows_model import rows_table, selected_key, show_rows
from stationdesk.ui.widgets import LazyPage, add_buttons, confirm, date_edit, form_dialog, year_combo


def _text_box(text: str = "", height: int = 90) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setMinimumHeight(height)
    return box


def _one_line(text: str) -> str:
    return " ".join(text.split())


class StationRecordsPage(LazyPage):
    # Its own records, and what the 测评自查 tab scores from (activities and their photos, teams, trainings,
    # agreements, funds): the other tabs are a few short lists, the score is computed when its tab is seen.
    shows = frozenset({"venue", "station_rule", "meeting", "work_summary", "setting", "volunteer", "assessment",
                       "activity", "activity_photo", "participation", "team", "training", "pairing", "commitment",
                       "unit", "fund_entry"})

    def __init__(self, store, parent=None):
        super().__init__(store, parent)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._venues_tab(), "阵地与场所")
        self.tabs.addTab(self._rules_tab(), "规章制度")
        self.tabs.addTab(self._meetings_tab(), "会议与研究部署")
        self.tabs.addTab(self._summary_tab(), "注册率与年度总结")
        self.assessment = AssessmentPage(store)
        self.assessment.changed.connect(self.changed)
        self.assessment.status_message.connect(self.status_message)
        self.tabs.addTab(self.assessment, "测评自查")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    # The four tabs ---------------------------------------------------------------------------------

    def _venues_tab(self) -> QWidget:
        self.venues = rows_table([("名称", lambda v: v.name), ("类型", lambda v: v.kind), ("面积", lambda v: v.area_text),
                                  ("开放时间", lambda v: v.opening_hours), ("照片", lambda v: "有" if v.has_photo else ""),
                                  ("说明", lambda v: _one_line(v.note))], stretch=5,
                                 empty="还没有登记阵地。点“新增阵地”登记文化活动室、道德讲堂等场所。")
        self.venues.setObjectName("venues")
        self.venues.doubleClicked.connect(lambda _: self.edit_venue())
        return self._tab(self.venues, (("新增阵地", self.add_venue), ("修改", self.edit_venue),
                                       ("删除", self.remove_venue)))

    def _rules_tab(self) -> QWidget:
        self.rules = rows_table([("通过日期", lambda r: f"{r.adopted_on}"), ("制度名称", lambda r: r.title),
                                 ("内容", lambda r: _one_line(r.body)[:80])], stretch=2,
                                empty="还没有登记制度。点“新增制度”录入工作制度的全文。")
        self.rules.setObjectName("rules")
        self.rules.doubleClicked.connect(lambda _: self.edit_rule())
        return self._tab(self.rules, (("新增制度", self.add_rule), ("修改", self.edit_rule), ("删除", self.remove_rule)))

    def _meetings_tab(self) -> QWidget:
        self.meeting_year = year_combo(everything="全部年度")
        self.meeting_year.currentIndexChanged.connect(lambda _: self._show_meetings())
        self.meetings = rows_table([("日期", lambda m: f"{m.held_on}"), ("参会人员", lambda m: _one_line(m.attendees)),
                                    ("议题", lambda m: _one_line(m.topics)),
                                    ("研究部署", lambda m: _one_line(m.decisions))], stretch=3,
                                   empty="这一年还没有会议记录。点“登记会议”记下联席会议和研究部署。")
        self.meetings.setObjectName("meetings")
        self.meetings.doubleClicked.connect(lambda _: self.edit_meeting())
        return self._tab(self.meetings, (("登记会议", self.add_meeting), ("修改", self.edit_meeting),
                                         ("删除", self.remove_meeting)), lead=("年度：", self.meeting_year))

    def _summary_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        row = QHBoxLayout()
        row.addWidget(QLabel("常住人口："))
        self.population = QLineEdit()
        self.population.setObjectName("population")
        self.population.setPlaceholderText("人数，如 2300")
        self.population.setMaximumWidth(160)
        row.addWidget(self.population)
        save = QPushButton("保存常住人口")
        save.clicked.connect(self.save_population)
        row.addWidget(save)
        self.rate = QLabel()
        self.rate.setObjectName("registrationRate")
        row.addWidget(self.rate, 1)
        column.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel("年度工作总结："))
        self.summary_year = year_combo()
        self.summary_year.currentIndexChanged.connect(lambda _: self._show_summary())
        row.addWidget(self.summary_year)
        add_buttons(row, (("按本年数据起草", self.redraft), ("保存总结", self.save_summary)))
        self.summary_state = QLabel()
        row.addWidget(self.summary_state, 1)
        column.addLayout(row)
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("summary")
        column.addWidget(self.summary, 1)
        return tab

    def _tab(self, table, buttons, *, lead: tuple[str, QComboBox] | None = None) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        row = QHBoxLayout()
        if lead:
            row.addWidget(QLabel(lead[0]))
            row.addWidget(lead[1])
        add_buttons(row, buttons)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(table, 1)
        return tab

    # Showing ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self._stale = False
        show_rows(self.venues, records.list_venues(self.store))
        show_rows(self.rules, records.list_rules(self.store))
        self._show_meetings()
        self._show_rate()
        self._show_summary(keep_edits=True)  # a save elsewhere on the page must not wipe a 总结 being written
        self.assessment.mark_stale()  # scored again when its tab is seen

    def _show_meetings(self) -> None:
        show_rows(self.meetings, records.list_meetings(self.store, year=self.meeting_year.currentData()))

    def _show_rate(self) -> None:
        reg = records.registration(self.store)
        if not self.population.hasFocus():
            self.population.setText(str(reg.population or ""))
        self.rate.setText(f"志愿者注册率：{reg.text}")

    def _show_summary(self, *, keep_edits: bool = False) -> None:
        """The year's saved 总结; none yet: an empty box saying how to draft one (a draft computes the year's
        statistics: on request, not on every visit)."""
        if keep_edits and self.summary.document().isModified():
            return
        year = self.summary_year.currentData()
        saved = records.saved_summary(self.store, year)
        self.summary.setPlainText(saved or "")
        self.summary.setPlaceholderText(f"尚未保存{year}年度工作总结。点“按本年数据起草”生成草稿，修改后保存；"
                                        "未保存时，台账印按数据生成的草稿。")
        self._summary_saved(saved is not None)

    def _summary_saved(self, saved: bool, *, draft: bool = False) -> None:
        self.summary.document().setModified(draft)
        self.summary_state.setText("已保存（台账印这一稿）" if saved else
                                   "草稿：按本年数据生成，修改后请保存" if draft else "尚未保存")

    def _written(self, message: str) -> None:
        self.refresh()
        self.changed.emit()
        self.status_message.emit(message)

    def _selected(self, view, fetch):
        key = selected_key(view)
        return fetch(self.store, key) if key is not None else None

    # 阵地 ------------------------------------------------------------------------------------------

    def ask_venue(self, title: str, save, venue=None) -> bool:
        """The venue form; `save(values)` runs while it is open, so a refusal keeps what was typed."""
        name, area, hours = QLineEdit(venue.name if venue else ""), QLineEdit(), QLineEdit()
        if venue and venue.area is not None:
            area.setText(f"{venue.area:g}")
        area.setPlaceholderText("平方米，如 120")
        hours.setText(venue.opening_hours if venue else "")
        hours.setPlaceholderText("如 周一至周五 8:30-17:30")
        kind = QComboBox()
        kind.setEditable(True)
        kind.addItems(records.VENUE_KINDS)
        kind.setCurrentText(venue.kind if venue else records.VENUE_KINDS[0])
        note = _text_box(venue.note if venue else "", 60)
        photo = QLineEdit()
        photo.setPlaceholderText("（不换照片）" if venue and venue.has_photo else "（无照片）")
        pick = QPushButton("选择照片…")
        pick.clicked.connect(lambda: photo.setText(QFileDialog.getOpenFileName(
            self, "选择阵地照片", "", "图片 (*.jpg *.jpeg *.png *.bmp *.webp)")[0] or photo.text()))
        rows = [("名称*：", name), ("类型：", kind), ("面积（平方米）：", area), ("开放时间：", hours),
                ("照片文件：", photo), (" ", pick), ("说明：", note)]

        def values() -> dict:
            return dict(name=name.text(), kind=kind.currentText(), area=area.text(), opening_hours=hours.text(),
                        note=note.toPlainText(), photo=photo.text().strip() or None)

        return form_dialog(self, title, rows, "保存", submit=lambda: save(values()))

    def add_venue(self) -> None:
        if self.ask_venue("新增阵地", lambda v: records.add_venue(self.store, **v)):
            self._written("已新增阵地。")

    def edit_venue(self) -> None:
        venue = self._selected(self.venues, records.get_venue)
        if venue and self.ask_venue("修改阵地", lambda v: records.update_venue(self.store, venue.id, **v), venue):
            self._written("已保存阵地。")

    def remove_venue(self) -> None:
        venue = self._selected(self.venues, records.get_venue)
        if venue and confirm(self, "删除阵地", f"删除阵地“{venue.name}”及其照片？"):
            with reported(self, "没有删除"):
                records.remove_venue(self.store, venue.id)
                self._written("已删除阵地。")

    # 制度 ------------------------------------------------------------------------------------------

    def ask_rule(self, title: str, save, rule=None) -> bool:
        name = QLineEdit(rule.title if rule else "")
        adopted = date_edit(rule.adopted_on if rule else None)
        body = _text_box(rule.body if rule else "", 220)
        rows = [("制度名称*：", name), ("通过日期：", adopted), ("制度全文*：", body)]
        return form_dialog(self, title, rows, "保存", submit=lambda: save(dict(
            title=name.text(), body=body.toPlainText(), adopted_on=adopted.date().toPython())))

    def add_rule(self) -> None:
        if self.ask_rule("新增制度", lambda v: records.add_rule(self.store, **v)):
            self._written("已新增制度。")

    def edit_rule(self) -> None:
        rule = self._selected(self.rules, records.get_rule)
        if rule and self.ask_rule("修改制度", lambda v: records.update_rule(self.store, rule.id, **v), rule):
            self._written("已保存制度。")

    def remove_rule(self) -> None:
        rule = self._selected(self.rules, records.get_rule)
        if rule and confirm(self, "删除制度", f"删除制度“{rule.title}”？"):
            with reported(self, "没有删除"):
                records.remove_rule(self.store, rule.id)
                self._written("已删除制度。")

    # 会议 ------------------------------------------------------------------------------------------

    def ask_meeting(self, title: str, save, meeting=None) -> bool:
        held = date_edit(meeting.held_on if meeting else None)
        attendees = _text_box(meeting.attendees if meeting else "", 50)
        topics = _text_box(meeting.topics if meeting else "", 80)
        decisions = _text_box(meeting.decisions if meeting else "", 100)
        rows = [("会议日期：", held), ("参会人员*：", attendees), ("会议议题*：", topics), ("研究部署：", decisions)]
        return form_dialog(self, title, rows, "保存", submit=lambda: save(dict(
            held_on=held.date().toPython(), attendees=attendees.toPlainText(), topics=topics.toPlainText(),
            decisions=decisions.toPlainText())))

    def add_meeting(self) -> None:
        if self.ask_meeting("登记会议", lambda v: records.add_meeting(self.store, **v)):
            self._written("已登记会议。")

    def edit_meeting(self) -> None:
        meeting = self._selected(self.meetings, records.get_meeting)
        if meeting and self.ask_meeting("修改会议记录", lambda v: records.update_meeting(self.store, meeting.id, **v),
                                        meeting):
            self._written("已保存会议记录。")

    def remove_meeting(self) -> None:
        meeting = self._selected(self.meetings, records.get_meeting)
        if meeting and confirm(self, "删除会议记录", f"删除 {meeting.held_on} 的会议记录？"):
            with reported(self, "没有删除"):
                records.remove_meeting(self.store, meeting.id)
                self._written("已删除会议记录。")

    # 常住人口 and the 总结 ----------------------------------------------------------------------------

    def save_population(self) -> None:
        with reported(self, "没有保存常住人口"):
            records.set_population(self.store, self.population.text())
            self.population.clearFocus()
            self._written("已保存常住人口。")

    def redraft(self) -> None:
        year = self.summary_year.currentData()
        if self.summary.toPlainText().strip() and not confirm(
                self, "重新起草", f"用{year}年的数据重新起草？编辑框里的内容会被替换（已保存的一稿在再次保存前不变）。"):
            return
        with reported(self, "没有起草"):
            self.summary.setPlainText(records.draft_summary(self.store, year))
            self._summary_saved(False, draft=True)

    def save_summary(self) -> None:
        year = self.summary_year.currentData()
        with reported(self, "没有保存总结"):
            records.save_summary(self.store, year, self.summary.toPlainText())
            self._summary_saved(True)
            self.changed.emit()
            self.status_message.emit(f"已保存{year}年度工作总结。")
