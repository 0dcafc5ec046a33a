"""测评自查 (a tab of 站务): the station's score for a year against the sheet it keeps — each item with its
points, score, status and what is missing — the hand-scored items judged with evidence, the county's sheet
imported and exported as xlsx, and the 自评表 printed."""

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from stationdesk.domain.assessment import number
from stationdesk.files import suggested_path
from stationdesk.services import assessment, documents
from stationdesk.ui.errors import reported
from stationdesk.ui.pdf_preview import produce
from stationdesk.ui.rows_model import rows_table, selected_key, show_rows
from stationdesk.ui.style import set_role
from stationdesk.ui.widgets import LazyPage, action_row, confirm, form_dialog, labelled, year_combo

EVIDENCE_PHOTOS = "图片 (*.jpg *.jpeg *.png *.bmp *.webp *.gif *.tif *.tiff)"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _got(row) -> str:
    """A (section, ItemScore) row's score: — while it waits for a judgement."""
    return "—" if row[1].score is None else number(row[1].score)


class AssessmentPage(LazyPage):
    shows = None  # shown as a tab of 站务 (StationRecordsPage.shows names what its score reads)

    def __init__(self, store, parent=None):
        super().__init__(store, parent)
        self.result = None
        column = QVBoxLayout(self)
        self.year = year_combo()
        self.year.currentIndexChanged.connect(lambda _: self.refresh())
        self.total = QLabel()
        self.total.setObjectName("assessmentTotal")
        self.total.setWordWrap(True)
        set_role(self.total, "heading")
        column.addWidget(self.total)
        self.source = QLabel()
        self.source.setObjectName("assessmentSheet")
        self.source.setWordWrap(True)
        set_role(self.source, "hint")
        column.addWidget(self.source)
        # The section is the code's prefix; the method is in the judgement form and on the 自评表. What is
        # missing comes before what the records show, so it is on screen at 1024 px.
        self.items = rows_table([("编号", lambda r: r[1].item.code), ("评估内容", lambda r: r[1].item.title),
                                 ("分值（分）", lambda r: number(r[1].item.points)), ("得分（分）", _got),
                                 ("状态", lambda r: r[1].status), ("还差", lambda r: _one_line(r[1].missing)),
                                 ("计分", lambda r: "人工评定" if not r[1].item.computed else "按台账数据"),
                                 ("情况与佐证", lambda r: _one_line(r[1].measured))],
                                key=lambda r: r[1].item.code, stretch=7, numbers=(2, 3))
        self.items.setObjectName("assessmentItems")
        self.items.doubleClicked.connect(lambda _: self.judge_selected())
        column.insertLayout(0, action_row(
            # lambdas: a button's clicked(bool) and a menu's triggered(bool) must not fill in `path`
            [("评定所选项…", lambda: self.judge_selected(), "人工评定的项目：填写自评分和佐证"),
             ("打印自评表", lambda: self.print_sheet())],
            [("清除评定", lambda: self.clear_selected()), ("导入县测评细则…", lambda: self.import_sheet()),
             ("导出测评细则…", lambda: self.export_sheet()), ("恢复默认细则", lambda: self.reset_sheet())],
            table=self.items, lead=(labelled("年度：", self.year),)))
        column.addWidget(self.items, 1)

    def refresh(self) -> None:
        self._stale = False
        with reported(self, "无法计算自评得分"):
            self.result = assessment.score(self.store, self.year.currentData())
            sheet = self.result.sheet
            pending = f"，{self.result.pending} 项待评定" if self.result.pending else ""
            self.total.setText(f"自评得分：{number(self.result.score)} 分（满分 {number(sheet.points)} 分{pending}）")
            self.source.setText(f"测评细则：{sheet.title}（{assessment.sheet_source(self.store)}）")
            show_rows(self.items, [(s.section.title, row) for s in self.result.sections for row in s.items])

    def _written(self, message: str) -> None:
        self.refresh()
        self.changed.emit()
        self.status_message.emit(message)

    def _selected(self):
        code = selected_key(self.items)
        return self.result.item(code) if self.result is not None and code is not None else None

    # Judgements ------------------------------------------------------------------------------------

    def judge_selected(self) -> bool:
        """The judgement form for the selected item; the score and its evidence are saved while the form
        is open, so a refusal keeps what was typed."""
        row = self._selected()
        if row is None:
            return False
        if row.item.computed:
            self.status_message.emit(f"“{row.item.title}”按台账数据自动计分，不需要人工评定。{row.missing}")
            return False
        year = self.year.currentData()
        j = row.judgement
        score = QLineEdit(number(j.score) if j else "")
        score.setPlaceholderText(f"0 到 {number(row.item.points)}")
        note = QPlainTextEdit(j.note if j else "")
        note.setPlaceholderText("依据什么给这个分，如：制度已上墙，见照片")
        note.setMinimumHeight(90)
        photo = QLineEdit(j.photo if j else "")
        photo.setPlaceholderText("（可不填）")
        pick = QPushButton("选择照片…")
        pick.clicked.connect(lambda: photo.setText(QFileDialog.getOpenFileName(
            self, "选择佐证照片", "", EVIDENCE_PHOTOS)[0] or photo.text()))
        page = QLineEdit(j.ledger_page if j else "")
        page.setPlaceholderText("如 台账第12页（可不填）")
        criterion = QLabel(row.item.criterion or "（细则未写评分标准）")
        criterion.setWordWrap(True)
        rows = [("评分标准：", criterion), ("自评分*：", score), ("佐证说明*：", note), ("佐证照片：", photo),
                (" ", pick), ("台账页码：", page)]
        title = f"评定 {row.item.code} {row.item.title}（{number(row.item.points)} 分）"
        done = form_dialog(self, title, rows, "保存", submit=lambda: assessment.judge(
            self.store, year, row.item.code, score=score.text(), note=note.toPlainText(), photo=photo.text(),
            ledger_page=page.text()))
        if done:
            self._written(f"已保存第 {row.item.code} 项的自评。")
        return done

    def clear_selected(self) -> None:
        row = self._selected()
        if row is None or row.judgement is None:
            return
        if confirm(self, "清除评定", f"清除第 {row.item.code} 项“{row.item.title}”的自评分和佐证？"):
            with reported(self, "没有清除"):
                assessment.clear_judgement(self.store, self.year.currentData(), row.item.code)
                self._written("已清除评定。")

    # The sheet and the 自评表 ------------------------------------------------------------------------

    def import_sheet(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "导入县测评细则", str(Path.home()),
                                                  "Excel 表格 (*.xlsx *.xls);;CSV (*.csv)")
            if not path:
                return
        with reported(self, "没有导入测评细则"):
            sheet = assessment.import_sheet(self.store, path)
            self._written(f"已导入测评细则“{sheet.title}”（{len(sheet.items())} 项，满分 {number(sheet.points)} 分）。")

    def export_sheet(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "导出测评细则", str(suggested_path(Path.home(), "测评细则.xlsx")),
                                                  "Excel 表格 (*.xlsx)")
            if not path:
                return
        with reported(self, "没有导出测评细则"):
            count = assessment.export_sheet(self.store, path)
            self.status_message.emit(f"已导出测评细则（{count} 项）：{path}")

    def reset_sheet(self) -> None:
        if confirm(self, "恢复默认细则", "改用默认测评细则？导入的县测评细则将不再使用（已做的评定按编号保留）。"):
            with reported(self, "没有恢复"):
                assessment.reset_sheet(self.store)
                self._written("已改用默认测评细则。")

    def print_sheet(self, path: str | None = None, *, open_after: bool = True) -> str | None:
        year = self.year.currentData()
        return produce(self, "测评自评表", lambda out: documents.assessment(self.store, year, out).pages, path,
                       open_after=open_after, name=f"测评自评表-{year}年")
