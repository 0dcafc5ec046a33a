"""设置与备份: the station's particulars, backups (age, folder, now, USB copy, restore), checks, audit log."""

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from stationdesk.files import suggested_path
from stationdesk.services import audit, packages, rules, safety, station
from stationdesk.ui import style
from stationdesk.ui.errors import reported, warn
from stationdesk.ui.rows_model import rows_table, selected_key, show_rows
from stationdesk.ui.widgets import LazyPage, fit_to_screen, form_dialog, year_combo

BACKUP_LABELS = {"daily": "每日自动", "exit": "退出时", "manual": "手动", "before-import": "导入前",
                 "before-restore": "恢复前", "": "手动"}


class AuditLogDialog(QDialog):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("操作日志（最近 1000 条）")
        fit_to_screen(self, 900, 560)
        self.table = rows_table([(header, lambda row, c=c: str(row[c])) for c, header in
                                 enumerate(["时间", "操作人", "操作", "对象", "编号", "详情"])], key=id)
        show_rows(self.table, audit.recent(store))
        export = QPushButton("导出为 Excel…")
        export.clicked.connect(self.export)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(export, alignment=Qt.AlignmentFlag.AlignRight)

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "导出操作日志", str(suggested_path(Path.home(), "操作日志.xlsx")),
                                              "Excel 表格 (*.xlsx)")
        if path:
            with reported(self, "导出失败"):
                n = audit.export_log(self.store, path)
                QMessageBox.information(self, "已导出", f"已导出 {n} 条记录到 {path}")


