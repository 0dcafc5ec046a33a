"""荣誉礼遇 page: titles given to people (身边好人, 道德模范, 最美志愿者 …) and the 礼遇 they received."""

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from stationdesk.services import documents, honours
from stationdesk.ui.certificates_page import batch_question, skip_honoured
from stationdesk.ui.errors import warn
from stationdesk.ui.pdf_preview import produce
from stationdesk.ui.rows_model import rows_table, selected_key, show_keys, show_rows
from stationdesk.ui.volunteer_picker import VolunteerPickerDialog
from stationdesk.ui.widgets import (
    FlowLayout,
    LazyPage,
    add_buttons,
    confirm,
    date_edit,
    form_dialog,
    labelled,
    year_combo,
)


class HonoursPage(LazyPage):
    shows = frozenset({"honor", "volunteer", "certificate"})

    def __init__(self, store, parent=None):
        super().__init__(store, parent)
        self.year = year_combo(everything="全部年度")
        self.year.currentIndexChanged.connect(lambda _: self.refresh())
        self.honors = rows_table(
            [("年度", lambda h: str(h.year)), ("荣誉称号", lambda h: h.title), ("级别", lambda h: h.level),
             ("获得者", lambda h: h.person_name + ("" if h.volunteer_id else "（群众）")),
             ("授予单位", lambda h: h.conferred_by), ("事迹", lambda h: h.deeds),
             ("礼遇（项）", lambda h: str(h.courtesies) if h.courtesies else "")],
            lambda ids: honours.honors_by_id(self.store, ids), stretch=5, numbers=(6,),
            empty="这一年还没有登记荣誉。点“登记荣誉”添加。")  # a county's 5,000 a year
        self.honors.setObjectName("honorTable")
        self.honors.selectionModel().selectionChanged.connect(self._fill_courtesies)
        self.courtesies = rows_table([("日期", lambda c: f"{c.given_on}"), ("礼遇", lambda c: c.what),
                                      ("备注", lambda c: c.note)], stretch=2,
                                     empty="还没有礼遇。选中一项荣誉，点“给予礼遇”登记。")
        self.courtesy_title = QLabel("礼遇")
        top = FlowLayout()
        top.addWidget(labelled("年度：", self.year))
        add_buttons(top, (("登记荣誉", self.add_honor), ("给予礼遇", self.give_courtesy), ("删除误录", self.remove),
                          ("为本称号获得者出具荣誉证书", self.issue_certificates)))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.honors, 3)
        layout.addWidget(self.courtesy_title)
        layout.addWidget(self.courtesies, 1)

    def refresh(self) -> None:
        self._stale = False
        show_keys(self.honors, honours.honor_ids(self.store, year=self.year.currentData()))
        self._fill_courtesies()

    def honor_id(self) -> int | None:
        return selected_key(self.honors)

    def _current(self):
        row = self.honors.model().row_of(self.honor_id())
        return self.honors.model().row(row) if row is not None else None

    def _fill_courtesies(self) -> None:
        h = self._current()
        self.courtesy_title.setText(f"{h.person_name} 获得的礼遇" if h else "礼遇")
        rows = honours.courtesies(self.store, h.id) if h else []
        show_rows(self.courtesies, rows)

    def _written(self, message: str) -> None:
        self.refresh()
        self.changed.emit()
        self.status_message.emit(message)

    def ask_honor(self, save) -> dict | None:
        """The form, saved by `save(values)` while it is open: a refusal keeps it open with what was typed."""
        title = QComboBox()
        title.setEditable(True)
        title.addItems(honours.TITLES)
        level = QComboBox()
        level.addItems(honours.LEVELS)
        year = QSpinBox()
        year.setRange(1949, date.today().year + 1)
        year.setValue(self.year.currentData() or date.today().year)
        chosen: list[int] = []
        person = QLineEdit()
        person.setPlaceholderText("获得者不是志愿者时填写姓名")
        pick = QPushButton("从志愿者中选择…")

        def choose():
            picker = VolunteerPickerDialog(self.store, "获得荣誉的志愿者", "选定", self)
            if picker.exec() and picker.chosen():
                chosen[:] = picker.chosen_ids()[:1]
                person.setText(picker.chosen()[0].name)
                person.setReadOnly(True)

        pick.clicked.connect(choose)
        conferred, deeds = QLineEdit(), QLineEdit()
        conferred.setPlaceholderText("如：县文明办")

        def values():
            return dict(title=title.currentText(), level=level.currentText(), year=year.value(),
                        volunteer_id=chosen[0] if chosen else None, person_name=person.text(),
                        conferred_by=conferred.text(), deeds=deeds.text())

        if not form_dialog(self, "登记荣誉", [("荣誉称号*：", title), ("级别：", level), ("年度：", year), ("志愿者：", pick),
                                          ("获得者*：", person), ("授予单位：", conferred), ("主要事迹：", deeds)], "登记",
                           submit=lambda: save(values())):
            return None
        return values()

    def add_honor(self) -> None:
        values = self.ask_honor(lambda values: honours.add_honor(self.store, **values))
        if values is not None:
            self._written(f"已登记 {values['person_name']} 的“{values['title']}”。")

    def give_courtesy(self) -> None:
        h = self._current()
        if h is None:
            return
        what = QComboBox()
        what.setEditable(True)
        what.addItems(honours.COURTESIES)
        given = date_edit()
        note = QLineEdit()
        if form_dialog(self, f"给予礼遇：{h.person_name}", [("礼遇*：", what), ("日期：", given), ("备注：", note)], "记录",
                       submit=lambda: honours.give_courtesy(self.store, h.id, what.currentText(),
                                                            given.date().toPython(), note.text())):
            self._written("已记录礼遇。")

    def remove(self) -> None:
        h = self._current()
        if h is None or not confirm(self, "删除荣誉记录", f"删除 {h.person_name} 的“{h.title}”及其礼遇记录？只用于更正误录。"):
            return
        reason = QLineEdit()
        if form_dialog(self, "删除原因", [("原因*：", reason)], "删除",
                       submit=lambda: honours.remove_honor(self.store, h.id, reason.text())):
            self._written("已删除（删除记录保留在操作日志中）。")

    def issue_certificates(self, *, open_after: bool = True) -> str | None:
        """荣誉证书 for every volunteer holding the selected honour's title that year."""
        h = self._current()
        if h is None:
            return None
        people = honours.honored_people(self.store, h.year, h.title)
        if not people:
            warn(self, "荣誉证书", f"{h.year} 年“{h.title}”的获得者中没有志愿者（群众不在志愿者花名册中，无法出具编号证书）。")
            return None
        chosen, skipped = skip_honoured(self, self.store, people, year=h.year, title=h.title)
        if chosen is None:
            return None
        ids = [vid for vid, _ in chosen]
        skip_note = f"（已出具过的 {skipped} 人跳过）" if skipped else ""
        names = "、".join(name for _, name in chosen[:10]) + ("等" if len(chosen) > 10 else "")
        if not confirm(self, "出具荣誉证书", batch_question(len(ids), names, f"出具 {h.year} 年“{h.title}”荣誉证书并登记编号"
                                                                      f"{skip_note}")):
            return None
        path = produce(self, "荣誉证书", lambda out, report: documents.honors(
            self.store, ids, out, year=h.year, title=h.title, progress=report).pages, open_after=open_after,
            progress=(f"正在出具并排版 {len(ids)} 张荣誉证书…", self.store))
        if path:
            self.changed.emit()
            self.status_message.emit(f"已出具荣誉证书 {len(ids)} 张{skip_note}。")
        return path
