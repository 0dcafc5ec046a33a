"""QR codes drawn as one filled path: ~3x faster than reportlab's QrCodeWidget (which builds each code
twice), and no Drawing, whose default Helvetica would be listed as an unembedded font."""

from reportlab.graphics.barcode import qrencoder
from reportlab.platypus import Flowable

QUIET_ZONE = 2  # modules of white around the code


def dark_modules(payload: str) -> tuple[int, list[tuple[int, int]]]:
    """(module count, dark (row, column) cells). Payloads should be ASCII (REFERENCE §5)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    n = code.getModuleCount()
    return n, [(r, c) for r in range(n) for c in range(n) if code.isDark(r, c)]


def draw_qr(canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the code with its lower-left corner at (x, y)."""
    n, cells = dark_modules(payload)
    cell = size / (n + 2 * QUIET_ZONE)
    path = canvas.beginPath()
    for r, c in cells:
        path.rect(x + (c + QUIET_ZONE) * cell, y + size - (r + 1 + QUIET_ZONE) * cell, cell, cell)
    canvas.drawPath(path, stroke=0, fill=1)


class QrFlowable(Flowable):
    def __init__(self, payload: str, size: float):
        super().__init__()
        self.payload = payload
        self.size = size

    def wrap(self, available_width, available_height):
        return self.size, self.size

    def draw(self):
        draw_qr(self.canv, self.payload, 0, 0, self.size)