class SettingsPage(LazyPage):
    def __init__(self, store, parent=None):
        super().__init__(store, parent)

        self.station_fields = {key: QLineEdit() for key in ("name", "parent_institute", "address", "manager", "phone")}
        station_box = QGroupBox("站点信息（打印在所有表格和证书上）")
        form = QFormLayout(station_box)
        for key, label in (("name", "站点名称"), ("parent_institute", "上级实践所"), ("address", "地址"),
                           ("manager", "负责人"), ("phone", "联系电话")):
            form.addRow(f"{label}：", self.station_fields[key])
        save_station = QPushButton("保存站点信息")
        save_station.clicked.connect(self.save_station)
        form.addRow(save_station)
        self.station_id = QLabel()
        self.station_id.setObjectName("stationId")
        self.station_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        package = QPushButton("导出上报数据包…")
        package.setToolTip("签名的 .sdpkg 文件，拷到U盘交给实践所、实践中心汇总；默认证件号码打码")
        package.clicked.connect(self.export_package)
        row = QHBoxLayout()
        row.addWidget(self.station_id, 1)
        row.addWidget(package)
        form.addRow("站点编号：", row)
        self.operator = QLineEdit()
        self.operator.setPlaceholderText("正在使用本机的工作人员姓名")
        self.operator.setToolTip("记入操作日志，并作为经办人打印在兑换单、证明上；换人值班时在这里切换。")
        use_operator = QPushButton("切换经办人")
        use_operator.clicked.connect(self.save_operator)
        row = QHBoxLayout()
        row.addWidget(self.operator)
        row.addWidget(use_operator)
        form.addRow("当前经办人：", row)

        backup_box = QGroupBox("备份与恢复")
        self.age_label = QLabel()
        self.age_label.setObjectName("backupAge")
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, slot in (("立即备份", self.backup_now), ("更改备份文件夹…", self.change_folder),
                           ("复制到U盘…", self.copy_to_usb), ("用所选备份恢复…", self.restore_selected)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.backups = rows_table(
            [("备份时间", lambda b: f"{b.taken_at:%Y-%m-%d %H:%M:%S}"), ("类型", lambda b: BACKUP_LABELS.get(b.label, b.label)),
             ("大小", lambda b: f"{b.size / 1024 / 1024:.1f} MB"),
             ("志愿者人数", lambda b: "无法读取" if b.volunteers is None else str(b.volunteers)),
             ("文件", lambda b: b.path.name)], key=lambda b: b.path, numbers=(2, 3))
        self.backups.setObjectName("backupList")
        self.backups.setMinimumHeight(180)
        box = QVBoxLayout(backup_box)
        box.addWidget(self.age_label)
        box.addWidget(self.folder_label)
        box.addLayout(buttons)
        box.addWidget(self.backups)

        rules_box = QGroupBox("服务时长与星级规则（各地标准不同，可按本地要求修改）")
        self.step = QComboBox()
        for minutes in rules.STEPS:
            self.step.addItem(f"{minutes} 分钟（不足一半舍去，满一半计一个单位）", minutes)
        self.cap = QDoubleSpinBox()
        self.cap.setRange(1, 24)
        self.cap.setSingleStep(0.5)
        self.cap.setSuffix(" 小时")
        self.levels = QLineEdit()
        self.levels.setPlaceholderText("100, 300, 600, 1000, 1500")
        save_rules = QPushButton("保存规则")
        save_rules.clicked.connect(self.save_rules)
        rules_form = QFormLayout(rules_box)
        rules_form.addRow("时长取整单位：", self.step)
        rules_form.addRow("每人每日上限：", self.cap)
        rules_form.addRow("一至五星所需累计小时：", self.levels)
        rules_form.addRow(save_rules)

        check_box = QGroupBox("数据检查与操作日志")
        self.check_label = QLabel("可随时检查数据库文件是否完好。")
        self.check_label.setWordWrap(True)
        check = QPushButton("检查数据库")
        check.clicked.connect(self.run_check)
        log = QPushButton("查看操作日志…")
        log.clicked.connect(lambda: AuditLogDialog(self.store, self).exec())
        row = QHBoxLayout()
        row.addWidget(check)
        row.addWidget(log)
        row.addStretch(1)
        inner = QVBoxLayout(check_box)
        inner.addLayout(row)
        inner.addWidget(self.check_label)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(backup_box)
        layout.addWidget(station_box)
        layout.addWidget(rules_box)
        layout.addWidget(check_box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        QVBoxLayout(self).addWidget(scroll)

    def refresh(self) -> None:
        self._stale = False
        info = station.get_station(self.store)
        for key, edit in self.station_fields.items():
            edit.setText(getattr(info, key))
        self.station_id.setText(packages.identity(self.store).station_id)
        self.operator.setText(audit.operator())
        self.operator.setCompleter(QCompleter(audit.staff(self.store), self.operator))
        rule = rules.hours_rule(self.store)
        self.step.setCurrentIndex(self.step.findData(rule.step_minutes))
        self.cap.setValue(rule.daily_cap)
        self.levels.setText(", ".join(str(h) for h in rules.star_levels(self.store)))
        age = safety.backup_age(self.store)
        stale = safety.stale(age)  # one look at the backup folder
        colour = style.BEHIND if stale else style.DONE
        advice = "（已超过一天，建议立即备份）" if stale else ""
        self.age_label.setText(f"<span style='color:{colour}'>上次校验通过的备份：<b>{safety.describe_age(age)}</b>"
                               f"{advice}</span>")
        self.folder_label.setText(f"备份文件夹：{safety.backup_dir(self.store)}　（每次启动时若超过一天未备份会自动备份，"
                                  "退出时如有修改也会备份；自动保留最近10份及每日、每周、每月的备份）")
        show_rows(self.backups, safety.backups(self.store))

    def export_package(self, path: str | None = None, *, year: int | None = None, ids: str | None = None) -> str | None:
        """The year (or everything) and masked or full ID numbers, then where to save it."""
        if ids is None:
            years, id_choice = year_combo(everything="全部年度"), QComboBox()
            id_choice.addItem("打码（默认，推荐）", "masked")
            id_choice.addItem("完整（仅在上级明确要求时）", "full")
            if not form_dialog(self, "导出上报数据包", [("年度：", years), ("证件号码：", id_choice)], "下一步"):
                return None
            year, ids = years.currentData(), id_choice.currentData()
        if path is None:
            name = f"{station.get_station(self.store).name}-{year or '全部'}.sdpkg"
            path, _ = QFileDialog.getSaveFileName(self, "导出上报数据包", str(suggested_path(Path.home(), name)), "上报数据包 (*.sdpkg)")
        if not path:
            return None
        with reported(self, "数据包没有导出"):
            manifest = packages.export_package(self.store, path, year=year, ids=ids)
            self.status_message.emit(f"已导出上报数据包 {path}（{sum(manifest['rows'].values())} 条记录）。")
            return path
        return None

    def save_station(self) -> None:
        values = {key: edit.text().strip() for key, edit in self.station_fields.items()}
        if not values["name"]:
            QMessageBox.warning(self, "站点信息", "站点名称不能为空。")
            return
        with reported(self, "保存失败"):
            current = station.get_station(self.store)
            station.save_station(self.store, station.StationInfo(level=current.level, **values))
            self.changed.emit()

    def save_operator(self) -> None:
        with reported(self, "没有切换"):
            audit.choose_operator(self.store, self.operator.text())
            self.changed.emit()

    def save_rules(self) -> None:
        try:
            levels = tuple(int(x) for x in re.split(r"[,，、\s]+", self.levels.text().strip()) if x)
        except ValueError:
            warn(self, "规则没有保存", "星级标准请填 5 个整数小时数，用逗号隔开。")
            return
        with reported(self, "规则没有保存"):
            rules.save_rules(self.store, step_minutes=self.step.currentData(), daily_cap=self.cap.value(),
                             levels=levels)
            self.status_message.emit("服务时长与星级规则已保存，之后登记的出勤按新规则计算。")

    def backup_now(self) -> None:
        """Copied and checked in the background (10 s at 12,000 volunteers) behind a bar with 取消."""
        from stationdesk.ui.background import run_with_progress

        with reported(self, "备份失败"):
            path = run_with_progress(self, "立即备份", "正在复制并校验数据库…",
                                     lambda report: safety.backup_now(self.store, label="manual", progress=report),
                                     store=self.store)
            if path is None:
                self.status_message.emit("备份已取消，没有留下不完整的备份文件。")
                return
            self.refresh()
            self.status_message.emit(f"已备份并校验通过：{path}")

    def change_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择备份文件夹", str(safety.backup_dir(self.store)))
        if folder:
            with reported(self, "无法使用这个文件夹"):
                safety.set_backup_dir(self.store, folder)
                safety.backup_now(self.store, label="manual")
                self.refresh()

    def copy_to_usb(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择U盘或其他文件夹", str(Path.home()))
        if folder:
            with reported(self, "复制失败"):
                path = safety.copy_to(self.store, folder)
                self.status_message.emit(f"已生成校验通过的备份副本：{path}。拔出U盘前请先“安全弹出”。")

    def selected_backup(self) -> Path | None:
        return selected_key(self.backups)

    def confirm_restore(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self, "恢复数据",
            f"用备份“{path.name}”替换当前的全部数据？\n\n当前数据会先另存为一份备份，恢复后如有需要仍可找回。")
        return answer == QMessageBox.StandardButton.Yes

    def confirm_other_station(self, other: str) -> bool:
        """Another station's backup: said with both stations named, and 不恢复 the default."""
        box = QMessageBox(QMessageBox.Icon.Warning, "这是另一个站点的备份", f"{other}\n\n确实要用它替换本站的全部数据吗？",
                          parent=self)
        go = box.addButton("仍然恢复为那个站点", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton("不恢复", QMessageBox.ButtonRole.RejectRole))
        box.exec()
        return box.clickedButton() is go

    def restore_selected(self, path: Path | None = None, *, confirmed: bool = False) -> None:
        path = path or self.selected_backup()
        if path is None:
            QMessageBox.information(self, "恢复数据", "请先在列表中选择一份备份。")
            return
        if not (confirmed or self.confirm_restore(path)):
            return
        other = safety.other_station(self.store, path)
        if other and not self.confirm_other_station(other):
            return
        with reported(self, "恢复失败，当前数据没有改变"):
            kept = safety.restore(self.store, path, other_station=bool(other))
            self.refresh()
            self.changed.emit()
            self.status_message.emit(f"已恢复 {path.name} 中的数据。{safety.kept_text(kept)}")

    def run_check(self) -> None:
        """SQLite's integrity_check and the app's own rules, in the background behind a bar with 取消."""
        from stationdesk.ui.background import run_with_progress

        with reported(self, "检查失败"):
            problems = run_with_progress(self, "数据库检查", "正在检查数据库…",
                                         lambda report: safety.health(self.store, progress=report), store=self.store)
            if problems is None:
                self.check_label.setText("检查已取消，没有得出结论。")
            elif problems:
                self.check_label.setText(f"<span style='color:{style.BEHIND}'>发现问题：<br>" + "<br>".join(problems[:20])
                                         + "</span><br>如数据库结构损坏，请用最近的备份恢复。")
            else:
                self.check_label.setText(style.coloured("数据库完好，没有发现问题。", style.DONE))
