"""The look of every window in one place: colours, spacing, type sizes, radii, the application style
sheet (QSS) and the palette for what QSS does not reach. Pages and dialogs name these constants; they
never write a colour of their own.

One accent, the red of the 新时代文明实践 emblem, marks what matters most (the selected page, the one
primary button of a dialog); everything else is quiet greys. State colours are the same everywhere: green
for 已完成, red for 落后/超期/错误, amber for 待核实/提醒, blue for links and information.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QProxyStyle,
    QPushButton,
    QStyleFactory,
    QWidget,
)

from stationdesk.paths import resource

# -- colours -------------------------------------------------------------------------------------------
ACCENT = "#b3261e"  # 文明实践 red
ACCENT_HOVER = "#9a2019"
ACCENT_PRESSED = "#7f1a14"
ACCENT_SOFT = "#fbe9e7"  # the selected navigation entry, a selected row
ACCENT_LINE = "#f1c4bf"

TEXT = "#1f2328"
TEXT_MUTED = "#5f6368"  # labels beside values, hints
TEXT_DISABLED = "#a0a4a8"
WINDOW = "#f4f5f7"  # behind everything
SURFACE = "#ffffff"  # cards, tables, fields
SURFACE_HOVER = "#eef0f3"
SURFACE_PRESSED = "#e2e5e9"
BORDER = "#d3d7dc"
BORDER_STRONG = "#b4bac1"
GRID = "#e8eaed"
ALT_ROW = "#f4f6f8"
HEADER = "#f0f2f4"
CARD_HOVER = "#fffafa"

DONE = "#1e7b34"  # 已完成, 已校验, 有效
DONE_SOFT = "#e7f4ea"
BEHIND = "#c0392b"  # 落后, 超期, 错误, 伪造
BEHIND_SOFT = "#fdecea"
CHECK = "#a65e00"  # 待核实, 提醒, 作废
CHECK_SOFT = "#fff4e0"
INFO = "#1f5fa8"  # links, 逢5, 已派单
INFO_SOFT = "#eaf1fb"
NEUTRAL_SOFT = "#f2f2f2"  # skipped rows
DESK = "#7a7d82"  # behind the pages of a print preview

# A table's state cell (活动's 状态): (text colour, cell background) by what the state means.
STATE_COLOURS = {
    "done": (DONE, DONE_SOFT),  # 已完成
    "planned": (INFO, INFO_SOFT),  # 计划中
    "check": (CHECK, CHECK_SOFT),  # 待核实
    "behind": (BEHIND, BEHIND_SOFT),  # 超期, 落后
    "cancelled": (TEXT_DISABLED, NEUTRAL_SOFT),  # 已取消
}

# -- spacing, type, radii ------------------------------------------------------------------------------
GRID_UNIT = 8  # every margin and gap is a multiple of it


def space(units: float = 1) -> int:
    return int(GRID_UNIT * units)


FONT_SMALL = 12  # px: hints, captions
FONT_BODY = 13  # px: the application font (10 pt at 96 dpi)
FONT_NAV = 15
FONT_HEADING = 16
FONT_TITLE = 20
FONT_FIGURE = 26  # the numbers on 首页's cards

RADIUS = 4  # buttons and fields
RADIUS_CARD = 8


def coloured(text: str, colour: str) -> str:
    """`text` (already escaped HTML) in `colour`, for rich-text labels."""
    return f"<span style='color:{colour}'>{text}</span>"


def muted_style() -> str:
    return f"color: {TEXT_MUTED};"


def primary(button: QPushButton) -> QPushButton:
    """Mark `button` as its dialog's one primary action (accent-filled)."""
    button.setProperty("primary", True)
    button.style().unpolish(button)
    button.style().polish(button)
    return button


