"""Run in a subprocess: the yearly 台账 with every activity's photos, or the same photos drawn by bare
reportlab, and the peak resident memory of doing it.

Usage: python -m tests.bench.ledger_probe app|bare DB_PATH YEAR OUT.pdf  → prints JSON {"seconds", "peak_mb"}
"""

import json
import sys
import time
from datetime import datetime


def peak_mb() -> float:
    """VmHWM: the peak of this program's own address space (ru_maxrss survives exec, so it would report
    the bench process that started us)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def app(db_path: str, year: int, out: str) -> int:
    from stationdesk.reports.ledger import build_ledger
    from stationdesk.services.ledger import gather
    from stationdesk.store import open_database

    with open_database(db_path) as store:
        return build_ledger(gather(store, year), out, printed_at=datetime(year, 12, 31))


def bare(db_path: str, year: int, out: str) -> int:
    """Each held activity's title and its photos on a page of their own: the drawing the ledger cannot avoid.
    Photos go in through files, the way reportlab embeds a JPEG as it is."""
    import sqlite3
    import tempfile
    from pathlib import Path

    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from stationdesk.reports.fonts import register_fonts

    font = register_fonts()
    rl_config.useA85 = 0  # binary streams, as the app writes them
    con = sqlite3.connect(db_path)
    canvas = Canvas(out, pagesize=A4)
    pages = 0
    folder = Path(tempfile.mkdtemp())
    for aid, title in con.execute("SELECT id, title FROM activity WHERE status = 'done' AND starts_at >= ?"
                                  " AND starts_at < ? ORDER BY starts_at", (f"{year}-01-01", f"{year + 1}-01-01")):
        canvas.setFont(font, 12)
        canvas.drawString(60, 780, title)
        rows = con.execute("SELECT id, jpeg FROM activity_photo WHERE activity_id = ?", (aid,)).fetchall()
        for n, (pid, jpeg) in enumerate(rows):
            photo = folder / f"{pid}.jpg"
            photo.write_bytes(jpeg)
            canvas.drawImage(str(photo), 60 + (n % 2) * 240, 480 - (n // 2) * 200, 220, 165)
        canvas.showPage()
        pages += 1
    canvas.save()
    return pages


if __name__ == "__main__":
    kind, db, year, target = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    started = time.perf_counter()
    pages = (app if kind == "app" else bare)(db, year, target)
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": peak_mb(), "pages": pages}))
