"""The import wizard: pick a file → preview every row's fate → import in one go → save the error rows."""

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from stationdesk.domain.masking import mask_id_number
from stationdesk.files import suggested_path
from stationdesk.services import importing
from stationdesk.ui import style
from stationdesk.ui.background import run_with_progress
from stationdesk.ui.errors import reported
from stationdesk.ui.rows_model import rows_table, show_rows
from stationdesk.ui.widgets import fit_to_screen

STATUS_COLOURS = {importing.NEW: style.DONE_SOFT, importing.UPDATE: style.INFO_SOFT, importing.SKIP: style.NEUTRAL_SOFT,
                  importing.REJECT: style.BEHIND_SOFT}


def _notes(r) -> str:
    return "；".join([f"{p.label}：{p.message}" for p in r.reasons]
                    + [f"提醒 · {p.label}：{p.message}" for p in r.source.warnings])


class ImportDialog(QDialog):
    def __init__(self, store, parent=None, *, path: str | None = None):
        super().__init__(parent)
        self.store = store
        self.plan: importing.ImportPlan | None = None
        self.result: importing.ImportResult | None = None
        self.setWindowTitle("导入志愿者")
        fit_to_screen(self, 980, 620)

        self.path_label = QLabel("第一步：选择 Excel/WPS 表格（.xlsx、.xls）或 .csv 文件。表格第一行可以是标题，程序会自动找到表头。")
        self.path_label.setWordWrap(True)
        choose = QPushButton("选择文件…")
        choose.clicked.connect(self.choose_file)
        self.skip_existing = QRadioButton("跳过已登记的人（按身份证号码判断）")
        self.update_existing = QRadioButton("用表格内容更新已登记的人")
        self.skip_existing.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.skip_existing)
        group.addButton(self.update_existing)
        self.skip_existing.toggled.connect(lambda _: self._replan())
        self.probable = QComboBox()
        self.probable.setObjectName("probableChoice")
        for label, choice in (("跳过", importing.SKIP), ("仍然新增", importing.NEW), ("更新已登记的记录", importing.UPDATE)):
            self.probable.addItem(label, choice)
        self.probable.setToolTip("没有身份证号码可核对、但姓名和电话（或出生日期等）与已登记的人相同的行")
        self.probable.currentIndexChanged.connect(lambda _: self._replan())

        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.table = rows_table(  # every row of a 10,000-row sheet, drawn as scrolled to
            [("表格行号", lambda r: str(r.row)), ("结果", lambda r: importing.STATUS_LABELS[r.status].split("（")[0] + "（疑似已登记）"
                             if r.probably is not None else importing.STATUS_LABELS[r.status]),
             ("姓名", lambda r: r.draft.name), ("身份证号码", lambda r: mask_id_number(r.draft.id_number)),
             ("原因或提醒", _notes)], key=lambda r: r.row, tint=lambda r: STATUS_COLOURS[r.status], numbers=(0,))
        self.table.setObjectName("importPreview")
        self.table.setWordWrap(True)

        self.import_button = QPushButton("导入")
        self.import_button.setEnabled(False)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.run_import)
        self.errors_button = QPushButton("保存有错误的行…")
        self.errors_button.setEnabled(False)
        self.errors_button.setToolTip("另存为表格，末尾一列写明原因；改正后可直接重新导入")
        self.errors_button.clicked.connect(self.save_errors)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)

        top = QHBoxLayout()
        top.addWidget(self.path_label, 1)
        top.addWidget(choose)
        options = QHBoxLayout()
        options.addWidget(self.skip_existing)
        options.addWidget(self.update_existing)
        options.addStretch(1)
        options.addWidget(QLabel("疑似已登记的行："))
        options.addWidget(self.probable)
        bottom = QHBoxLayout()
        bottom.addWidget(self.errors_button)
        bottom.addStretch(1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(options)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        if path:
            self.load(path)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择要导入的表格", str(Path.home()),
                                              "表格文件 (*.xlsx *.xls *.csv);;所有文件 (*)")
        if path:
            self.load(path)

    def load(self, path: str | Path) -> None:
        self.path = Path(path)
        self.result = None
        self._replan()

    def _replan(self) -> None:
        if not hasattr(self, "path"):
            return
        self.plan = None
        self.import_button.setEnabled(False)
        self.errors_button.setEnabled(False)
        self.table.model().set_rows([])
        path, update, probable = self.path, self.update_existing.isChecked(), self.probable.currentData()

        def plan(report):  # in the background: 10,000 rows take seconds to read and check
            made = importing.plan_import(self.store, path, update_existing=update, probable=probable)
            report(0, 1)  # 取消 pressed meanwhile: the preview is dropped (nothing was written)
            return made

        cancelled = False
        with reported(self, "无法读取这个文件"):
            self.plan = run_with_progress(self, "导入志愿者", "正在读取和检查表格…", plan, store=self.store)
            cancelled = self.plan is None
        if self.plan is None:
            self.path_label.setText(f"文件：{self.path.name}" + ("（已取消）" if cancelled else "（无法读取，请换一个文件）"))
            self.summary.setText("")
            return
        self.path_label.setText(f"文件：{self.path}　工作表：{self.plan.sheet.sheet_name}　"
                                f"表头在第 {self.plan.sheet.header_row} 行")
        self._show_plan()

    def _show_plan(self) -> None:
        plan = self.plan
        counts = plan.counts()
        ignored = "、".join(plan.sheet.ignored_columns)
        self.summary.setText(
            f"第二步：检查下表。将新增 <b>{counts[importing.NEW]}</b> 人，更新 <b>{counts[importing.UPDATE]}</b> 人，"
            f"跳过 <b>{counts[importing.SKIP]}</b> 人，<span style='color:{style.BEHIND}'>有错误 <b>{counts[importing.REJECT]}"
            f"</b> 行（不会导入）</span>。"
            + (f"<br><span style='color:{style.CHECK}'>其中 <b>{plan.probable}</b> 行疑似已登记（见“原因或提醒”），按“疑似已登记的行”的选择："
               f"{self.probable.currentText()}。</span>" if plan.probable else "")
            + (f"<br>未使用的列：{ignored}" if ignored else ""))
        rows = plan.rows
        show_rows(self.table, rows)
        self.table.setColumnWidth(4, max(self.table.columnWidth(4), 300))
        if len(rows) <= 500:  # long reasons wrap; past that, sizing rows costs more than it helps
            self.table.resizeRowsToContents()
        self.import_button.setEnabled(counts[importing.NEW] + counts[importing.UPDATE] > 0)
        self.errors_button.setEnabled(counts[importing.REJECT] > 0)

    def run_import(self) -> None:
        if self.plan is None:
            return
        plan = self.plan
        with reported(self, "导入失败，没有写入任何数据"):
            self.result = run_with_progress(self, "导入志愿者", "正在导入…", store=self.store,
                                            work=lambda report: importing.commit_import(self.store, plan, progress=report))
            if self.result is None:
                self.summary.setText("已取消导入，没有写入任何数据。")
        if self.result is None:
            return
        r = self.result
        self.summary.setText(
            f"第三步：导入完成。新增 <b>{r.imported}</b> 人，更新 <b>{r.updated}</b> 人，跳过 <b>{r.skipped}</b> 人，"
            f"有错误 <b>{len(r.rejected)}</b> 行未导入" + ("，可点“保存有错误的行”改正后重新导入。" if r.rejected else "。"))
        self.import_button.setEnabled(False)

    def save_errors(self, path: str | None = None) -> None:
        if self.plan is None:
            return
        if not path:
            default = suggested_path(self.path.parent, self.path.stem + "-错误行.xlsx")
            path, _ = QFileDialog.getSaveFileName(self, "保存有错误的行", str(default), "Excel 表格 (*.xlsx)")
        if not path:
            return
        with reported(self, "保存失败"):
            count = importing.write_rejected(self.plan, path)
            self.summary.setText(self.summary.text() + f"<br>已保存 {count} 行到 {path}")
