"""Health checks of an open database: SQLite's own, and the app's consistency rules."""

import sqlite3
from pathlib import Path

import peewee

from stationdesk.domain.idnumber import InvalidIdNumber, parse_id_number
from stationdesk.store.interrupt import Steps, reporting


def file_check(path: Path, *, thorough: bool = False) -> list[str]:
    """quick_check (or integrity_check and foreign_key_check) on a read-only connection of its own, so it
    can run in a background thread while the app works."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdicts = [r[0] for r in con.execute(f"PRAGMA {'integrity_check' if thorough else 'quick_check'}")]
            orphans = con.execute("PRAGMA foreign_key_check").fetchall() if thorough else []
        finally:
            con.close()
    except (sqlite3.DatabaseError, UnicodeError) as exc:
        return [f"无法读取数据库：{exc}"]
    problems = [] if verdicts == ["ok"] else [f"数据库结构损坏：{v}" for v in verdicts[:20]]
    return problems + [f"表 {table} 第 {rowid} 行引用了不存在的 {parent} 记录" for table, rowid, parent, _ in orphans]


CHECK_STEPS_PER_PAGE = 1500  # SQLite VM steps the whole check takes per page (≈1,400 on a demo station)


def check_database(store, *, thorough: bool = True, progress=None) -> list[str]:
    """Problems found, in Chinese; empty when all is well. A check that cannot even run is a problem.
    `progress(done, total)` is called as SQLite works through it; whatever it raises (取消) stops the
    check there (it only reads)."""
    try:
        if progress is None:
            return _check(store, thorough)
        expected = store.scalar("PRAGMA page_count") * CHECK_STEPS_PER_PAGE
        with reporting(store.db.connection(), Steps(progress, expected)):
            return _check(store, thorough)
    except (sqlite3.DatabaseError, peewee.DatabaseError, UnicodeError) as exc:
        return [f"数据库已损坏，无法完成检查：{exc}"]


def _check(store, thorough: bool) -> list[str]:
    problems: list[str] = []
    pragma = "integrity_check" if thorough else "quick_check"
    verdicts = [r[0] for r in store.execute(f"PRAGMA {pragma}")]
    if verdicts != ["ok"]:
        problems += [f"数据库结构损坏：{v}" for v in verdicts[:20]]
        return problems  # the rest would read damaged pages
    for table, rowid, parent, _ in store.execute("PRAGMA foreign_key_check"):
        problems.append(f"表 {table} 第 {rowid} 行引用了不存在的 {parent} 记录")
    for vid, name, number in store.execute(
            "SELECT id, name, id_number FROM volunteer WHERE id_number IS NOT NULL"):
        try:
            parse_id_number(number)
        except InvalidIdNumber as exc:
            problems.append(f"志愿者“{name}”（编号 {vid}）的身份证号码有误：{exc}")
    return problems + undecodable_text(store) + tally_problems(store)


def undecodable_text(store) -> list[str]:
    """Text columns holding bytes that are not UTF-8 (damage SQLite's own checks cannot see: the pages
    are well formed). They read as U+FFFD; this says where, so the operator can restore or retype."""
    con = store.db.connection()
    con.create_function("is_utf8", 1, _is_utf8, deterministic=True)
    problems = []
    for (table,) in store.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"):
        columns = [c[1] for c in store.execute(f'PRAGMA table_info("{table}")') if "TEXT" in c[2].upper()
                   or "CHAR" in c[2].upper()]
        for column in columns:
            bad = store.scalar(f'SELECT count(*) FROM "{table}" WHERE typeof("{column}") = \'text\''
                               f' AND NOT is_utf8(CAST("{column}" AS BLOB))')
            if bad:
                problems.append(f"表 {table} 的 {column} 列有 {bad} 处文字已损坏（显示为 �），请核对后重新填写或从备份恢复")
    return problems


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# The tallies (migration 6) recomputed from the rows they count; any difference beyond float noise is a problem.
_TALLY_DIFFERENCES = {
    "activity_tally": """
        WITH fresh AS (SELECT activity_id AS k, count(*) AS n, sum(hours) AS h FROM participation
                       WHERE attended = 1 GROUP BY activity_id),
             kept AS (SELECT activity_id AS k, people AS n, hours AS h FROM activity_tally WHERE people != 0)
        SELECT (SELECT count(*) FROM (SELECT k, n, round(h, 6) FROM fresh EXCEPT SELECT k, n, round(h, 6) FROM kept))
             + (SELECT count(*) FROM (SELECT k, n, round(h, 6) FROM kept EXCEPT SELECT k, n, round(h, 6) FROM fresh))""",
    "volunteer_tally": """
        WITH fresh AS (SELECT substr(a.starts_at, 1, k.n) || '/' || p.volunteer_id AS k, count(*) AS n,
                              sum(p.hours) AS h
                       FROM participation p JOIN activity a ON a.id = p.activity_id,
                            (SELECT 0 AS n UNION ALL SELECT 4 UNION ALL SELECT 7) k
                       WHERE p.attended = 1 AND a.status = 'done' GROUP BY 1),
             kept AS (SELECT period || '/' || volunteer_id AS k, activities AS n, hours AS h FROM volunteer_tally
                      WHERE activities != 0)
        SELECT (SELECT count(*) FROM (SELECT k, n, round(h, 6) FROM fresh EXCEPT SELECT k, n, round(h, 6) FROM kept))
             + (SELECT count(*) FROM (SELECT k, n, round(h, 6) FROM kept EXCEPT SELECT k, n, round(h, 6) FROM fresh))""",
}


_TALLY_DIFFERENCES["points_tally"] = """
        WITH fresh AS (SELECT volunteer_id AS k,
                              sum(CASE WHEN source != 'redemption' THEN hundredths ELSE 0 END) AS e,
                              sum(CASE WHEN source = 'redemption' THEN -hundredths ELSE 0 END) AS s
                       FROM points_entry GROUP BY volunteer_id),
             kept AS (SELECT volunteer_id AS k, earned AS e, spent AS s FROM points_tally WHERE earned != 0 OR spent != 0)
        SELECT (SELECT count(*) FROM (SELECT * FROM fresh WHERE e != 0 OR s != 0 EXCEPT SELECT * FROM kept))
             + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM fresh))"""


_TALLY_DIFFERENCES["points_period"] = """
        WITH fresh AS (SELECT substr(e.entered_on, 1, k.n) AS k,
                              sum(CASE WHEN e.source != 'redemption' THEN e.hundredths ELSE 0 END) AS i,
                              sum(CASE WHEN e.source = 'redemption' THEN -e.hundredths ELSE 0 END) AS r
                       FROM points_entry e, (SELECT 4 AS n UNION ALL SELECT 7) k GROUP BY 1),
             kept AS (SELECT period AS k, issued AS i, redeemed AS r FROM points_period WHERE issued != 0 OR redeemed != 0)
        SELECT (SELECT count(*) FROM (SELECT * FROM fresh WHERE i != 0 OR r != 0 EXCEPT SELECT * FROM kept))
             + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM fresh))"""


_TEAMS_TEXT_DIFFERENCES = """SELECT count(*) FROM volunteer v WHERE v.teams_text IS NOT
    (SELECT group_concat(name, '、') FROM (SELECT t.name FROM team_member m JOIN team t ON t.id = m.team_id
     WHERE m.volunteer_id = v.id ORDER BY m.team_id))"""


def tally_problems(store) -> list[str]:
    """Statistics and the roster read values kept by triggers; this proves they still equal a recount."""
    problems = [f"统计汇总表 {table} 有 {n} 处与出勤记录不一致（可用“检查数据库”后恢复备份，或联系技术人员）"
                for table, sql in _TALLY_DIFFERENCES.items() if (n := store.scalar(sql))]
    if n := store.scalar(_TEAMS_TEXT_DIFFERENCES):
        problems.append(f"有 {n} 名志愿者的所属队伍与队员名单不一致")
    return problems
