"""`--self-test`: the installed program checks itself (./dev package, the installers, CI) through the
same use cases the window uses — a temporary station, pinyin search, the lunar calendar, the bundled
fonts, the roster and sign-in sheet from services.documents, a signed package read back, the window
painted offscreen. Every check is an explicit condition, not `assert` (which `python -O` removes): a
failed one says which in Chinese and the exit code is nonzero."""

import sys
import tempfile
from pathlib import Path

from stationdesk.cli.common import OK

FAILED = 1  # what a failed check exited with before (a traceback); any nonzero stops a build or an installer


class SelfTestFailed(Exception):
    """A check that did not hold; `str()` is the Chinese sentence saying which."""


def require(holds: bool, problem: str) -> None:
    if not holds:
        raise SelfTestFailed(problem)


def self_test() -> int:
    try:
        passed = _checks()
    except SelfTestFailed as failed:
        print(f"自检失败：{failed}", file=sys.stderr)
        return FAILED
    print(f"自检通过：{passed}。", file=sys.stderr)
    return OK


def _checks() -> str:
    """What passed, for the closing line; SelfTestFailed at the first check that does not hold."""
    from stationdesk.domain.festivals import marked_days
    from stationdesk.reports.fonts import RARE, runs
    from stationdesk.services import activities, documents, roster
    from stationdesk.services.demo import build_demo
    from stationdesk.services.packages import export_package, read_checked
    from stationdesk.store import open_database

    with tempfile.TemporaryDirectory() as tmp, open_database(Path(tmp) / "self-test.sqlite3") as store:
        build_demo(store, volunteers=20)
        found = roster.search(store, "zs")
        require(bool(found) and found[0].name == "张三", "拼音检索不对：查“zs”没有首先找到张三")
        mid_autumn = next((d.day for d in marked_days(2026) if d.name == "中秋节"), None)
        require(mid_autumn is not None and mid_autumn.isoformat() == "2026-09-25",
                f"农历节日算错了：2026 年中秋节应为 2026-09-25，算得 {mid_autumn}")
        require(runs("王䶮")[-1] == (RARE, "䶮"), "缺少生僻字字体：“䶮”无法打印")

        roster_pdf = Path(tmp) / "roster.pdf"
        printed = documents.roster(store, roster_pdf)
        size = _size(roster_pdf)
        require(printed.pages == 1 and size > 10_000,
                f"花名册 PDF 不对：{printed.pages} 页，{size} 字节（应为 1 页，多于 10000 字节）")
        planned = activities.list_activities(store)
        require(bool(planned), "演示站点没有活动，无法检查签到表")
        sheet = Path(tmp) / "signin.pdf"
        documents.signin(store, planned[0].id, sheet)
        sheet_size = _size(sheet)
        require(sheet_size > 10_000, f"签到表 PDF 不对：{sheet_size} 字节（应多于 10000 字节）")

        package = Path(tmp) / "up.sdpkg"
        signed = export_package(store, package, year=planned[0].starts_at.year)
        require(read_checked(package).manifest["station"] == signed["station"],
                "签名数据包读回后的站点与导出时不同")

        from stationdesk.ui.self_test import check_window

        window = check_window(store, roster_pdf, require)
    return (f"数据库、拼音检索、农历节日、花名册（{size} 字节）、签到表（{sheet_size} 字节）、签名数据包、"
            f"{window}")


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0
