"""Render the SVG icon to PNG sizes and a Windows .ico (build time; generated files are not committed).

Usage: python installer/make_icons.py OUT_DIR
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # Pillow arrives with reportlab
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SIZES = (16, 24, 32, 48, 64, 128, 256)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 (QImage painting needs the application)
    renderer = QSvgRenderer(str(ROOT / "resources/icons/stationdesk.svg"))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(out / f"stationdesk-{size}.png"))
    Image.open(out / "stationdesk-256.png").save(out / "stationdesk.ico", sizes=[(s, s) for s in SIZES])
    print(f"icons written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
