import pytest
from openpyxl import load_workbook

from stationdesk.services import stats
from stationdesk.ui.stats_page import StatsPage


def drawn_bars(chart) -> list[float]:
    """Each bar's length in the rendered chart, as a share of the longest (read from the pixels)."""
    from stationdesk.ui.stats_page import BAR

    image = chart.grab().toImage()
    lengths = []
    for i in range(len(chart.items)):
        y = 30 + i * 24 + 10
        lengths.append(sum(image.pixelColor(x, y) == BAR for x in range(image.width())))
    return [n / max(lengths) for n in lengths]


def test_stats_page_numbers_charts_and_exports(demo_store, qtbot, tmp_path, monkeypatch):
    from stationdesk.ui import pdf_preview

    monkeypatch.setattr(pdf_preview, "data_dir", lambda: tmp_path)
    page = StatsPage(demo_store)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    page.year.setCurrentIndex(page.year.findData(2026))
    expected = stats.compute(demo_store, stats.period_of(2026))
    qtbot.waitUntil(lambda: not page.counting())  # counted in the background
    assert f"开展活动 <b>{expected.activities}</b> 次" in page.figures.text()
    assert len(page.charts["month"].items) == len(expected.by_month) > 0
    for chart in page.charts.values():  # each bar drawn as long as its share of the longest
        assert drawn_bars(chart) == pytest.approx([v / max(v for _, v in chart.items) for _, v in chart.items],
                                                  abs=0.02), chart.title
    page.month.setCurrentIndex(page.month.findData(3))
    assert page.counting() and "正在统计2026年3月" in page.figures.text()  # the page answers at once
    assert page.busy.isVisible()
    qtbot.waitUntil(lambda: not page.counting())
    assert not page.busy.isVisible()
    assert "<b>2026年3月</b>" in page.figures.text()
    xlsx = page.export(str(tmp_path / "s.xlsx"))
    assert load_workbook(xlsx).sheetnames[0] == "概况"
    assert page.print_report(open_after=False)


def test_the_yearly_ledger_from_the_page(demo_store, qtbot, tmp_path, monkeypatch):
    import subprocess

    from stationdesk.ui import pdf_preview

    monkeypatch.setattr(pdf_preview, "data_dir", lambda: tmp_path)
    page = StatsPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    page.year.setCurrentIndex(page.year.findData(2026))
    path = page.make_ledger(sections=["profile", "activities"], open_after=False)
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    assert "2026年度工作台账" in text and "二、活动记录" in text and "志愿者花名册" not in text


def test_the_figures_shown_are_those_of_the_period_chosen_last(demo_store, qtbot, monkeypatch):
    """Choosing 2025, then 2026 before 2025's (slow) figures arrive: 2025's late answer is not shown."""
    import time

    compute = stats.compute

    def slow_2025(store, period, **kwargs):
        if period.start.year == 2025:
            time.sleep(0.5)
        return compute(store, period, **kwargs)

    monkeypatch.setattr(stats, "compute", slow_2025)
    page = StatsPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.counting())
    page.year.setCurrentIndex(page.year.findData(2025))
    page.year.setCurrentIndex(page.year.findData(2026))
    qtbot.waitUntil(lambda: not page.counting())
    qtbot.wait(800)  # 2025's answer has come back too
    assert page.stats.period == stats.period_of(2026) and "<b>2026年</b>" in page.figures.text()
