"""Render the pictures of the built-in 使用说明 (resources/help/*.png) from the real window on the demo
station: each one a crop of the part of the window or dialog the guide talks about, at most MAX_WIDTH pixels
wide, shown 1:1 in the guide (a whole 1366-pixel window scaled down to fit made its text unreadable).

Usage: python -m tests.ui.help_pictures [OUT_DIR]      (default resources/help)
(`python -m tests.ui.screenshots` runs it too.)

The pictures show the folders a station on a Windows PC would show (D:\\站务台账\\备份, a 花名册 on the
desktop), never this machine's temporary folder: the child process runs in a scratch folder holding
folders of those names.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from tests.ui.screenshots import screen_config, shrink

MAX_WIDTH = 680  # the guide's browser is ~760 wide (less its margins and scroll bar) at 1366×768
BACKUP_FOLDER = "D:\\站务台账\\备份"  # relative to the child's working folder: one folder of that name
ROSTER_FILE = "C:\\Users\\站务\\Desktop\\新报名志愿者.xlsx"
OUT_DEFAULT = Path(__file__).resolve().parents[2] / "resources" / "help"


def render(db: str, out: str) -> None:
    """In the child process (working folder: the scratch folder): every picture of the guide."""
    from PySide6.QtCore import QPoint, QRect, QSettings
    from PySide6.QtWidgets import QAbstractButton, QApplication, QToolButton, QWidget

    from stationdesk.services import activities, briefs, documents
    from stationdesk.store import open_database
    from stationdesk.ui.app import make_application

    app = make_application()
    QSettings().clear()
    store = open_database(db)
    from stationdesk.ui.main_window import (
        ACTIVITIES,
        CERTIFICATES,
        PAIRINGS,
        POINTS,
        REQUESTS,
        SETTINGS,
        STATS,
        MainWindow,
    )

    window = MainWindow(store)
    window.setGeometry(app.primaryScreen().availableGeometry())
    window.show()
    out_dir = Path(out)

    def settle(rounds: int = 30) -> None:
        for _ in range(rounds):
            app.processEvents()

    def save(pixmap, name: str) -> None:
        path = out_dir / f"{name}.png"
        assert pixmap.width() <= MAX_WIDTH, (name, pixmap.width())
        pixmap.save(str(path))
        shrink(path)

    def region(root: QWidget, *parts, height: int | None = None, pad: int = 6, upto: QWidget | None = None) -> QRect:
        """The box round `parts` (widgets or layouts inside `root`), in `root`'s coordinates."""
        box = QRect()
        for part in parts:
            widget = part if isinstance(part, QWidget) else None
            rect = part.geometry()
            if widget is not None:
                rect = QRect(widget.mapTo(root, QPoint(0, 0)), widget.size())
            else:  # a layout: its geometry is in its parent widget's coordinates
                rect.moveTopLeft(part.parentWidget().mapTo(root, rect.topLeft()))
            box = box.united(rect)
        box.adjust(-pad, -pad, pad, pad)
        box = box.intersected(root.rect())
        if height is not None:
            box.setHeight(min(box.height(), height))
        if upto is not None:  # no further right than this widget (the rest of a wider row is cut off)
            box.setRight(min(box.right(), upto.mapTo(root, QPoint(upto.width() + pad, 0)).x()))
        box.setWidth(min(box.width(), MAX_WIDTH))
        return box

    def crop(root: QWidget, name: str, *parts, height: int | None = None, upto: QWidget | None = None) -> None:
        settle()
        save(root.grab(region(root, *parts, height=height, upto=upto)), name)

    def dialog_picture(dialog: QWidget, name: str, width: int = MAX_WIDTH, height: int | None = None,
                       parts=(), crop_height: int | None = None) -> None:
        """A dialog at a width that fits the guide (as a person could size it), whole or cropped."""
        dialog.show()
        settle()
        dialog.resize(min(width, MAX_WIDTH), height or dialog.height())
        settle()
        if parts:
            crop(dialog, name, *parts, height=crop_height)
        else:  # a dialog that cannot be as narrow: its left part
            save(dialog.grab(QRect(0, 0, min(dialog.width(), MAX_WIDTH), dialog.height())), name)
        dialog.close()

    def button(root: QWidget, text: str) -> QWidget:
        return next(b for b in root.findChildren(QAbstractButton) if b.text() == text and b.isVisible())

    def go(row: int) -> QWidget:
        window.nav.setCurrentRow(row)
        window.statusBar().clearMessage()
        settle()
        return window.page(row)

    settle()
    for _ in range(200):  # 首页 fills its to-do list after the first paint
        app.processEvents()
        if "正在整理" not in window.home.attention.text():
            break

    # 一、第一次使用
    from stationdesk.ui.setup_dialog import SetupDialog

    setup = SetupDialog(store, window)
    for key, text in (("name", "青山村新时代文明实践站"), ("parent_institute", "城关镇新时代文明实践所"),
                      ("manager", "陈建国"), ("phone", "0571-63001234"), ("prefix", "QSC"), ("operator", "李晓梅")):
        setup.fields[key].setText(text)
    dialog_picture(setup, "setup", width=520)

    # 首页: the figures and the buttons for the usual jobs
    home = window.home
    cards = list(home.cards.values())
    crop(window, "home", home.title, cards[0], cards[5])  # two columns of the figures: they read at 1:1

    # 二、导入: the preview of a roster with one wrong row
    from stationdesk.ui.import_dialog import ImportDialog

    importer = ImportDialog(store, window)
    importer.load(ROSTER_FILE)
    dialog_picture(importer, "import", height=430, parts=(importer.summary, importer.table))

    # 三、活动
    page = go(ACTIVITIES)
    page.table.selectRow(0)
    more = page.findChild(QToolButton, "moreActions")
    crop(window, "activities", button(page, "新建活动"), more)  # the row of buttons (the list is wider)
    menu = more.menu()
    menu.popup(more.mapToGlobal(more.rect().bottomLeft()))
    settle()
    save(menu.grab(), "more")
    menu.hide()
    aid = page.selected_id()
    done = [a for a in activities.list_activities(store) if a.status == "done"]
    from stationdesk.ui.activity_dialogs import SignupDialog
    from stationdesk.ui.attendance_dialog import AttendanceDialog

    dialog_picture(SignupDialog(store, aid, window), "signups", height=380)
    dialog_picture(AttendanceDialog(store, done[0].id if done else aid, window), "attendance", height=420)
    from stationdesk.ui.checkin_window import CheckInWindow

    kiosk = CheckInWindow(store, aid)
    dialog_picture(kiosk, "checkin", height=380)

    # 四、证书
    page = go(CERTIFICATES)
    crop(window, "certificates", page.layout().itemAt(0).widget(), page.layout().itemAt(2).widget())

    # 五、结对共建
    page = go(PAIRINGS)
    page.agreements.selectRow(0)
    crop(window, "pairings", page.agreements.parentWidget(), height=300)

    # 六、积分超市
    page = go(POINTS)
    page.accounts.selectRow(0)
    crop(window, "points", page.rules, page.tabs.tabBar(), page.accounts.parentWidget(), height=330,
         upto=page.accounts.parentWidget())

    # 七、群众点单
    page = go(REQUESTS)
    page.table.selectRow(0)
    crop(window, "requests", page.layout().itemAt(0).layout(), page.layout().itemAt(1).layout(), page.table,
         height=250)

    # 八、统计
    page = go(STATS)
    deadline = time.monotonic() + 20
    while page.counting() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    crop(window, "stats", button(page, "导出 Excel…"), button(page, "时长积分公示…"))

    # 九、简报
    from stationdesk.ui.publicity_dialogs import BriefDialog

    last = date.today().replace(day=1) - timedelta(days=1)  # last month: a month with activities held
    dialog_picture(BriefDialog(store, briefs.monthly_brief(store, last.year, last.month), window), "brief",
                   height=440)

    # 十、备份
    page = go(SETTINGS)
    backup_box = page.folder_label.parentWidget()
    crop(window, "backup", backup_box, height=300)

    # 打印预览: the zoom buttons under a sign-in sheet
    from stationdesk.ui.pdf_preview import PdfPreviewDialog

    pdf = Path("签到表.pdf")
    documents.signin(store, aid, pdf)
    preview = PdfPreviewDialog(pdf, "签到表", window)
    preview.show()
    settle()
    preview.resize(MAX_WIDTH, 420)
    settle()
    preview.fit_width()
    settle()
    save(preview.grab(), "preview")
    preview.close()

    window.close()
    store.close()
    QApplication.processEvents()


