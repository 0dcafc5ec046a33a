"""The 操作日志 speaks Chinese: every action code any part of the program records has a label, and the
page, its workbook and `export log` show labels, never codes."""

import ast
import json
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

import stationdesk
from stationdesk.domain.activity import CANCELLED, DONE, PLANNED
from stationdesk.services import audit, people

PACKAGE = Path(stationdesk.__file__).parent


def _recorded() -> tuple[dict[str, list[str]], dict[str, list[str]], list[str]]:
    """(action code → where, entity → where, calls whose code cannot be read) over the whole package."""
    actions: dict[str, list[str]] = {}
    entities: dict[str, list[str]] = {}
    unread: list[str] = []

    def values(node) -> list[str] | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.IfExp):
            a, b = values(node.body), values(node.orelse)
            return None if a is None or b is None else a + b
        if isinstance(node, ast.JoinedStr) and ast.unparse(node) == "f'status_{status}'":
            return [f"status_{s}" for s in (PLANNED, DONE, CANCELLED)]  # activities.set_status
        if isinstance(node, ast.Name) and node.id == "kind":
            return list(people.KINDS)  # people.remove: the kinds of record it removes
        return None

    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            f = call.func
            is_record = (isinstance(f, ast.Attribute) and f.attr == "record" and isinstance(f.value, ast.Name)
                         and f.value.id == "audit") or (path.name == "audit.py" and isinstance(f, ast.Name)
                                                         and f.id == "record")
            if not is_record:
                continue
            where = f"{path.relative_to(PACKAGE)}:{call.lineno}"
            for found, node in ((actions, call.args[0]), (entities, call.args[1])):
                codes = values(node)
                if codes is None:
                    unread.append(f"{where} {ast.unparse(node)}")
                for code in codes or ():
                    found.setdefault(code, []).append(where)
    return actions, entities, unread


def test_every_action_and_entity_recorded_anywhere_has_a_chinese_label():
    actions, entities, unread = _recorded()
    assert len(actions) > 50 and "redeem" in actions and "merge" in actions  # the walk found the calls
    assert unread == [], "an audit.record call whose code this test cannot read: give it a literal code"
    missing = {code: where for code, where in actions.items() if code not in audit.ACTIONS}
    assert missing == {}, "action codes without a Chinese label in services/audit.py ACTIONS"
    assert {e: w for e, w in entities.items() if e not in audit.ENTITIES} == {}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in label) for label in [*audit.ACTIONS.values(),
                                                                              *audit.ENTITIES.values()])


def test_the_log_page_its_workbook_and_the_cli_export_show_labels(demo_store, db_path, tmp_path):
    from stationdesk.services import merging

    # Entries the demo makes plus a merge, its undo, and a code a newer program might write.
    a, b = (demo_store.scalar("SELECT id FROM volunteer ORDER BY id LIMIT 1 OFFSET ?", (n,)) for n in (0, 1))
    merging.undo_merge(demo_store, merging.merge(demo_store, a, b, prefer="keep"))
    with demo_store.bound(), demo_store.write():
        audit.record("frobnicate", "gizmo", None, note="来自新版本")
    shown = audit.recent(demo_store)
    codes = {r[0] for r in demo_store.execute("SELECT DISTINCT action FROM audit_entry")}
    assert {"merge", "unmerge", "attendance"} <= codes
    assert {r[2] for r in shown} <= set(audit.ACTIONS.values()) | {"其他操作（frobnicate）"}
    assert {r[3] for r in shown} <= set(audit.ENTITIES.values()) | {"其他（gizmo）"}
    assert not any('{"' in r[5] for r in shown)  # details as 键：值, not JSON
    merge_row = next(r for r in shown if r[2] == "合并重复记录")
    assert "被合并记录：" in merge_row[5]

    out = tmp_path / "日志.xlsx"
    n = audit.export_log(demo_store, out)
    sheet = load_workbook(out, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("时间", "操作人", "操作", "对象", "编号", "详情") and len(rows) == n + 1
    assert {r[2] for r in rows[1:]} <= set(audit.ACTIONS.values()) | {"其他操作（frobnicate）"}
    assert demo_store.scalar("SELECT detail FROM audit_entry WHERE action = 'export' ORDER BY id DESC LIMIT 1") \
        == json.dumps({"file": "日志.xlsx", "format": "操作日志", "rows": n}, ensure_ascii=False)

    cli = tmp_path / "cli.xlsx"
    demo_store.close()
    proc = subprocess.run([sys.executable, "-m", "stationdesk", "--db", str(db_path), "export", "log", str(cli), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["rows"] == n + 1  # the earlier export is in the log now
    labels = [r[2] for r in load_workbook(cli, read_only=True).active.iter_rows(min_row=2, values_only=True)]
    assert labels[0] == "导出" and "合并重复记录" in labels and "撤销合并" in labels and "redeem" not in labels
    quiet = subprocess.run([sys.executable, "-m", "stationdesk", "--db", str(db_path), "export", "log",
                            str(tmp_path / "x.xlsx")], capture_output=True, text=True, timeout=120)
    assert quiet.returncode == 0 and "条操作日志" in quiet.stderr + quiet.stdout
