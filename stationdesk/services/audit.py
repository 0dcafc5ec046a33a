"""The audit log: who changed or revealed what, and when (PIPL Art. 51)."""

import json
from datetime import datetime

from stationdesk.domain.text import clean, strip_invisible
from stationdesk.store.database import per_store
from stationdesk.store.models import AuditEntry, Setting

UNNAMED = "（未指定经办人）"
_operator = ""


def set_operator(name: str) -> None:
    """The 当前经办人 for this process: chosen in the app (remembered per PC) or `--operator` on the CLI.
    Staff often share one Windows account, so the OS login names nobody."""
    global _operator
    _operator = " ".join(clean(name).split())


def operator() -> str:
    """The person to print as 经办人; "" leaves the line blank to sign by hand."""
    return _operator


def actor() -> str:
    return _operator or UNNAMED


OPERATOR_KEY, STAFF_KEY = "current_operator", "staff"


def load_operator(store) -> str:
    """At start: the operator last chosen on this station's PC, unless one was given (`--operator`)."""
    if not _operator:
        row = Setting.get_or_none(Setting.key == OPERATOR_KEY)
        set_operator(row.value if row else "")
    return _operator


def staff(store) -> list[str]:
    """The station's staff list: everyone who has been 经办人 here, offered at start and when switching."""
    row = Setting.get_or_none(Setting.key == STAFF_KEY)
    return json.loads(row.value) if row else []


def needs_choosing(store) -> bool:
    """Ask who is on duty at start when several people share this PC (one person is simply remembered)."""
    return len(staff(store)) > 1


def choose_operator(store, name: str) -> None:
    """Switch the 当前经办人, remember it for the next start and add a new name to the staff list (an
    audit entry says who took over)."""
    set_operator(name)
    names = staff(store)
    with store.write():
        Setting.replace(key=OPERATOR_KEY, value=_operator).execute()
        if _operator and _operator not in names:
            Setting.replace(key=STAFF_KEY, value=json.dumps([*names, _operator], ensure_ascii=False)).execute()
        record("set_operator", "setting", None, name=_operator)


def remove_staff(store, name: str) -> None:
    """Take someone off the list (left the station); their past entries keep their name."""
    names = [n for n in staff(store) if n != name]
    with store.write():
        Setting.replace(key=STAFF_KEY, value=json.dumps(names, ensure_ascii=False)).execute()
        record("remove_staff", "setting", None, name=name)


def record(action: str, entity: str, entity_id: int | None, **detail) -> None:
    """Append an entry. Call inside the write transaction it describes."""
    AuditEntry.create(at=datetime.now(), actor=actor(), action=action, entity=entity,
                      entity_id=entity_id,
                      detail=strip_invisible(json.dumps(detail, ensure_ascii=False, default=str)))


def entries_for(store, entity: str, entity_id: int) -> list[tuple[str, str, str, str]]:
    cursor = store.execute(
        "SELECT at, actor, action, detail FROM audit_entry WHERE entity = ? AND entity_id = ? ORDER BY id",
        (entity, entity_id))
    return [tuple(str(x) for x in row) for row in cursor]


ACTIONS = {"set_operator": "切换经办人", "remove_staff": "移出工作人员名单", "add": "新增", "edit": "修改", "archive": "归档", "restore": "恢复", "reveal": "查看完整号码",
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


per_store(globals())  # model queries run on the store each function is given
