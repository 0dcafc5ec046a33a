"""`import volunteers`: a roster spreadsheet read, checked row by row and (unless --dry-run) imported."""

from pathlib import Path

from stationdesk.cli.common import OK, PARTIAL, open_store, report
from stationdesk.files import check_output


def add_commands(sub) -> None:
    imp = sub.add_parser("import", help="导入").add_subparsers(dest="what", required=True, metavar="子命令")
    iv = imp.add_parser("volunteers", help="从 .xlsx/.xls/.csv 导入志愿者")
    iv.add_argument("file", type=Path)
    iv.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    iv.add_argument("--update", action="store_true", help="身份证号码已登记的，用表格内容更新（默认跳过）")
    iv.add_argument("--probable", choices=("skip", "add", "update"), default="skip",
                    help="没有身份证号码可核对、但疑似已登记（姓名和电话相同等）的行：跳过（默认）、仍然新增、更新已登记的记录")
    iv.add_argument("--errors", type=Path, metavar="OUT.xlsx", help="把有错误的行写入这个表格")
    iv.add_argument("--json", action="store_true")
    iv.set_defaults(run=import_volunteers)


def import_volunteers(args) -> int:
    from stationdesk.services import importing

    with open_store(args) as store:
        if args.errors:
            check_output(args.errors, inputs=[args.file])  # refused before anything is imported
        probable = {"skip": importing.SKIP, "add": importing.NEW, "update": importing.UPDATE}[args.probable]
        plan = importing.plan_import(store, args.file, update_existing=args.update, probable=probable)
        result = importing.summarize(plan) if args.dry_run else importing.commit_import(store, plan)
    flagged = [{"row": r.row, "existing_id": r.probably, "action": args.probable, "reason": r.reasons[0].message}
               for r in plan.rows if r.probably is not None]
    if args.errors and result.rejected:
        importing.write_rejected(plan, args.errors)
    verb = "可导入" if args.dry_run else "已导入"
    rejected_rows = len(plan.with_status(importing.REJECT))
    lines = [f"{verb} {result.imported} 人，更新 {result.updated} 人，跳过 {result.skipped} 人，"
             f"有错误 {rejected_rows} 行。"]
    lines += [f"  第 {p['row']} 行 [{p['column']}] {p['reason']}" for p in result.rejected]
    lines += [f"  提醒：第 {p['row']} 行 [{p['column']}] {p['reason']}" for p in result.warnings]
    lines += [f"  疑似已登记（{ {'skip': '跳过', 'add': '仍然新增', 'update': '更新'}[args.probable]}）：第 {p['row']} 行 "
              f"{p['reason']}" for p in flagged]
    if args.errors and result.rejected:
        lines.append(f"有错误的行已写入 {args.errors}，改正后可重新导入。")
    report(args, {**result.as_json(), "dry_run": args.dry_run, "probable": flagged}, "\n".join(lines))
    return PARTIAL if result.rejected else OK
