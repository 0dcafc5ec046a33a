"""The built-in 使用说明 (F1): its contents links land on its sections, its pictures are there and shown at
their own size (a window screenshot scaled down to fit could not be read), none is wider than the guide at
1024×768, it shows no developer's path, and every button it names in bold is a real one."""

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QDialog, QTextBrowser

from stationdesk.paths import resource

HELP = resource("help")
GUIDE = HELP / "guide.html"
UI_SOURCES = Path(__file__).resolve().parents[2] / "stationdesk" / "ui"


def fragments(document):
    """Every text fragment of `document`, in order."""
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            yield it.fragment()
            it += 1
        block = block.next()


def open_guide(qtbot, store):
    """The real main window, F1 pressed: the guide's dialog and its browser."""
    from stationdesk.ui.main_window import MainWindow

    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    guide = next(a for a in window.findChildren(type(window.menuBar().actions()[0])) if a.text() == "使用说明")
    qtbot.waitUntil(lambda: guide.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents))  # set after paint
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: getattr(window, "_guide", None) is not None and window._guide.isVisible())
    dialog = window._guide
    assert isinstance(dialog, QDialog) and dialog.windowTitle() == "使用说明"
    browser = dialog.findChild(QTextBrowser, "guide")
    return window, dialog, browser


def test_f1_opens_the_guide_whose_contents_links_all_land(qtbot, store):
    _, _, browser = open_guide(qtbot, store)
    document = browser.document()
    assert "站务台账 使用说明" in document.toPlainText()
    names, hrefs = set(), []
    for fragment in fragments(document):
        fmt = fragment.charFormat()
        names.update(fmt.anchorNames())
        if fmt.isAnchor() and fmt.anchorHref():
            hrefs.append(fmt.anchorHref())
    internal = [h for h in hrefs if h.startswith("#")]
    assert len(set(internal)) >= 12, internal  # a contents entry per section, and 返回目录
    assert len(internal) == len(hrefs), "the guide links only within itself (it is offline)"
    missing = sorted({h for h in internal if h[1:] not in names})
    assert not missing, f"contents links with no anchor in the guide: {missing}"
    # The contents entries are the sections' own headings' anchors, in the sections' order.
    contents = [h[1:] for h in internal if h != "#top"]
    assert contents == sorted(set(contents), key=contents.index)  # each once
    order = [n for n in re.findall(r'<a name="([^"]+)"', GUIDE.read_text(encoding="utf-8")) if n != "top"]
    assert contents == order


def test_pictures_exist_and_show_at_their_own_size(qtbot, store):
    _, _, browser = open_guide(qtbot, store)
    shown = []
    for fragment in fragments(browser.document()):
        if fragment.charFormat().isImageFormat():
            image = fragment.charFormat().toImageFormat()
            path = HELP / image.name()
            assert path.is_file(), f"{image.name()} is not in resources/help"
            natural = QImage(str(path))
            assert not natural.isNull(), image.name()
            # width/height unset (0) or not smaller than the picture: never scaled down
            assert image.width() in (0, natural.width()) or image.width() >= natural.width(), image.name()
            assert image.height() in (0, natural.height()) or image.height() >= natural.height(), image.name()
            shown.append(image.name())
    sources = re.findall(r'<img\s[^>]*src="([^"]+)"', GUIDE.read_text(encoding="utf-8"))
    assert sorted(shown) == sorted(sources) and len(sources) >= 10
    assert not re.search(r"<img\s[^>]*\b(width|height)\s*=", GUIDE.read_text(encoding="utf-8"))
    on_disk = {p.name for p in HELP.glob("*.png")}
    assert on_disk == set(sources), f"pictures not used: {sorted(on_disk - set(sources))}"


def test_no_picture_is_wider_than_the_guide_at_1024x768(tmp_path):
    """In a process of its own whose screen is 1024×768 (the screen is fixed when Qt starts)."""
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "office", "x": 0, "y": 0, "width": 1024, "height": 768,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": "1",
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run([sys.executable, "-m", "tests.ui.test_guide", str(tmp_path / "station.sqlite3")],
                          env=env, capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["screen"] == [1024, 768]
    too_wide = {name: width for name, width in found["pictures"].items() if width > found["room"]}
    assert not too_wide, f"wider than the guide's {found['room']} pixels at 1024×768: {too_wide}"
    assert found["sideways"] == 0, "the guide scrolls sideways at 1024×768 (a picture indented in a list?)"


def test_the_guide_names_no_developer_path(qtbot, store):
    _, _, browser = open_guide(qtbot, store)
    for text in (browser.document().toPlainText(), GUIDE.read_text(encoding="utf-8")):
        found = re.findall(r"(?:/tmp|/home|/work|/root|/Users|[A-Za-z]:\\Users)\b[^\s<\"]*", text)
        assert not found, found


def on_screen_names() -> set[str]:
    """Texts of the things a person clicks or picks in stationdesk/ui, read from the code: buttons
    (QPushButton, a button's setText, QDialogButtonBox.addButton, dialog_buttons' and form_dialog's OK
    text), actions and menus (QAction, addAction, addMenu), tabs, group boxes, check boxes, and the
    (text, slot…) entries the pages give action_row/add_buttons (and the navigation's PAGES)."""
    names: set[str] = set()

    def text(node) -> str | None:
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None

    for source in UI_SOURCES.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                args = [text(a) for a in node.args]
                picks = {"QPushButton": [-1], "QToolButton": [-1], "QAction": [0], "QCheckBox": [0],
                         "QGroupBox": [0], "addAction": [0], "addMenu": [0], "addButton": [0], "addTab": [1],
                         "dialog_buttons": [1], "form_dialog": [3], "FormDialog": [3]}.get(name, [])
                if name == "setText" and isinstance(func, ast.Attribute):
                    receiver = func.value
                    label = receiver.id if isinstance(receiver, ast.Name) else getattr(receiver, "attr", "")
                    picks = [0] if "button" in label.lower() else []
                for index in picks:
                    if index == -1:  # QPushButton(icon, text) or QPushButton(text)
                        index = len(args) - 1
                    if 0 <= index < len(args) and args[index]:
                        names.add(args[index])
                for keyword in node.keywords:
                    if keyword.arg == "ok_text" and text(keyword.value):
                        names.add(text(keyword.value))
            elif isinstance(node, ast.Tuple) and len(node.elts) >= 2 and text(node.elts[0]):
                names.add(text(node.elts[0]))  # (text, slot, …) and PAGES' (title, module, class)
    return {re.sub(r"\(&\w\)|&", "", n).strip() for n in names if n.strip()}


def test_every_button_the_guide_names_is_a_real_one():
    names = on_screen_names()
    assert {"新建活动", "签到模式", "适合宽度", "导出上报数据包…", "文件", "使用说明"} <= names  # the reading works
    bold = re.findall(r"<b>(.*?)</b>", GUIDE.read_text(encoding="utf-8"), flags=re.S)
    assert len(bold) >= 40
    unknown = sorted({part.strip() for b in bold for part in b.split("→") if part.strip() not in names})
    assert not unknown, f"the guide names buttons the program does not have: {unknown}"


def measure(db: str) -> dict:
    """In the child process: the guide as F1 opens it on this screen; the width its pictures have to fit
    in, and each picture's width."""
    from PySide6.QtWidgets import QApplication

    from stationdesk.services import station
    from stationdesk.store import open_database
    from stationdesk.ui.app import make_application
    from stationdesk.ui.main_window import MainWindow

    app = make_application()
    store = open_database(db)
    station.set_up(store, station.StationInfo(name="测试村新时代文明实践站", manager="王站长", phone="0571-12345678"),
                   prefix="SD", operator="李会计")
    window = MainWindow(store)
    window.show()
    window.show_guide()
    for _ in range(20):
        app.processEvents()
    browser = window._guide.findChild(QTextBrowser, "guide")
    document = browser.document()
    room = browser.viewport().width() - 2 * int(document.documentMargin())
    pictures = {}
    for fragment in fragments(document):
        if fragment.charFormat().isImageFormat():
            name = fragment.charFormat().toImageFormat().name()
            pictures[name] = QImage(str(HELP / name)).width()
    sideways = browser.horizontalScrollBar().maximum()
    free = app.primaryScreen().geometry()
    window._guide.close()
    window.close()
    store.close()
    QApplication.processEvents()
    return {"screen": [free.width(), free.height()], "room": room, "pictures": pictures, "sideways": sideways}


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1]), ensure_ascii=False))
    sys.exit(0)
