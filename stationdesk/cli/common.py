"""What every command module shares: exit codes, opening the station's database, output on stdout and
stderr, and the argument types and filters several commands take."""

import json
import os
import shlex
import sys
from datetime import date, datetime
from pathlib import Path

from stationdesk.cli.words import YEARS
from stationdesk.domain.ids import TeamId
from stationdesk.domain.roster_filter import AGE_BANDS, RosterFilter
from stationdesk.errors import UserError

OK, PARTIAL, BAD_INPUT, DATABASE = 0, 1, 2, 3
CANCELLED = 130  # Ctrl-C, as shells report it


def filter_arguments(parser) -> None:
    parser.add_argument("--skill", default="", help="技能特长含这几个字，如 医疗")
    parser.add_argument("--group", default="", help="村民小组（与花名册所写一致）")
    parser.add_argument("--qualification", default="", help="持有这项资质且今天有效，如 急救证")
    parser.add_argument("--age", choices=[b.key for b in AGE_BANDS], default="",
                        help="年龄段：" + "、".join(f"{b.key} {b.label}" for b in AGE_BANDS))


def filters(args) -> RosterFilter:
    return RosterFilter(skill=args.skill, village_group=args.group, qualification=args.qualification, age_band=args.age)


def db_path(args) -> Path:
    if args.db:
        return args.db
    from stationdesk.paths import default_database_path

    return default_database_path()


def iso_date(text: str) -> date:
    """A date as YYYY-MM-DD in the years a station's records hold (argparse names the expected form in
    Chinese when it is not one: words.TYPES)."""
    day = date.fromisoformat(text.strip())
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise ValueError(text)
    return day


def clock_time(text: str, what: str):
    try:
        return datetime.strptime(text.replace("：", ":"), "%H:%M").time()
    except ValueError:
        raise UserError(f"{what}“{text}”看不懂，请写成 09:00 这样的时间。") from None


def team_named(store, name: str) -> TeamId | None:
    from stationdesk.services import teams

    if not name:
        return None
    team_id = teams.team_id_by_name(store, name.strip(), create=False)
    if team_id is None:
        raise UserError(f"没有名为“{name}”的服务队。请先在“服务队”中建立，或检查名称。")
    return team_id


def need_a_screen() -> None:
    """Qt aborts the interpreter when it finds no display (exit 134, English): say it first, in Chinese."""
    if (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")):
        raise UserError("没有可用的图形界面（未设置 DISPLAY），窗口无法打开。请在电脑桌面上启动，"
                        "或使用命令行功能（stationdesk --help）。")


CREATES = ("demo", "import", "restore")  # commands that may start a new database file


def open_store(args):
    from stationdesk.errors import DatabaseDamaged
    from stationdesk.store import open_database

    path = db_path(args)
    if not path.exists() and args.command not in CREATES and not args.create:
        raise UserError(f"找不到数据库文件 {path}。请检查 --db 的路径；如确实要新建一个空的站点数据库，请加 --create。")
    try:
        return open_database(db_path(args))
    except DatabaseDamaged as exc:
        raise DatabaseDamaged(f"{exc}\n{_restore_hint(args)}") from exc


def _restore_hint(args) -> str:
    """What to type to get the data back, naming the newest backup that verifies."""
    from stationdesk.services import safety

    candidate = safety.newest_good_backup(db_path(args))
    if candidate is None:
        return "没有找到可用的备份。请不要删除这个文件，联系技术人员。"
    db = f" --db {shlex.quote(str(args.db))}" if args.db else ""
    return (f"最近一份完好的备份是{safety.describe_candidate(candidate)}\n"
            f"恢复命令：stationdesk{db} restore {shlex.quote(str(candidate.backup.path))}")


def emit(args, payload: dict, text: str) -> None:
    """What a query found (a list, figures, a verdict): the command's output, on stdout."""
    if getattr(args, "json", False):
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(text)


def report(args, payload: dict, text: str) -> None:
    """What a command did: a Chinese message on stderr, as every message is; with --json the one JSON
    object on stdout instead."""
    if getattr(args, "json", False):
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(text, file=sys.stderr)


def stats_period(args):
    from stationdesk.services import stats

    if args.month and not 1 <= args.month <= 12:
        raise UserError("月份应为 1 到 12。")
    return stats.period_of(args.year, args.month)
