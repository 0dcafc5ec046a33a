"""`backup`, `restore`, `check`: keeping the station's data safe (services.safety, store.health)."""

import sys
from pathlib import Path

from stationdesk.cli.common import DATABASE, OK, db_path, emit, open_store
from stationdesk.errors import UserError
from stationdesk.files import check_output


def add_commands(sub) -> None:
    backup = sub.add_parser("backup", help="立即备份（经过校验）")
    backup.add_argument("-o", "--out", type=Path, help="备份到这个文件（默认放在备份文件夹并自动轮换）")
    backup.set_defaults(run=cmd_backup)
    restore = sub.add_parser("restore", help="用备份恢复数据（当前数据会先另存）；数据库损坏、打不开时也能用")
    restore.add_argument("file", type=Path, nargs="?", help="备份文件；不写则用本站最近一份完好的备份")
    restore.add_argument("--other-station", action="store_true",
                         help="明确要用另一个站点的备份恢复（本站将变成那个站点：名册和上报签名身份都换成它的）")
    restore.set_defaults(run=cmd_restore)

    check = sub.add_parser("check", help="检查数据库是否完好")
    check.add_argument("--json", action="store_true")
    check.set_defaults(run=cmd_check)


def cmd_backup(args) -> int:
    from stationdesk.services import safety

    with open_store(args) as store:
        if args.out:
            check_output(args.out)
            path = safety.copy_to(store, args.out.absolute().parent, name=args.out.name)
            elsewhere = ("（这是备份文件夹以外的副本：首页的“上次备份”只看备份文件夹 "
                         f"{safety.backup_dir(store)}，不计这份副本）")
        else:
            path, elsewhere = safety.backup_now(store, label="manual"), ""
    print(f"已备份并校验：{path}{elsewhere}", file=sys.stderr)
    return OK


def cmd_restore(args) -> int:
    """Works on a file that will not open: the live file is never opened before it is replaced."""
    from stationdesk.services import safety

    backup = args.file
    if backup is None:
        candidate = safety.newest_good_backup(db_path(args))
        if candidate is None:
            raise UserError("没有找到本站可用的备份（别的站点的备份不会自动选用），请用 restore 备份文件 指定一份。")
        backup = candidate.backup.path
    store, kept = safety.restore_file(db_path(args), backup, other_station=args.other_station)
    store.close()
    print(f"已用 {backup} 恢复数据。{safety.kept_text(kept)}", file=sys.stderr)
    return OK


def cmd_check(args) -> int:
    from stationdesk.store.health import check_database

    with open_store(args) as store:
        problems = check_database(store)
    emit(args, {"ok": not problems, "problems": problems},
         "数据库完好。" if not problems else "\n".join(["发现问题：", *problems]))
    return OK if not problems else DATABASE