def set_role(widget: QWidget, role: str) -> QWidget:
    """A text role the style sheet knows: "error", "warning", "done", "hint", "title", "heading"."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    return widget


def icon(name: str) -> QIcon:
    """One of the small line icons in resources/icons (navigation and main actions); an empty icon
    when the file is missing, so a damaged install still starts."""
    path = resource(f"icons/{name}.svg")
    return QIcon(str(path)) if path.exists() else QIcon()


ARROW_DOWN = resource("icons/chevron-down.svg").as_posix()
ARROW_UP = resource("icons/chevron-up.svg").as_posix()

STYLE_SHEET = f"""
QMainWindow, QDialog {{ background: {WINDOW}; }}
QToolTip {{ color: {TEXT}; background: {SURFACE}; border: 1px solid {BORDER}; padding: 4px; }}

QPushButton, QToolButton {{
    color: {TEXT}; background: {SURFACE}; border: 1px solid {BORDER}; border-radius: {RADIUS}px;
    padding: 4px 12px; min-height: 20px;
}}
QToolButton {{ padding: 4px 8px; }}
QToolButton::menu-indicator {{ subcontrol-position: right center; right: 4px; }}
QToolButton#moreActions {{ padding-right: 20px; }}
QPushButton:hover, QToolButton:hover {{ background: {SURFACE_HOVER}; border-color: {BORDER_STRONG}; }}
QPushButton:pressed, QToolButton:pressed {{ background: {SURFACE_PRESSED}; }}
QPushButton:focus, QToolButton:focus {{ border: 1px solid {ACCENT}; }}
QPushButton:disabled, QToolButton:disabled {{ color: {TEXT_DISABLED}; background: {WINDOW}; border-color: {GRID}; }}
QPushButton[primary="true"], QDialogButtonBox QPushButton:default {{ color: white; background: {ACCENT}; border: 1px solid {ACCENT}; font-weight: bold; }}
QPushButton[primary="true"]:hover, QDialogButtonBox QPushButton:default:hover {{ background: {ACCENT_HOVER}; border-color: {ACCENT_HOVER}; }}
QPushButton[primary="true"]:pressed, QDialogButtonBox QPushButton:default:pressed {{ background: {ACCENT_PRESSED}; }}
QPushButton[primary="true"]:focus, QDialogButtonBox QPushButton:default:focus {{ border: 2px solid {ACCENT_PRESSED}; }}
QPushButton[primary="true"]:disabled, QDialogButtonBox QPushButton:default:disabled {{ color: {SURFACE}; background: {ACCENT_LINE}; border-color: {ACCENT_LINE}; }}
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}

QLineEdit, QPlainTextEdit, QTextEdit, QSpinBox, QDoubleSpinBox, QDateEdit, QTimeEdit, QDateTimeEdit, QComboBox {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: {RADIUS}px; padding: 3px 6px;
    selection-background-color: {ACCENT_LINE}; selection-color: {TEXT};
}}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QSpinBox:focus, QDoubleSpinBox:focus, QDateEdit:focus,
QTimeEdit:focus, QDateTimeEdit:focus, QComboBox:focus {{ border-color: {ACCENT}; }}
QLineEdit:disabled, QComboBox:disabled, QSpinBox:disabled, QDateEdit:disabled {{ color: {TEXT_DISABLED}; background: {WINDOW}; }}
QComboBox {{ padding-right: 22px; }}
QComboBox::drop-down, QDateEdit::drop-down, QDateTimeEdit::drop-down {{
    subcontrol-origin: padding; subcontrol-position: center right; border: none; width: 20px;
}}
QComboBox::down-arrow, QDateEdit::down-arrow, QDateTimeEdit::down-arrow {{ image: url({ARROW_DOWN}); width: 12px; height: 12px; }}
QSpinBox, QDoubleSpinBox, QTimeEdit {{ padding-right: 20px; }}
QSpinBox::up-button, QDoubleSpinBox::up-button, QTimeEdit::up-button, QDateEdit::up-button {{
    subcontrol-origin: border; subcontrol-position: top right; width: 18px; border: none;
    border-left: 1px solid {GRID}; border-top-right-radius: {RADIUS}px;
}}
QSpinBox::down-button, QDoubleSpinBox::down-button, QTimeEdit::down-button, QDateEdit::down-button {{
    subcontrol-origin: border; subcontrol-position: bottom right; width: 18px; border: none;
    border-left: 1px solid {GRID}; border-bottom-right-radius: {RADIUS}px;
}}
QSpinBox::up-button:hover, QDoubleSpinBox::up-button:hover, QTimeEdit::up-button:hover,
QSpinBox::down-button:hover, QDoubleSpinBox::down-button:hover, QTimeEdit::down-button:hover {{ background: {SURFACE_HOVER}; }}
QSpinBox::up-arrow, QDoubleSpinBox::up-arrow, QTimeEdit::up-arrow, QDateEdit::up-arrow {{ image: url({ARROW_UP}); width: 10px; height: 10px; }}
QSpinBox::down-arrow, QDoubleSpinBox::down-arrow, QTimeEdit::down-arrow, QDateEdit::down-arrow {{ image: url({ARROW_DOWN}); width: 10px; height: 10px; }}
QComboBox QAbstractItemView {{ border: 1px solid {BORDER}; selection-background-color: {ACCENT_SOFT}; }}
QTextBrowser {{ border: 1px solid {GRID}; border-radius: {RADIUS}px; }}

