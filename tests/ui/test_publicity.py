"""简报 from the 活动 page's 更多 menu and the 统计 page's 月度工作简报 and 时长积分公示, driven as a person would."""

import subprocess
from datetime import date

from PySide6.QtWidgets import QApplication

from stationdesk.services import activities
from stationdesk.ui import stats_page as stats_module
from stationdesk.ui.activities_page import ActivitiesPage
from stationdesk.ui.stats_page import StatsPage


def test_an_activity_brief_from_the_more_menu(demo_store, qtbot, tmp_path):
    page = ActivitiesPage(demo_store)
    qtbot.addWidget(page)
    page.refresh()
    a = next(a for a in activities.list_activities(demo_store) if a.status == "done")
    page.show_activity(a.id)
    dialog = page.make_brief()
    qtbot.addWidget(dialog)
    assert dialog.text.toPlainText().startswith(a.title + "\n")
    dialog.copy_text()
    assert QApplication.clipboard().text() == dialog.brief.as_text()
    pdf = dialog.make_pdf(str(tmp_path / "b.pdf"), open_after=False)
    assert "".join(a.title.split()) in "".join(subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True,
                                                              check=True).stdout.split())
    saved = dialog.save_docx(str(tmp_path / "b"))
    from docx import Document

    assert saved.endswith(".docx") and Document(saved).paragraphs[0].text == a.title


def test_the_more_menu_lists_the_brief(demo_store, qtbot):
    from PySide6.QtWidgets import QMenu

    page = ActivitiesPage(demo_store)
    qtbot.addWidget(page)
    labels = [action.text() for menu in page.findChildren(QMenu) for action in menu.actions()]
    assert "生成简报…" in labels


def test_monthly_brief_and_notice_from_the_stats_page(demo_store, qtbot, tmp_path, monkeypatch, forms):
    warned = []
    monkeypatch.setattr(stats_module, "warn", lambda parent, title, text: warned.append(text))
    page = StatsPage(demo_store)
    qtbot.addWidget(page)
    a = next(a for a in activities.list_activities(demo_store) if a.status == "done")
    page.year.setCurrentIndex(page.year.findData(a.starts_at.year))
    page.month.setCurrentIndex(0)  # 全年
    assert page.monthly_brief() is None and page.print_notice() is None
    assert len(warned) == 2 and "请先在“统计期间”里选一个月份" in warned[0]
    page.month.setCurrentIndex(page.month.findData(a.starts_at.month))
    dialog = page.monthly_brief()
    qtbot.addWidget(dialog)
    assert f"{a.starts_at.year}年{a.starts_at.month}月工作简报" in dialog.text.toPlainText()
    forms.answer({"公示期开始": date(a.starts_at.year, 12, 1), "公示天数": 5, "监督电话": "0571-5550000",
                  "纸张方向": True})
    pdf = page.print_notice(str(tmp_path / "n.pdf"), open_after=False)
    text = "".join(subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout.split())
    assert f"公示期：{a.starts_at.year}年12月1日至{a.starts_at.year}年12月5日" in text and "0571-5550000" in text
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.276" in info  # A4 landscape
