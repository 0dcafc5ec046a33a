"""Every qualification and volunteer's own insurance ending within 30 days — 首页 names the first three;
a county has hundreds a month to renew."""

from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

from stationdesk.services import people
from stationdesk.ui.rows_model import KEY_ROLE, rows_table, show_rows
from stationdesk.ui.widgets import dialog_buttons, fit_to_screen


class ExpiringDialog(QDialog):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.setWindowTitle("30 天内到期的资质和保险")
        fit_to_screen(self, 560, 520)
        self.chosen: int | None = None  # the volunteer to open
        rows = people.expiring(store)
        self.table = rows_table([("到期日", lambda e: f"{e.ends_on}"), ("姓名", lambda e: e.name),
                                 ("项目", lambda e: e.what)], key=lambda e: e)
        show_rows(self.table, rows)
        self.table.doubleClicked.connect(self.accept)
        layout = QVBoxLayout(self)
        note = QLabel(f"共 {len(rows)} 项，按到期日排列。双击（或选中后点“查看志愿者”）打开这名志愿者，去登记新的证书或保单：")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(dialog_buttons(self, "查看志愿者"))

    def accept(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.chosen = self.table.model().data(index, KEY_ROLE).volunteer_id
        super().accept()