QGroupBox {{ border: 1px solid {GRID}; border-radius: {RADIUS_CARD}px; margin-top: 14px; padding-top: 6px;
             background: {SURFACE}; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; color: {TEXT}; font-weight: bold; }}

QTableView, QTreeView, QListView {{
    background: {SURFACE}; alternate-background-color: {ALT_ROW}; border: 1px solid {BORDER};
    border-radius: {RADIUS}px; gridline-color: {GRID};
    selection-background-color: {ACCENT_SOFT}; selection-color: {TEXT};
}}
QTableView::item:selected, QTreeView::item:selected, QListView::item:selected {{ background: {ACCENT_SOFT}; color: {TEXT}; }}
QHeaderView::section {{
    background: {HEADER}; color: {TEXT}; font-weight: bold; padding: 4px 8px; border: none;
    border-right: 1px solid {GRID}; border-bottom: 1px solid {BORDER};
}}
QTableCornerButton::section {{ background: {HEADER}; border: none; border-bottom: 1px solid {BORDER}; }}

QListWidget#navigation {{
    background: {SURFACE}; border: none; border-right: 1px solid {GRID}; border-radius: 0;
    font-size: {FONT_NAV}px; padding: {space()}px 0; outline: 0;
}}
QListWidget#navigation::item {{ padding: 7px 8px; margin: 1px 8px; border-radius: {RADIUS + 2}px; color: {TEXT}; }}
QListWidget#navigation::item:hover {{ background: {SURFACE_HOVER}; }}
QListWidget#navigation::item:selected {{ background: {ACCENT_SOFT}; color: {ACCENT}; }}

QStatusBar {{ background: {SURFACE}; border-top: 1px solid {GRID}; color: {TEXT_MUTED}; }}
QStatusBar::item {{ border: none; }}
QStatusBar QLabel#operatorLabel {{ border-left: 1px solid {BORDER}; padding: 0 {space()}px; margin-left: {space()}px;
                                   color: {TEXT}; background: {SURFACE}; }}
QMenuBar {{ background: {SURFACE}; border-bottom: 1px solid {GRID}; }}
QMenuBar::item:selected {{ background: {SURFACE_HOVER}; }}
QMenu {{ background: {SURFACE}; border: 1px solid {BORDER}; }}
QMenu::item {{ padding: 5px 24px 5px 16px; }}
QMenu::item:selected {{ background: {ACCENT_SOFT}; color: {TEXT}; }}
QProgressBar {{ border: 1px solid {BORDER}; border-radius: {RADIUS}px; background: {SURFACE}; text-align: center; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: {RADIUS}px; }}
QTabWidget::pane {{ border: 1px solid {BORDER}; border-radius: {RADIUS}px; background: {SURFACE}; }}
QTabBar::tab {{ padding: 6px 14px; border: 1px solid transparent; color: {TEXT_MUTED}; }}
QTabBar::tab:selected {{ color: {ACCENT}; border-bottom: 2px solid {ACCENT}; }}
QScrollArea {{ border: none; }}

