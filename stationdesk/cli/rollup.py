"""`rollup --db TARGET …`: a town's or county's 汇总 of the stations' signed packages (SQLite or
PostgreSQL); without a subcommand, the 汇总 window."""

import sys
from pathlib import Path

from stationdesk.cli.common import OK, emit, need_a_screen, report
from stationdesk.domain.amounts import figure
from stationdesk.errors import DatabaseProblem, UserError


def add_commands(sub) -> None:
    ru = sub.add_parser("rollup", help="汇总（实践所）：导入各站的上报数据包，查看各站和合计")
    ru.add_argument("--db", dest="rollup_db", required=True, metavar="汇总库", help="汇总数据库：乡镇用一个 SQLite 文件；县级用 PostgreSQL，写成 postgresql://用户@主机/库名")
    ru.set_defaults(run=cmd_rollup)
    rs = ru.add_subparsers(dest="what", metavar="子命令（不写：打开汇总窗口）")
    ri = rs.add_parser("import", help="导入数据包（先核验签名和校验值；同一个包再导入不改变任何东西）")
    ri.add_argument("packages", nargs="+", metavar="PKG")
    ri.add_argument("--re-register", action="store_true", help="站点重装后换了签名密钥时，重新登记")
    ri.add_argument("--json", action="store_true")
    rs.add_parser("init", help="建立汇总数据库（县级：由数据库的所有者运行一次）")
    rs.add_parser("upgrade", help="把汇总数据库升级到本程序的版本（由数据库的所有者运行）")
    rl = rs.add_parser("stations", help="各站点及最近一次数据包（超过 40 天未上报的标出）")
    rl.add_argument("--json", action="store_true")
    rm = rs.add_parser("remove", help="移除一个站点：它的数据保留，但不再计入任何合计（可用 reinstate 恢复）")
    rm.add_argument("station", metavar="站点", help="站点名称或编号")
    rm.add_argument("--reason", required=True, help="原因（记入操作记录）")
    rr = rs.add_parser("replace", help="站点重装后换了编号：声明新站点就是旧站点，旧的数据不再计入")
    rr.add_argument("old", metavar="旧站点", help="旧站点的名称或编号")
    rr.add_argument("new", metavar="新站点", help="新站点的名称或编号")
    rr.add_argument("--reason", required=True, help="原因（记入操作记录）")
    rn = rs.add_parser("reinstate", help="恢复被移除或被替换的站点")
    rn.add_argument("station", metavar="站点", help="站点名称或编号")
    rn.add_argument("--reason", required=True, help="原因（记入操作记录）")
    ra = rs.add_parser("audit", help="汇总数据库的操作记录（移除、替换、恢复、重新登记、日期纠正）")
    ra.add_argument("--json", action="store_true")
    rt = rs.add_parser("stats", help="一年的合计与各站数字")
    rt.add_argument("--year", type=int, required=True)
    rt.add_argument("--month", type=int, help="一个月（由数据包中的活动和出勤计算；新注册和证书不分月）")
    rt.add_argument("--json", action="store_true")
    rd = rs.add_parser("duplicates", help="在两个以上站点登记、可能是同一人的志愿者，及其在各站的服务时长")
    rd.add_argument("--json", action="store_true")
    rp = rs.add_parser("print", help="打印汇总表（PDF）")
    rp.add_argument("document", choices=["summary"], metavar="summary")
    rp.add_argument("--year", type=int, required=True)
    rp.add_argument("-o", "--out", required=True, metavar="OUT.pdf")
    rp.add_argument("--office", default="", help="表头的单位名称（默认：各站共同的所属实践所）")
    rx = rs.add_parser("export", help="导出汇总数字（xlsx，每张表一个工作表）")
    rx.add_argument("document", choices=["stats"], metavar="stats")
    rx.add_argument("--year", type=int, required=True)
    rx.add_argument("out", metavar="OUT.xlsx")


_ROLLUP_WRITES = ("import", "init", "upgrade", "remove", "replace", "reinstate")


