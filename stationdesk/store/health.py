"""Health checks of an open database: SQLite's own, and the app's consistency rules."""

from stationdesk.domain.idnumber import InvalidIdNumber, parse_id_number


def check_database(store, *, thorough: bool = True) -> list[str]:
    """Problems found, in Chinese; empty when all is well."""
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
    return problems
