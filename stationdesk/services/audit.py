"""The audit log: who changed or revealed what, and when (PIPL Art. 51)."""

import json
from datetime import datetime

from stationdesk.store.models import AuditEntry, Setting

UNNAMED = "（未指定经办人）"
_operator = ""


def set_operator(name: str) -> None:
    """The 当前经办人 for this process: chosen in the app (remembered per PC) or `--operator` on the CLI.
    Staff often share one Windows account, so the OS login names nobody."""
    global _operator
    _operator = " ".join(name.split())


def operator() -> str:
    """The person to print as 经办人; "" leaves the line blank to sign by hand."""
    return _operator


def actor() -> str:
    return _operator or UNNAMED


OPERATOR_KEY = "current_operator"


def load_operator(store) -> str:
    """At start: the operator last chosen on this station's PC, unless one was given (`--operator`)."""
    if not _operator:
        row = Setting.get_or_none(Setting.key == OPERATOR_KEY)
        set_operator(row.value if row else "")
    return _operator


def choose_operator(store, name: str) -> None:
    """Switch the 当前经办人 and remember it for the next start (an audit entry says who took over)."""
    set_operator(name)
    with store.write():
        Setting.replace(key=OPERATOR_KEY, value=_operator).execute()
        record("set_operator", "setting", None, name=_operator)


def record(action: str, entity: str, entity_id: int | None, **detail) -> None:
    """Append an entry. Call inside the write transaction it describes."""
    AuditEntry.create(at=datetime.now(), actor=actor(), action=action, entity=entity,
                      entity_id=entity_id, detail=json.dumps(detail, ensure_ascii=False, default=str))


def entries_for(store, entity: str, entity_id: int) -> list[tuple[str, str, str, str]]:
    cursor = store.execute(
        "SELECT at, actor, action, detail FROM audit_entry WHERE entity = ? AND entity_id = ? ORDER BY id",
        (entity, entity_id))
    return [tuple(str(x) for x in row) for row in cursor]


ACTIONS = {"set_operator": "切换经办人", "add": "新增", "edit": "修改", "archive": "归档", "restore": "恢复", "reveal": "查看完整号码",
           "import": "导入", "export": "导出", "add_members": "添加队员", "remove_member": "移出队员",
           "set_leader": "设为队长", "unset_leader": "取消队长", "set_backup_dir": "更改备份文件夹"}
ENTITIES = {"volunteer": "志愿者", "team": "队伍", "setting": "设置", "database": "数据库"}


def recent(store, limit: int = 1000) -> list[tuple]:
    """(time, who, action, what, record id, details) in Chinese, newest first."""
    rows = store.execute("SELECT at, actor, action, entity, entity_id, detail FROM audit_entry "
                         "ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
    return [(str(at)[:19], who, ACTIONS.get(action, action), ENTITIES.get(entity, entity),
             "" if eid is None else eid, detail) for at, who, action, entity, eid, detail in rows]


def export_log(store, out, limit: int = 100_000) -> int:
    from stationdesk.exchange.xlsx_out import write_table

    return write_table(out, "操作日志", ("时间", "操作人", "操作", "对象", "编号", "详情"),
                       recent(store, limit), widths=(20, 12, 14, 10, 8, 60))