def cmd_rollup(args) -> int:
    from stationdesk.services import rollup
    from stationdesk.store.rollup import is_server

    if args.what not in ("import", "init", None) and not is_server(args.rollup_db) and not Path(args.rollup_db).exists():
        raise UserError(f"找不到汇总数据库 {args.rollup_db}。请检查 --db 的路径；第一次导入数据包时会新建。")
    if args.what is None:  # the 汇总 window
        need_a_screen()
        from stationdesk.ui.rollup_window import run_rollup_window

        return run_rollup_window(args.rollup_db)
    with rollup.open_target(args.rollup_db, upgrade=args.what in _ROLLUP_WRITES) as db:
        if args.what in ("init", "upgrade"):
            print(f"汇总数据库已是最新版本：{db.label}", file=sys.stderr)
        elif args.what == "import":
            return _rollup_import(args, db)
        elif args.what == "stations":
            lines = rollup.stations(db)
            emit(args, {"stations": [line.__dict__ for line in lines]}, "\n".join(
                f"{s.name}\t{s.parent}\t数据包 {s.created_at[:10]}\t{s.year or '全部'}\t{s.station_id}"
                + ("\t⚠ 超过40天未上报" if s.silent else "")
                + (f"\t不计入（{s.removed}）" if s.removed else "")
                for s in lines) or "还没有导入任何站点的数据包。")
        elif args.what == "remove":
            print(f"已移除站点“{rollup.remove_station(db, args.station, reason=args.reason)}”（数据保留，不再计入合计；"
                  "可用 rollup reinstate 恢复）。", file=sys.stderr)
        elif args.what == "replace":
            old, new = rollup.replace_station(db, args.old, args.new, reason=args.reason)
            print(f"已用“{new}”替换“{old}”：旧站点的数据不再计入合计（可用 rollup reinstate 恢复）。", file=sys.stderr)
        elif args.what == "reinstate":
            print(f"已恢复站点“{rollup.reinstate_station(db, args.station, reason=args.reason)}”，它重新计入合计。",
                  file=sys.stderr)
        elif args.what == "audit":
            log = rollup.audit_log(db)
            emit(args, {"audit": log}, "\n".join(f"{a['at']}\t{a['action']}\t{a['station'] or a['station_id']}\t{a['reason']}"
                                                 for a in log) or "还没有操作记录。")
        elif args.what == "stats":
            figures = rollup.totals(db, args.year, args.month)
            period = f"{args.year} 年" + (f" {args.month} 月" if args.month else "")
            emit(args, figures, f"{period} {len(figures['stations'])} 个站点：开展活动 {figures['activities']} 次，"
                 f"志愿者参与 {figures['participations']} 人次，参与志愿者 {figures['volunteers_active']} 人"
                 + (f"（{figures['counted_twice']} 人在多个站点参加，只计一次）" if figures["counted_twice"] else "")
                 + f"，服务时长 {figure(figures['hours'])} 小时")
        elif args.what == "duplicates":
            found = rollup.duplicates(db)
            emit(args, {"duplicates": [{"by": d.by, "registrations": [r.__dict__ for r in d.registrations]}
                                       for d in found]},
                 "\n".join(f"{d.registrations[0].name}（{d.by}）：" + "；".join(
                     f"{r.station} {figure(r.hours)} 小时" for r in d.registrations) for d in found)
                 or "没有发现在多个站点重复登记的志愿者。")
        elif args.what == "print":
            pages = rollup.print_summary(db, args.year, args.out, office=args.office)
            print(f"已生成汇总表：{args.out}（{pages} 页）", file=sys.stderr)
        else:
            rollup.export_stats(db, args.year, args.out)
            print(f"已导出汇总数字：{args.out}", file=sys.stderr)
    return OK


def _rollup_import(args, db) -> int:
    """Each package on its own: a refused one is said (in Chinese) and the rest still go in; exit 1 when
    any was refused."""
    from stationdesk.services import rollup

    done, refused = [], []
    for path in args.packages:
        try:
            done.append(rollup.import_package(db, path, re_register=args.re_register))
        except DatabaseProblem:
            raise  # the rollup itself is in trouble (a lost server): the rest would fail too
        except UserError as exc:
            refused.append({"package": str(path), "reason": str(exc)})
            if not args.json:
                print(f"未导入：{exc}", file=sys.stderr)
    report(args, {"results": [d.__dict__ for d in done], "refused": refused}, "\n".join(
        f"{d.name}：{'已导入 ' + str(d.rows) + ' 条记录' if d.outcome == 'imported' else '与已导入的相同，未改变'}"
        + (f"\n  注意：{d.note}" if d.note else "") for d in done))
    if refused and not done and len(args.packages) == 1:
        return 2  # the one package given is unusable: nothing changed
    return 1 if refused else OK