def write_roster(path: Path) -> None:
    """A small 花名册 as a village would bring it: a title row, then the header, one row with a wrong number."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append(["青山村新报名志愿者"])
    sheet.append(["姓名", "性别", "身份证号码", "联系电话", "村民小组", "政治面貌"])
    for name, gender, id17, phone, group, political in (
            ("王秀英", "女", "33011019680412002", "13905710321", "第一村民小组", "群众"),
            ("赵志强", "男", "33011019920315003", "13805712246", "第三村民小组", "中共党员"),
            ("孙丽华", "女", "3301101975110800", "13757150088", "第二村民小组", "群众"),  # a digit short
            ("周建军", "男", "33011019850120001", "1390571", "第四村民小组", "共青团员")):  # phone too short
        sheet.append([name, gender, id17 + _check_digit(id17) if len(id17) == 17 else id17 + "2", phone, group,
                      political])
    book.save(path)


def _check_digit(first17: str) -> str:
    """The 18th character of a 居民身份证号码 (GB 11643)."""
    total = sum(int(d) * w for d, w in zip(first17, (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    return "10X98765432"[total % 11]


def main(out_dir: str | Path = OUT_DEFAULT) -> None:
    from stationdesk.services import safety
    from stationdesk.services.demo import build_demo
    from stationdesk.store import open_database

    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="stationdesk-help-"))
    try:
        db = work / "station.sqlite3"
        store = open_database(db)
        build_demo(store, volunteers=120, seed=7, today=date.today())
        safety.set_backup_dir(store, work / BACKUP_FOLDER)
        for label in ("daily", "manual"):
            safety.backup_now(store, label=label)
        store.close()
        _relative_backup_folder(db)
        write_roster(work / ROSTER_FILE)
        config = work / "screen.json"
        config.write_text(json.dumps(screen_config(1366, 768)))
        env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": "1",
               "XDG_CONFIG_HOME": str(work / "config"),
               "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]),
                                              os.environ.get("PYTHONPATH", "")])}
        subprocess.run([sys.executable, "-m", "tests.ui.help_pictures", "--render", str(db), str(out)],
                       env=env, cwd=work, check=True, timeout=600)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"help pictures in {out}")


def _relative_backup_folder(db: Path) -> None:
    """Point the backup folder setting at the folder's plain name (resolved from the child's working
    folder), so the settings page shows D:\\站务台账\\备份 and not the scratch folder's path."""
    import sqlite3

    from stationdesk.services.safety import BACKUP_DIR_KEY

    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE setting SET value = ? WHERE key = ?", (BACKUP_FOLDER, BACKUP_DIR_KEY))
    connection.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--render"]:
        render(*sys.argv[2:4])
    else:
        main(*sys.argv[1:2])
    sys.exit(0)
