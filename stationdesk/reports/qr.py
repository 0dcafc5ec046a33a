"""QR codes drawn as one filled path of dark runs. The symbol comes from segno (a maintained encoder,
about twice as fast as reportlab's qrencoder on the certificates' payloads, same error level M);
each row's run of dark modules is one rectangle, so a page holds a few hundred path operations per
code, not a thousand. No reportlab Drawing, whose default Helvetica would be listed as an unembedded
font."""

from itertools import groupby

import segno
from reportlab.platypus import Flowable

QUIET_ZONE = 4  # modules of white around the code: ISO 18004's minimum (2 was read less reliably)


def dark_runs(payload: str) -> tuple[int, list[tuple[int, int, int]]]:
    """(module count, (row, first column, length) of every horizontal run of dark modules). Payloads
    should be ASCII (REFERENCE §5)."""
    matrix = segno.make(payload, error="m", boost_error=False, micro=False).matrix
    runs = []
    for r, row in enumerate(matrix):
        column = 0
        for dark, run in groupby(row):
            length = len(list(run))
            if dark:
                runs.append((r, column, length))
            column += length
    return len(matrix), runs


def draw_qr(canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the code with its lower-left corner at (x, y)."""
    n, runs = dark_runs(payload)
    cell = size / (n + 2 * QUIET_ZONE)
    path = canvas.beginPath()
    for r, c, length in runs:
        path.rect(x + (c + QUIET_ZONE) * cell, y + size - (r + 1 + QUIET_ZONE) * cell, length * cell, cell)
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
