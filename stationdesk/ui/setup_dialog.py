"""The first run: the station's name, parent institute, manager and phone, the certificate prefix and
the operator's name — before anything is printed or issued. An existing station never sees it."""

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit

from stationdesk.errors import UserError
from stationdesk.services import station
from stationdesk.ui.style import set_role
from stationdesk.ui.widgets import dialog_buttons


class SetupDialog(QDialog):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("第一次使用：填写站点信息")
        self.setMinimumWidth(480)
        self.fields = {key: QLineEdit() for key in ("name", "parent_institute", "manager", "phone", "prefix",
                                                    "operator")}
        self.fields["name"].setPlaceholderText("如：青山村新时代文明实践站")
        self.fields["parent_institute"].setPlaceholderText("如：城关镇新时代文明实践所")
        self.fields["prefix"].setText("SD")
        self.fields["prefix"].setMaxLength(8)
        self.fields["prefix"].setToolTip("证书编号的开头，如 QSC-2026-0001 中的 QSC；1–8 个英文字母或数字")
        self.message = QLabel()
        self.message.setObjectName("setupMessage")
        set_role(self.message, "error")
        self.message.setWordWrap(True)
        form = QFormLayout(self)
        intro = QLabel("这些信息会印在签到表、证书和台账上，以后可在“设置与备份”中修改。")
        intro.setWordWrap(True)
        form.addRow(intro)
        for key, label in (("name", "站点名称*"), ("parent_institute", "上级实践所"), ("manager", "负责人*"),
                           ("phone", "联系电话*"), ("prefix", "证书编号前缀"), ("operator", "您的姓名（经办人）*")):
            form.addRow(f"{label}：", self.fields[key])
        form.addRow(self.message)
        form.addRow(dialog_buttons(self, "开始使用", on_ok=self.save))

    def save(self) -> None:
        text = {key: edit.text().strip() for key, edit in self.fields.items()}
        info = station.StationInfo(name=text["name"], parent_institute=text["parent_institute"],
                                   manager=text["manager"], phone=text["phone"])
        try:
            station.set_up(self.store, info, prefix=text["prefix"] or "SD", operator=text["operator"])
        except UserError as exc:  # said under the fields; what was typed stays
            self.message.setText(str(exc))
            return
        self.accept()


def ask_setup(parent, store) -> bool:
    """Tests replace this function."""
    return bool(SetupDialog(store, parent).exec())
