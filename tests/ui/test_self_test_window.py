"""The window half of --self-test checks with explicit calls (kept under `python -O`), each in Chinese."""

from datetime import datetime

from stationdesk.reports.roster import build_roster
from stationdesk.ui.self_test import check_window


def test_every_window_check_is_an_explicit_chinese_requirement(store, qapp, tmp_path):
    pdf = tmp_path / "roster.pdf"
    build_roster([], pdf, station="站", printed_at=datetime(2026, 1, 1))
    checks = []
    said = check_window(store, pdf, lambda holds, problem: checks.append((holds, problem)))
    assert len(checks) == 4 and all(holds for holds, _ in checks), checks
    assert all(any("\u4e00" <= c <= "\u9fff" for c in problem) for _, problem in checks)
    assert said.startswith("窗口 ") and "打印预览 1 页" in said
