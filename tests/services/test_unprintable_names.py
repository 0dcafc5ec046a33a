"""A name with a character no shipped font draws is accepted, and the operator is told it prints as □:
in the import preview (a 提醒, not a rejection) and by `volunteers add` (issue 28)."""

import json

from stationdesk.cli import main
from stationdesk.exchange.tables import Grid
from stationdesk.services import importing, roster

EXT_I = "\U0002EBF0"
SAID = f"姓名中的“{EXT_I}”（U+2EBF0）没有可用字体，打印时会显示为 □。"


def test_the_import_preview_warns_and_imports_the_name_all_the_same(store, tmp_path):
    grid = Grid("Sheet1", [["姓名", "联系电话"], [f"王{EXT_I}", "13800000001"], ["李㔰", "13800000002"],
                           ["张三", "13800000003"]])
    plan = importing.plan_grid(store, grid, tmp_path / "名单.xlsx")
    assert [r.status for r in plan.rows] == ["new", "new", "new"]
    warned = {r.draft.name: [p.message for p in r.source.warnings] for r in plan.rows}
    assert warned == {f"王{EXT_I}": [SAID], "李㔰": [], "张三": []}  # 㔰 prints now (HanaMinA)
    assert plan.rows[0].source.warnings[0].label == "姓名"
    result = importing.commit_import(store, plan)
    assert result.imported == 3 and not result.rejected
    assert result.warnings == [{"row": 2, "column": "姓名", "reason": SAID}]
    assert {r.name for r in roster.search(store, "")} == {f"王{EXT_I}", "李㔰", "张三"}


def test_volunteers_add_says_which_character_will_not_print(tmp_path, capsys):
    db = str(tmp_path / "station.sqlite3")
    assert main(["--db", db, "--create", "volunteers", "add", "--name", f"王{EXT_I}"]) == 0
    said = capsys.readouterr().err  # what a command did goes to stderr (README: Command line)
    assert f"已登记志愿者 王{EXT_I}" in said and f"提醒：{SAID}" in said
    assert main(["--db", db, "volunteers", "add", "--name", "李㔰", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == []
    assert main(["--db", db, "volunteers", "add", "--name", f"赵{EXT_I}", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == [SAID]