QLabel[role="error"] {{ color: {BEHIND}; }}
QLabel[role="warning"] {{ color: {CHECK}; }}
QLabel[role="done"] {{ color: {DONE}; }}
QLabel[role="hint"] {{ color: {TEXT_MUTED}; }}
QLabel[role="title"] {{ font-size: {FONT_TITLE}px; font-weight: bold; }}
QLabel[role="heading"] {{ font-size: {FONT_HEADING}px; font-weight: bold; }}
QLabel[role="empty"] {{ font-size: {FONT_NAV}px; color: {TEXT_MUTED}; }}

QPushButton#card {{ background: {SURFACE}; border: 1px solid {GRID}; border-radius: {RADIUS_CARD}px; padding: 0;
                    text-align: left; }}
QPushButton#card:hover {{ border-color: {ACCENT_LINE}; background: {CARD_HOVER}; }}
QPushButton#card:focus {{ border-color: {ACCENT}; }}
QPushButton#card QLabel {{ background: transparent; border: none; }}
QLabel#cardFigure {{ font-size: {FONT_FIGURE}px; font-weight: bold; color: {TEXT}; }}
QLabel#cardFigure[words="true"] {{ font-size: {FONT_TITLE}px; }}
QLabel#cardFigure[state="behind"] {{ color: {BEHIND}; }}
QLabel#cardFigure[state="check"] {{ color: {CHECK}; }}
QLabel#cardFigure[state="done"] {{ color: {DONE}; }}
QLabel#cardTitle {{ color: {TEXT_MUTED}; }}
QLabel#cardNote {{ color: {TEXT_MUTED}; font-size: {FONT_SMALL}px; }}
QFrame#panel {{ background: {SURFACE}; border: 1px solid {GRID}; border-radius: {RADIUS_CARD}px; }}
QFrame#panel QLabel {{ background: transparent; }}
"""


def palette() -> QPalette:
    """Colours for what the style sheet does not reach (item views' text, links in rich text, the
    calendar popup, message boxes)."""
    pal = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, WINDOW), (QPalette.ColorRole.WindowText, TEXT),
                         (QPalette.ColorRole.Base, SURFACE), (QPalette.ColorRole.AlternateBase, ALT_ROW),
                         (QPalette.ColorRole.Text, TEXT), (QPalette.ColorRole.Button, SURFACE),
                         (QPalette.ColorRole.ButtonText, TEXT), (QPalette.ColorRole.Highlight, ACCENT_LINE),
                         (QPalette.ColorRole.HighlightedText, TEXT), (QPalette.ColorRole.Link, INFO),
                         (QPalette.ColorRole.LinkVisited, INFO), (QPalette.ColorRole.ToolTipBase, SURFACE),
                         (QPalette.ColorRole.ToolTipText, TEXT), (QPalette.ColorRole.PlaceholderText, TEXT_DISABLED),
                         (QPalette.ColorRole.Mid, BORDER), (QPalette.ColorRole.Midlight, GRID)):
        pal.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(TEXT_DISABLED))
    return pal


class DeskStyle(QProxyStyle):
    """Fusion, with what a style sheet cannot say: every list and table reads in alternating rows and
    elides a long text in its middle (the whole text is in the cell's tooltip)."""

    def polish(self, target):
        if isinstance(target, QAbstractItemView) and not isinstance(target, QListView):
            target.setAlternatingRowColors(True)
            target.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        return super().polish(target)


def install_style(app: QApplication) -> None:
    """Fusion (the same on Windows, UOS and Kylin) with the palette and the style sheet above."""
    if app.property("stationdesk_styled"):
        return
    app.setStyle(DeskStyle(QStyleFactory.create("Fusion")))
    app.setPalette(palette())
    app.setStyleSheet(STYLE_SHEET)
    app.setProperty("stationdesk_styled", True)
