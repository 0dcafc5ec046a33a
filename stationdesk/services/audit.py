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
    return [(str(at), str(actor), str(action), str(detail)) for at, actor, action, detail in cursor]


# Every action code passed to record() has its Chinese label here (tests/services/test_audit.py reads
# every call in the package and fails on a code without one); the 操作日志 page, its workbook and
# `export log` show these, never the codes.
ACTIONS = {
    "accept": "接单", "add": "新增", "add_commitment": "新增共建承诺", "add_members": "添加队员",
    "add_photo": "添加活动照片", "adjust_points": "调整积分", "archive": "归档", "attach": "上传协议扫描件",
    "attendance": "登记出勤", "close_forgotten": "未签退按结束时间计（待核实）", "complete": "办结群众点单",
    "confirm_hours": "核实服务时长", "correct_hours": "更正服务时长", "courtesy": "落实礼遇",
    "create_identity": "生成站点标识", "credit_past": "补记积分", "delete": "删除", "dispatch": "派单",
    "edit": "修改", "end": "提前终止结对", "export": "导出", "fund": "登记资金收支", "import": "导入",
    "issue": "出具证书", "log": "登记共建开展情况", "merge": "合并重复记录", "not_duplicate": "标为不是同一人",
    "recognise": "星级表彰", "redeem": "积分兑换", "remove_member": "移出队员", "remove_photo": "删除活动照片",
    "remove_staff": "移出工作人员名单", "repeat": "重复活动", "reprint": "补打证书", "request": "登记群众点单",
    "restock": "调整商品库存", "restore": "恢复", "reveal": "查看完整号码", "review": "群众评价",
    "safety": "设置活动安全要求", "save_station": "保存站点信息", "scan_in": "扫码签到", "scan_out": "扫码签退",
    "set_backup_dir": "更改备份文件夹", "set_issuer": "设置证书出具单位", "set_leader": "设为队长",
    "set_liaison": "设置联络员", "set_operator": "切换经办人", "set_points_rules": "设置积分规则", "set_population": "设置常住人口",
    "save_summary": "保存年度工作总结", "judge": "测评自查评分", "import_sheet": "导入测评细则",
    "reset_sheet": "恢复默认测评细则",
    "set_rules": "设置时长规则", "set_template": "修改证书模板", "sign_up": "报名", "status_cancelled": "取消活动",
    "status_done": "标为已完成", "status_planned": "改回计划中", "unmerge": "撤销合并", "unset_leader": "取消队长",
    "void": "作废证书", "withdraw": "移出报名",
}
ENTITIES = {
    "activity": "活动", "activity_photo": "活动照片", "certificate": "证书", "commitment": "共建承诺",
    "database": "数据库", "evaluation": "评价", "fund_entry": "资金收支", "guardian_consent": "监护人同意",
    "honor": "荣誉", "insurance": "保险", "menu_item": "服务菜单", "pairing": "结对共建", "participation": "出勤记录",
    "qualification": "资质", "service_request": "群众点单", "setting": "设置", "shop_item": "积分超市商品",
    "station": "站点", "team": "队伍", "training": "培训记录", "unit": "文明单位", "volunteer": "志愿者",
    "venue": "阵地", "station_rule": "制度", "meeting": "会议记录", "work_summary": "年度工作总结",
    "assessment": "测评自查",
}


def action_label(action: str) -> str:
    """The Chinese name of an action; a code this version does not know (a newer program wrote it) is
    named as such rather than shown bare."""
    return ACTIONS.get(action) or f"其他操作（{action}）"


def entity_label(entity: str) -> str:
    return ENTITIES.get(entity) or f"其他（{entity}）"


# The details' keys in Chinese (a key not here is shown as it is: its value still says what it is).
DETAIL_LABELS = {
    "activity_id": "活动编号", "amount": "金额", "chars": "字数", "attended": "到场人数", "backup": "备份", "change": "变动",
    "copies": "份数", "corrected": "更正条数", "count": "数量", "direction": "收支", "dropped": "被合并记录",
    "due_on": "期限", "fen": "金额（分）", "field": "字段", "file": "文件", "format": "格式", "hours": "时长",
    "hundredths": "积分（百分之一分）", "id_numbers": "证件号码", "kind": "类型", "level": "级别", "lines": "条数",
    "merge": "合并编号", "name": "姓名", "new": "更正为", "old": "原时长", "on": "日期", "prefer": "以哪条为准",
    "rating": "评分", "reason": "原因", "removed": "删除的内容", "rows": "行数", "serial": "证书编号", "source": "来源",
    "title": "标题", "took": "采用被合并记录的字段", "volunteer": "志愿者", "volunteer_id": "志愿者编号",
    "volunteers": "志愿者", "what": "内容", "year": "年度", "code": "项目编号", "score": "得分",
}


def detail_text(detail: str) -> str:
    """An entry's details as 键：值 pairs in Chinese; text that is not a JSON object is shown as it is."""
    try:
        values = json.loads(detail) if detail else {}
    except ValueError:
        return detail
    if not isinstance(values, dict):
        return detail
    return "；".join(f"{DETAIL_LABELS.get(k, k)}：{v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)}"
                    for k, v in values.items() if v not in (None, "", [], {}))


def recent(store, limit: int = 1000) -> list[tuple]:
    """(time, who, action, what, record id, details) in Chinese, newest first."""
    rows = store.execute("SELECT at, actor, action, entity, entity_id, detail FROM audit_entry "
                         "ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
    return [(str(at)[:19], who, action_label(action), entity_label(entity),
             "" if eid is None else eid, detail_text(detail)) for at, who, action, entity, eid, detail in rows]


def export_log(store, out, limit: int = 100_000) -> int:
    """The newest `limit` entries as a workbook, in Chinese as the page shows them; the export itself is
    logged (the log names people and what was done to their records)."""
    from pathlib import Path

    from stationdesk.exchange.xlsx_out import write_table

    n = write_table(out, "操作日志", ("时间", "操作人", "操作", "对象", "编号", "详情"),
                    recent(store, limit), widths=(20, 12, 18, 12, 8, 70))
    with store.write():
        record("export", "database", None, file=Path(out).name, format="操作日志", rows=n)
    return n


per_store(globals())  # model queries run on the store each function is given
