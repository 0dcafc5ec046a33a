"""`export …`: the roster, the signed package sent upward, a year's hours, statistics and the 操作日志 as
files (each through its use case in services)."""

import sys
from pathlib import Path

from stationdesk.cli.common import OK, open_store, report, stats_period
from stationdesk.errors import UserError


def add_commands(sub) -> None:
    exp = sub.add_parser("export", help="导出").add_subparsers(dest="what", required=True, metavar="子命令")
    ev = exp.add_parser("volunteers", help="导出志愿者花名册 .xlsx")
    ev.add_argument("out", type=Path)
    ev.add_argument("--format", choices=("full", "national"), default="full")
    ev.add_argument("--ids", choices=("none", "masked", "full"), default="none",
                    help="身份证号码：不导出（默认）、只显示首尾、完整")
    ev.add_argument("--phones", choices=("masked", "full"), default="masked", help="电话：只显示首尾（默认）或完整")
    ev.add_argument("--all", action="store_true", help="包括已归档的志愿者")
    ev.set_defaults(run=cmd_volunteers)
    ep = exp.add_parser("package", help="导出签名的上报数据包 .sdpkg（上交实践所、实践中心汇总）")
    ep.add_argument("-o", dest="out", required=True, metavar="FILE.sdpkg")
    ep.add_argument("--year", type=int, help="只含这一年的活动、出勤、证书和点单（默认全部）")
    ep.add_argument("--ids", choices=("masked", "full"), default="masked", help="证件号码：打码（默认）或完整")
    ep.add_argument("--json", action="store_true")
    ep.set_defaults(run=cmd_package)
    eh = exp.add_parser("hours", help="导出一年的服务时长 .xlsx（每次出勤一行，供录入全国志愿服务信息系统；含完整证件号码）")
    eh.add_argument("--year", type=int, required=True)
    eh.add_argument("out", metavar="OUT.xlsx")
    eh.add_argument("--json", action="store_true")
    eh.set_defaults(run=cmd_hours)
    es = exp.add_parser("stats", help="导出统计数据 .xlsx")
    es.add_argument("--year", type=int, required=True)
    es.add_argument("--month", type=int)
    es.add_argument("out", type=Path)
    es.set_defaults(run=cmd_stats)
    el = exp.add_parser("log", help="导出操作日志 .xlsx（谁、何时、做了什么，中文）")
    el.add_argument("out", metavar="OUT.xlsx")
    el.add_argument("--limit", type=int, default=100_000, help="最多导出最近多少条（默认 100000）")
    el.add_argument("--json", action="store_true")
    el.set_defaults(run=cmd_log)


def cmd_package(args) -> int:
    from stationdesk.services.packages import export_package

    with open_store(args) as store:
        manifest = export_package(store, args.out, year=args.year, ids=args.ids)
    from stationdesk.exchange.package_check import LABELS

    rows = "，".join(f"{LABELS.get(name, name)} {n} 条" for name, n in manifest["rows"].items())
    report(args, {"file": str(args.out), "manifest": manifest},
           f"已导出上报数据包 {args.out}（站点编号 {manifest['station']['id']}；{rows}；证件号码："
           f"{'完整' if args.ids == 'full' else '打码'}）")
    return OK


def cmd_hours(args) -> int:
    from stationdesk.services.exporting import export_hours

    with open_store(args) as store:
        n = export_hours(store, args.year, args.out)
    report(args, {"rows": n, "file": str(args.out)}, f"已导出 {args.year} 年 {n} 条出勤记录到 {args.out}（含完整证件号码，请妥善保管）")
    return OK


def cmd_log(args) -> int:
    from stationdesk.services import audit

    if args.limit < 1:
        raise UserError("--limit 应是正整数。")
    with open_store(args) as store:
        n = audit.export_log(store, args.out, limit=args.limit)
    report(args, {"rows": n, "file": str(args.out)}, f"已导出 {n} 条操作日志到 {args.out}")
    return OK


def cmd_stats(args) -> int:
    from stationdesk.services.exporting import export_stats

    with open_store(args) as store:
        export_stats(store, stats_period(args), args.out)
    print(f"统计数据已导出到 {args.out}", file=sys.stderr)
    return OK


def cmd_volunteers(args) -> int:
    from stationdesk.services.exporting import export_roster

    with open_store(args) as store:
        n = export_roster(store, args.out, fmt=args.format, id_numbers=args.ids, phones=args.phones,
                          include_archived=args.all)
    print(f"已导出 {n} 名志愿者到 {args.out}", file=sys.stderr)
    return OK
