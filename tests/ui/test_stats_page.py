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
    assert f"开展活动 <b>{expected.activities}</b> 次" in page.figures.text()
    assert len(page.charts["month"].items) == len(expected.by_month) > 0
    for chart in page.charts.values():  # each bar drawn as long as its share of the longest
        assert drawn_bars(chart) == pytest.approx([v / max(v for _, v in chart.items) for _, v in chart.items],
                                                  abs=0.02), chart.title
    page.month.setCurrentIndex(page.month.findData(3))
    assert "2026年3月" in page.figures.text()
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
