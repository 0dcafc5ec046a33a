"""`assessment …` and `print assessment`: 测评自查 — the score against the sheet the station keeps, the
sheet exported and imported as xlsx (the county's own), a judged item scored with its evidence, and the
自评表 PDF (through services.documents, the same the window prints)."""

import sys
from datetime import date
from pathlib import Path

from stationdesk.cli.common import OK, emit, open_store, report


def add_commands(sub) -> None:
    ap = sub.add_parser("assessment", help="测评自查：按测评细则自评打分，导入导出细则").add_subparsers(
        dest="what", required=True, metavar="子命令")
    show = ap.add_parser("show", help="本年（或 --year）的自评得分：每项分值、得分、还差什么")
    show.add_argument("--year", type=int, default=date.today().year)
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=show_score)
    export = ap.add_parser("export-sheet", help="把正在用的测评细则导出为 Excel 表格")
    export.add_argument("out", type=Path, metavar="OUT.xlsx")
    export.set_defaults(run=export_sheet)
    imp = ap.add_parser("import-sheet", help="导入县里下发的测评细则（Excel 表格，替换正在用的细则）")
    imp.add_argument("file", type=Path, metavar="FILE.xlsx")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(run=import_sheet)
    reset = ap.add_parser("reset-sheet", help="改回默认测评细则")
    reset.set_defaults(run=reset_sheet)
    judge = ap.add_parser("judge", help="人工评定一项：自评分和佐证（说明、照片、台账页码）")
    judge.add_argument("code", metavar="编号", help="细则中的项目编号，如 1.2")
    judge.add_argument("--score", required=True, help="自评分（0 到该项分值）")
    judge.add_argument("--note", required=True, help="佐证说明")
    judge.add_argument("--photo", type=Path, help="佐证照片文件")
    judge.add_argument("--page", default="", help="台账页码，如 台账第12页")
    judge.add_argument("--year", type=int, default=date.today().year)
    judge.add_argument("--json", action="store_true")
    judge.set_defaults(run=judge_item)


def add_print_command(pr) -> None:
    """`print assessment`, in the print group beside the other papers."""
    p = pr.add_parser("assessment", help="测评自评表（各项分值、自评得分、佐证，签字栏）")
    p.add_argument("--year", type=int, default=date.today().year)
    p.add_argument("-o", "--out", type=Path, required=True)
    p.set_defaults(run=print_assessment)


def _text(result) -> str:
    lines = [f"{result.year}年度自评得分：{result.score:g} 分（满分 {result.sheet.points:g} 分）"
             + (f"，{result.pending} 项待评定" if result.pending else ""), f"测评细则：{result.sheet.title}"]
    for section in result.sections:
        lines.append(f"{section.section.title}　{section.score:g}/{section.section.points:g}")
        for row in section.items:
            got = "待评定" if row.score is None else f"{row.score:g}"
            line = f"  {row.item.code:<5} {row.item.title}　{got}/{row.item.points:g}　{row.status}"
            if row.missing and row.score is not None:
                line += f"　{row.missing}"
            lines.append(line)
    return "\n".join(lines)


def show_score(args) -> int:
    from stationdesk.services import assessment

    with open_store(args) as store:
        result = assessment.score(store, args.year)
    emit(args, assessment.as_json(result), _text(result))
    return OK


def export_sheet(args) -> int:
    from stationdesk.services import assessment

    with open_store(args) as store:
        count = assessment.export_sheet(store, args.out)
    print(f"测评细则已导出：{args.out}（{count} 项）", file=sys.stderr)
    return OK


def import_sheet(args) -> int:
    from stationdesk.services import assessment

    with open_store(args) as store:
        sheet = assessment.import_sheet(store, args.file)
    report(args, {"title": sheet.title, "items": len(sheet.items()), "points": sheet.points},
           f"已导入测评细则“{sheet.title}”（{len(sheet.sections)} 部分，{len(sheet.items())} 项，满分 {sheet.points:g} 分）。")
    return OK


def reset_sheet(args) -> int:
    from stationdesk.services import assessment

    with open_store(args) as store:
        sheet = assessment.reset_sheet(store)
    print(f"已改回默认测评细则“{sheet.title}”。", file=sys.stderr)
    return OK


def judge_item(args) -> int:
    from stationdesk.services import assessment

    with open_store(args) as store:
        done = assessment.judge(store, args.year, args.code, score=args.score, note=args.note, photo=args.photo,
                                ledger_page=args.page)
    report(args, {"year": done.year, "code": done.code, "score": done.score},
           f"已评定 {done.year} 年第 {done.code} 项：{done.score:g} 分。")
    return OK


def print_assessment(args) -> int:
    from stationdesk.services import documents

    with open_store(args) as store:
        done = documents.assessment(store, args.year, args.out)
    print(f"{args.year}年度测评自评表已生成：{args.out}（{done.pages} 页，{done.count} 项）", file=sys.stderr)
    return OK
