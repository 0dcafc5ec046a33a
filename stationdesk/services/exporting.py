"""Exporting the roster to .xlsx: the station's full columns, or the national system's column set."""

from pathlib import Path

from stationdesk.domain.masking import mask_id_number, mask_phone
from stationdesk.exchange.xlsx_out import write_table
from stationdesk.services import audit
from stationdesk.services.roster import TEAMS_OF_SQL
from stationdesk.store.database import per_store

FULL = ("姓名", "性别", "身份证号码", "出生日期", "联系电话", "村民小组", "政治面貌", "文化程度",
        "所属队伍", "技能特长", "志愿者编号", "加入日期", "状态", "备注")
# 全国志愿服务信息系统 roster template (volunteer basics; the system adds its own fields on import).
NATIONAL = ("姓名", "证件类型", "证件号码", "性别", "出生日期", "手机号码", "政治面貌", "最高学历",
            "志愿者编号", "所在村组", "技能特长")
FORMATS = {"full": FULL, "national": NATIONAL}
STATUS_LABELS = {"active": "在册", "archived": "已归档"}


def _records(store, *, include_archived: bool):
    where = "" if include_archived else "WHERE v.status = 'active'"
    return store.execute(
        "SELECT v.name, v.gender, v.id_number, v.birth_date, v.phone, v.village_group, v.political_status,"
        f" v.education, {TEAMS_OF_SQL}, v.skills, v.national_code, v.joined_on, v.status, v.note"
        f" FROM volunteer v {where} ORDER BY v.sort_name, v.id")


NONE, MASKED, FULL_VALUES = "none", "masked", "full"


def export_roster(store, out: str | Path, *, fmt: str = "full", id_numbers: str = NONE, phones: str = MASKED,
                  include_archived: bool = False, progress=None) -> int:
    """Write the roster; returns the number of volunteers written. Logged in the audit log.
    `progress(done, total)` as rows are written; what it raises (取消) leaves no file and no log entry.

    Privacy by default (REFERENCE §2): no ID numbers and masked phones unless asked for. The national
    system's format needs both in full, so it always carries them.
    """
    if fmt not in FORMATS or id_numbers not in (NONE, MASKED, FULL_VALUES) or phones not in (MASKED, FULL_VALUES):
        raise ValueError((fmt, id_numbers, phones))
    if fmt == "national":
        id_numbers = phones = FULL_VALUES
    id_of = {NONE: lambda v: "", MASKED: mask_id_number, FULL_VALUES: lambda v: v or ""}[id_numbers]
    phone_of = mask_phone if phones == MASKED else (lambda v: v or "")
    header = FORMATS[fmt]
    drop = {"身份证号码"} if id_numbers == NONE else set()
    keep = [i for i, h in enumerate(header) if h not in drop]

    total = store.scalar("SELECT count(*) FROM volunteer" + ("" if include_archived else " WHERE status = 'active'"))

    def rows():
        for done, (name, gender, idn, birth, phone, group, political, education, team_names, skills, code,
                   joined, status, note) in enumerate(_records(store, include_archived=include_archived)):
            if progress and done % 200 == 0:
                progress(80 * done // max(total, 1), 100)  # the last fifth: openpyxl saving the file
            if fmt == "national":
                yield (name, "居民身份证" if idn else "", id_of(idn), gender, birth or "", phone_of(phone),
                       political, education, code, group, skills)
            else:
                row = (name, gender, id_of(idn), birth or "", phone_of(phone), group, political, education,
                       team_names or "", skills, code, joined or "", STATUS_LABELS.get(status, status), note)
                yield tuple(row[i] for i in keep)

    header = tuple(header[i] for i in keep) if fmt == "full" else header
    text_columns = [i for i, h in enumerate(header) if h in ("身份证号码", "证件号码", "联系电话", "手机号码")]
    widths = [12 if h not in ("身份证号码", "证件号码") else 22 for h in header]
    count = write_table(out, "志愿者花名册", header, rows(), text_columns=text_columns, widths=widths)
    with store.write():
        audit.record("export", "volunteer", None, file=Path(out).name, format=fmt, id_numbers=id_numbers,
                     phones=phones, rows=count)
    return count


HOURS = ("姓名", "证件类型", "证件号码", "活动名称", "服务日期", "开始时间", "结束时间", "服务时长（小时）")


def export_hours(store, year: int, out: str | Path) -> int:
    """One row per attended participation of held activities in `year`, as the operator re-enters them
    into the 全国志愿服务信息系统: ID numbers and times as text, hours as numbers. Full ID numbers (the
    system needs them), so it is logged; returns the rows written."""
    rows = store.execute(
        "SELECT v.name, v.id_number, a.title, a.starts_at, coalesce(p.check_in, a.starts_at),"
        " coalesce(p.check_out, a.ends_at), p.hours FROM participation p JOIN activity a ON a.id = p.activity_id"
        " JOIN volunteer v ON v.id = p.volunteer_id WHERE p.attended = 1 AND a.status = 'done'"
        " AND a.starts_at >= ? AND a.starts_at < ? ORDER BY a.starts_at, a.id, v.sort_name",
        (f"{year}-01-01", f"{year + 1}-01-01"))
    count = write_table(out, f"{year}年服务时长", HOURS, (
        (name, "居民身份证" if idn else "", idn or "", title, str(starts)[:10], str(begin)[11:16], str(end)[11:16],
         hours) for name, idn, title, starts, begin, end, hours in rows),
        text_columns=(2, 4, 5, 6), widths=(12, 12, 22, 30, 12, 10, 10, 14))
    with store.write():
        audit.record("export", "volunteer", None, file=Path(out).name, format="hours", year=year, rows=count)
    return count


def export_stats(store, period, out: str | Path, *, computed=None) -> None:
    """统计数据 to .xlsx for the town: the period's figures (`computed` when the page already has them)."""
    from stationdesk.exchange.stats_export import write_stats
    from stationdesk.services import station, stats

    write_stats(computed or stats.compute(store, period), out, station=station.get_station(store).name)


per_store(globals())  # model queries run on the store each function is given
