"""`assessment …` and `print assessment` in a subprocess on a real file: the score as JSON, a judgement
with evidence, refusals in Chinese with exit 2 and nothing written (a bad score, a malformed county sheet
naming its row), the sheet exported and imported back, and the 自评表 PDF read back with pdftotext."""

import json
import subprocess

from openpyxl import Workbook

from tests.e2e.test_cli import run


def _text(pdf) -> str:
    return "".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())


def test_the_assessment_from_the_command_line(tmp_path):
    db = tmp_path / "s.sqlite3"
    run("--db", db, "demo", "--volunteers", "30", "--seed", "2", check_code=0)
    shown = json.loads(run("--db", db, "assessment", "show", "--year", "2026", "--json", check_code=0).stdout)
    assert shown["points"] == 100 and len(shown["sections"]) == 6
    items = {i["code"]: i for s in shown["sections"] for i in s["items"]}
    assert items["3.1"]["method"] == "monthly_activities"
    assert any(i["status"] == "待评定" for i in items.values())  # the demo leaves two items to judge
    assert shown["score"] == sum(i["score"] or 0 for i in items.values())

    run("--db", db, "--operator", "王站长", "assessment", "judge", "1.2", "--score", "4.5", "--note", "标牌<统一>&规范",
        "--page", "台账第3页", "--year", "2026", check_code=0)
    after = json.loads(run("--db", db, "assessment", "show", "--year", "2026", "--json", check_code=0).stdout)
    judged = next(i for s in after["sections"] for i in s["items"] if i["code"] == "1.2")
    assert (judged["score"], judged["judged_by"], judged["ledger_page"]) == (4.5, "王站长", "台账第3页")
    assert after["score"] == shown["score"] - (items["1.2"]["score"] or 0) + 4.5  # the demo's own judgement replaced

    refused = run("--db", db, "assessment", "judge", "1.3", "--score", "8", "--note", "x", check_code=2)
    assert "超过了这一项的分值 5 分" in refused.stderr and "Traceback" not in refused.stderr
    computed = run("--db", db, "assessment", "judge", "3.1", "--score", "8", "--note", "x", check_code=2)
    assert "自动计分" in computed.stderr

    bad = tmp_path / "县细则.xlsx"
    wb = Workbook()
    for row in (["部分", "编号", "评估内容", "分值"], ["阵地", "1", "场所", 5], ["阵地", "2", "标牌", "若干"]):
        wb.active.append(row)
    wb.save(bad)
    refused = run("--db", db, "assessment", "import-sheet", bad, check_code=2)
    assert "第 3 行的分值“若干”不是数字" in refused.stderr and "Traceback" not in refused.stderr
    assert json.loads(run("--db", db, "assessment", "show", "--json", check_code=0).stdout)["points"] == 100

    run("--db", db, "assessment", "export-sheet", tmp_path / "细则.xlsx", check_code=0)
    imported = json.loads(run("--db", db, "assessment", "import-sheet", tmp_path / "细则.xlsx", "--json",
                              check_code=0).stdout)
    assert (imported["items"], imported["points"]) == (19, 100)

    run("--db", db, "print", "assessment", "--year", "2026", "-o", tmp_path / "自评表.pdf", check_code=0)
    text = _text(tmp_path / "自评表.pdf")
    assert "2026年度新时代文明实践站测评自评表" in text
    assert f"自评得分：{after['score']:g}分（满分100分" in text
    assert "标牌<统一>&规范；见台账第3页" in text and "评定人王站长" in text
    assert "填表人：" in text and "站长（负责人）：" in text and "第1页/共" in text
    fonts = subprocess.run(["pdffonts", str(tmp_path / "自评表.pdf")], capture_output=True, text=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded
