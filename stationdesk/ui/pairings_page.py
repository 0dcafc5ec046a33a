"""结对共建 page: civilized units, their agreements, and this year's commitments against what was done."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from stationdesk.domain.pairing import (
    ASPECTS,
    BEHIND,
    CO_HOSTED,
    FULFILMENT_LABELS,
    MET,
    STATUS_LABELS,
    TITLE_LEVELS,
    UNIT_KINDS,
)
from stationdesk.services import documents, pairings
from stationdesk.services.pairings import DEFAULT_COMMITMENTS, UnitDraft
from stationdesk.ui import style
from stationdesk.ui.errors import reported, warn
from stationdesk.ui.pdf_preview import printout_path, produce
from stationdesk.ui.rows_model import rows_table, select_key, selected_key, show_rows
from stationdesk.ui.volunteer_picker import VolunteerPickerDialog
from stationdesk.ui.widgets import (
    PANE_MIN,
    FormDialog,
    LazyPage,
    action_row,
    confirm,
    date_edit,
    form_dialog,
    labelled,
)

STATUS_COLOURS = {MET: style.DONE_SOFT, BEHIND: style.BEHIND_SOFT}



class UnitDialog(FormDialog):
    def __init__(self, store, unit_id: int | None = None, parent=None, *, submit=None):
        self.name = QLineEdit()
        self.level = QComboBox()
        self.level.addItems(["", *TITLE_LEVELS])
        self.year = QSpinBox()
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText("（未填）")
        self.kind = QComboBox()
        self.kind.addItems(["", *UNIT_KINDS])
        self.address = QLineEdit()
        self.contact = QLineEdit()
        self.phone = QLineEdit()
        self.note = QLineEdit()
        super().__init__(parent, "编辑文明单位" if unit_id else "新增文明单位",
                         [("单位名称*：", self.name), ("文明单位称号：", self.level), ("获评年份：", self.year),
                          ("单位类型：", self.kind), ("地址：", self.address), ("联系人：", self.contact),
                          ("联系电话：", self.phone), ("备注：", self.note)], "保存", submit=submit)
        if unit_id:
            d = pairings.unit_draft(store, unit_id)
            self.name.setText(d.name)
            self.level.setCurrentText(d.title_level)
            self.year.setValue(d.title_year or 0)
            self.kind.setCurrentText(d.kind)
            self.address.setText(d.address)
            self.contact.setText(d.contact_person)
            self.phone.setText(d.contact_phone)
            self.note.setText(d.note)

    def draft(self) -> UnitDraft:
        return UnitDraft(name=self.name.text(), title_level=self.level.currentText(),
                         title_year=self.year.value() or None, kind=self.kind.currentText(),
                         address=self.address.text().strip(), contact_person=self.contact.text().strip(),
                         contact_phone=self.phone.text(), note=self.note.text().strip())


class PairingDialog(FormDialog):
    """A new agreement: dates, signatories and the yearly target of each of the four aspects."""

    def __init__(self, parent=None, *, submit=None):
        today = date.today()
        self.signed = date_edit(today)
        self.starts = date_edit(today)
        self.ends = date_edit(today.replace(year=today.year + 3))
        self.unit_signatory = QLineEdit()
        self.station_signatory = QLineEdit()
        targets = QWidget()
        grid = QGridLayout(targets)
        grid.setContentsMargins(0, 0, 0, 0)
        self.targets: list[QSpinBox] = []
        for row, (aspect, text, target) in enumerate(DEFAULT_COMMITMENTS):
            spin = QSpinBox()
            spin.setRange(1, 99)
            spin.setValue(target)
            spin.setSuffix(" 次/年")
            self.targets.append(spin)
            grid.addWidget(QLabel(f"{aspect}：{text}"), row, 0)
            grid.addWidget(spin, row, 1)
        super().__init__(parent, "新建结对共建协议",
                         [("签订日期：", self.signed), ("开始日期：", self.starts), ("结束日期：", self.ends),
                          ("甲方（单位）签字人：", self.unit_signatory), ("乙方（本站）签字人：", self.station_signatory),
                          ("共建承诺：", targets)], "保存", submit=submit)

    def commitments(self) -> list[tuple[str, str, int]]:
        return [(aspect, text, spin.value()) for (aspect, text, _), spin in zip(DEFAULT_COMMITMENTS, self.targets,
                                                                                 strict=True)]


class EntryDialog(FormDialog):
    """Record something done for a commitment: when, what, how many people."""

    def __init__(self, rows, parent=None, *, submit=None):
        self.commitment = QComboBox()
        for r in rows:
            if r.aspect != CO_HOSTED:
                self.commitment.addItem(f"{r.aspect}：{r.text}", r.id)
        self.day = date_edit(date.today())
        self.what = QLineEdit()
        self.what.setPlaceholderText("如：在单位会议室开展志愿者培训")
        self.people = QSpinBox()
        self.people.setRange(0, 100000)
        super().__init__(parent, "登记履行情况",
                         [("承诺：", self.commitment), ("日期：", self.day), ("内容：", self.what),
                          ("参与人数：", self.people),
                          ("", QLabel("“活动共办”不在此登记：在活动中选择本结对协议即自动计数。"))], "保存", submit=submit)


class PairingsPage(LazyPage):
    shows = frozenset({"unit", "pairing", "commitment", "activity", "volunteer"})  # co-hosted activities count toward commitments

    def __init__(self, store, parent=None):
        super().__init__(store, parent)
        self.year = QComboBox()
        this_year = date.today().year
        for y in range(this_year + 1, this_year - 6, -1):
            self.year.addItem(f"{y} 年", y)
        self.year.setCurrentIndex(1)
        self.year.currentIndexChanged.connect(lambda _: self._show_commitments())
        self._scanned: set[int] = set()
        self.units = rows_table(  # names whole; scroll for the rest
            [("单位名称", lambda u: u.name), ("称号", lambda u: u.title_level), ("类型", lambda u: u.kind),
             ("联系人", lambda u: u.contact_person), ("联系电话", lambda u: u.contact_phone_masked),
             ("联络员", lambda u: u.liaison), ("协议（份）", lambda u: str(u.pairings))], numbers=(6,), stretch=0,
            empty="还没有结对单位。点“新增单位”登记第一家。")
        self.units.setObjectName("unitTable")
        self.units.selectionModel().selectionChanged.connect(self._show_pairings)
        self.agreements = rows_table(
            [("协议期限", lambda p: f"{p.starts_on} 至 {p.term.last_day}"), ("状态", lambda p: STATUS_LABELS[p.status]),
             ("签订日期", lambda p: str(p.signed_on)), ("扫描件", lambda p: "有" if p.id in self._scanned else "—")],
            stretch=0, empty="在左侧选择单位；没有协议时点“新建协议”。")
        self.agreements.selectionModel().selectionChanged.connect(self._show_commitments)
        self.commitments = rows_table(
            [("共建方面", lambda r: r.aspect), ("承诺内容", lambda r: r.text), ("年度目标（次）", lambda r: str(r.target)),
             ("已完成（次）", lambda r: str(r.done)), ("情况", lambda r: FULFILMENT_LABELS[r.status])],
            tint=lambda r: STATUS_COLOURS.get(r.status), stretch=1, numbers=(2, 3),
            empty="选择一份协议查看承诺；没有承诺时在“更多”里点“添加承诺”。")
        self.commitments.setObjectName("commitmentTable")
        self.summary = QLabel()

        unit_buttons = action_row([("新增单位", self.add_unit), ("编辑单位", self.edit_unit)],
                                  [("联络员…", self.choose_liaison), ("归档单位", self.archive_unit)], table=self.units)
        pairing_buttons = action_row(
            [("新建协议", self.new_pairing), ("登记履行", self.log_entry), ("打印协议书", self.print_agreement)],
            [("添加承诺", self.add_commitment), ("提前终止", self.end_pairing), ("扫描件…", self.attach_scan),
             ("查看扫描件", self.open_scan), ("年度工作情况", self.print_report), ("感谢信", self.print_thanks)],
            table=self.agreements)
        pairing_buttons.addWidget(labelled("年度：", self.year))

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(unit_buttons)
        left_layout.addWidget(self.units)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(pairing_buttons)
        right_layout.addWidget(QLabel("结对协议"))
        right_layout.addWidget(self.agreements, 1)
        note = QLabel("本年承诺与完成情况（活动共办按关联的活动自动计数）")
        note.setWordWrap(True)
        right_layout.addWidget(note)
        right_layout.addWidget(self.commitments, 2)
        right_layout.addWidget(self.summary)
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        for pane in (left, right):  # each pane's buttons wrap: a narrow screen keeps both panes usable
            pane.setMinimumWidth(PANE_MIN)
            splitter.addWidget(pane)
        splitter.setSizes([430, 600])
        QVBoxLayout(self).addWidget(splitter)

    # -- views -----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._stale = False
        show_rows(self.units, pairings.list_units(self.store))
        self._show_pairings()

    def show_pairing(self, pairing_id: int) -> None:
        """From a 首页 link: its unit, the agreement and its commitments this year."""
        self.refresh()
        select_key(self.units, pairings.get_pairing(self.store, pairing_id).unit_id)
        select_key(self.agreements, pairing_id)

    def unit_id(self) -> int | None:
        return selected_key(self.units)

    def pairing_id(self) -> int | None:
        return selected_key(self.agreements)

    def _show_pairings(self) -> None:
        unit = self.unit_id()
        rows = pairings.list_pairings(self.store, unit_id=unit) if unit else []
        self._scanned = {p.id for p in rows if pairings.scan_of(self.store, p.id)}
        show_rows(self.agreements, rows)
        self._show_commitments()

    def _show_commitments(self) -> None:
        pid = self.pairing_id()
        year = self.year.currentData()
        rows = pairings.fulfilment_for_year(self.store, pid, year) if pid else []
        show_rows(self.commitments, rows)
        behind = [r.aspect for r in rows if r.status == BEHIND]
        self.summary.setText(("本年落后：" + "、".join(behind)) if behind else ("各项承诺进度正常" if rows else ""))

    def _after_write(self, message: str) -> None:
        self.refresh()
        self.changed.emit()
        self.status_message.emit(message)

    # -- actions ---------------------------------------------------------------------------------------------
    def add_unit(self) -> None:
        dialog = UnitDialog(self.store, parent=self, submit=lambda: pairings.add_unit(self.store, dialog.draft()))
        if dialog.exec():
            self._after_write("已新增文明单位。下一步：新建结对协议。")

    def edit_unit(self) -> None:
        unit = self.unit_id()
        if unit is None:
            return
        dialog = UnitDialog(self.store, unit, self, submit=lambda: pairings.update_unit(self.store, unit, dialog.draft()))
        if dialog.exec():
            self._after_write("单位信息已保存。")

    def archive_unit(self) -> None:
        unit = self.unit_id()
        if unit and confirm(self, "归档单位", "把这个单位移入归档？它的协议和履行记录都会保留。"):
            pairings.set_unit_archived(self.store, unit, True)
            self._after_write("单位已归档。")

    def new_pairing(self) -> None:
        unit = self.unit_id()
        if unit is None:
            warn(self, "新建协议", "请先在左侧选择或新增一个文明单位。")
            return
        dialog = PairingDialog(self, submit=lambda: pairings.create_pairing(
            self.store, unit, signed_on=dialog.signed.date().toPython(), starts_on=dialog.starts.date().toPython(),
            ends_on=dialog.ends.date().toPython(), unit_signatory=dialog.unit_signatory.text(),
            station_signatory=dialog.station_signatory.text(), commitments=dialog.commitments()))
        if dialog.exec():
            self._after_write("结对协议已保存。")

    def end_pairing(self) -> None:
        pid = self.pairing_id()
        if pid is None:
            return
        day, reason = date_edit(date.today()), QLineEdit()
        if form_dialog(self, "提前终止协议", [("终止日期：", day), ("原因*：", reason)], "终止协议",
                       submit=lambda: pairings.end_pairing(self.store, pid, on=day.date().toPython(),
                                                           reason=reason.text())):
            self._after_write("协议已提前终止，记录保留。")

    def choose_liaison(self) -> None:
        unit = self.unit_id()
        if unit is None:
            return
        picker = VolunteerPickerDialog(self.store, "选择本站联络员", "设为联络员", self)
        if picker.exec() and picker.chosen_ids():
            pairings.set_liaison(self.store, unit, picker.chosen_ids()[0])
            self._after_write("联络员已设置。")

    def attach_scan(self, path: str | None = None) -> None:
        pid = self.pairing_id()
        if pid is None:
            return
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "选择协议扫描件", "", "扫描件 (*.pdf *.jpg *.jpeg *.png)")
        if path:
            with reported(self, "扫描件没有保存"):
                pairings.attach_scan(self.store, pid, path)
                self._after_write("扫描件已保存，会随数据库一起备份。")

    def open_scan(self) -> None:
        pid = self.pairing_id()
        scan = pairings.scan_of(self.store, pid) if pid else None
        if scan is None:
            warn(self, "查看扫描件", "这份协议还没有上传扫描件。")
            return
        name, data = scan
        target = printout_path(f"协议扫描件-{Path(name).stem}", Path(name).suffix.lower())
        target.write_bytes(data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def add_commitment(self) -> None:
        pid = self.pairing_id()
        if pid is None:
            return
        aspect, text, target = QComboBox(), QLineEdit(), QSpinBox()
        aspect.setEditable(True)
        aspect.addItems([*ASPECTS, "工作共管"])
        target.setRange(1, 99)
        target.setSuffix(" 次/年")
        if form_dialog(self, "添加承诺", [("共建方面：", aspect), ("承诺内容：", text), ("年度目标：", target)], "保存",
                       submit=lambda: pairings.add_commitment(self.store, pid, aspect=aspect.currentText(),
                                                              text=text.text(), target=target.value())):
            self._after_write("承诺已添加。")

    def log_entry(self) -> None:
        pid = self.pairing_id()
        if pid is None:
            return
        dialog = EntryDialog(pairings.fulfilment_for_year(self.store, pid, self.year.currentData()), self,
                             submit=lambda: pairings.log_entry(self.store, dialog.commitment.currentData(),
                                                               happened_on=dialog.day.date().toPython(),
                                                               what=dialog.what.text(), people=dialog.people.value()))
        if dialog.exec():
            self._after_write("履行情况已登记。")

    def _paper(self, kind: str, path: str | None, open_after: bool) -> str | None:
        pid = self.pairing_id()
        if pid is None:
            return None
        year = self.year.currentData()
        which = {"结对共建协议书": "agreement", "年度结对共建工作情况": "pairing-report", "感谢信": "thanks"}[kind]
        name = f"{kind}-{pairings.get_pairing(self.store, pid).unit_name}" + (f"-{year}年" if year and which != "agreement" else "")
        return produce(self, kind, lambda out: documents.pairing_paper(self.store, which, pid, year, out).pages, path,
                       open_after=open_after, name=name)

    def print_agreement(self, path: str | None = None, *, open_after: bool = True):
        return self._paper("结对共建协议书", path, open_after)

    def print_report(self, path: str | None = None, *, open_after: bool = True):
        return self._paper("年度结对共建工作情况", path, open_after)

    def print_thanks(self, path: str | None = None, *, open_after: bool = True):
        return self._paper("感谢信", path, open_after)


