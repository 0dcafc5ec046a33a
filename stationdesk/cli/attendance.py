"""`attendance …`: who came and their service hours — recorded from the sign-in sheet, corrected with a
reason (the old value kept), reviewed when someone forgot to sign out."""

import sys

from stationdesk.cli.common import OK, emit, open_store, report
from stationdesk.errors import UserError


def add_commands(sub) -> None:
    att = sub.add_parser("attendance", help="出勤与服务时长").add_subparsers(dest="what", required=True, metavar="子命令")
    atl = att.add_parser("list", help="一次活动的出勤（含记录号，用于更正）")
    atl.add_argument("activity_id", type=int)
    atl.add_argument("--json", action="store_true")
    atl.set_defaults(run=attendance_list)
    atd = att.add_parser("record", help="登记出勤：到场的人按活动时间计时长，其余记为未到")
    atd.add_argument("activity_id", type=int)
    present = atd.add_mutually_exclusive_group(required=True)
    present.add_argument("--present", metavar="序号", help="签到表上到场的序号，如 '1 3 5-8'")
    present.add_argument("--volunteers", metavar="编号", help="到场志愿者的编号，逗号隔开")
    atd.add_argument("--reason", default="", help="改变已登记的时长时必填")
    atd.add_argument("--json", action="store_true")
    atd.set_defaults(run=attendance_record)
    ath = att.add_parser("history", help="一次活动的时长更正记录（谁、何时、原值、新值、原因）")
    ath.add_argument("activity_id", type=int)
    ath.add_argument("--json", action="store_true")
    ath.set_defaults(run=attendance_history)
    atc = att.add_parser("correct", help="更正服务时长：原时长、经办人、时间和原因都会保留")
    atc.add_argument("record", type=int, help="记录号（见 attendance list 或 attendance review）；或活动编号，后跟志愿者编号")
    atc.add_argument("volunteer_id", type=int, nargs="?", help="志愿者编号（第一个参数是活动编号时）")
    atc.add_argument("--hours", type=float, required=True)
    atc.add_argument("--reason", required=True, help="更正原因（必填）")
    atc.set_defaults(run=attendance_correct)
    atr = att.add_parser("review", help="待核实的出勤（忘记签退，按结束时间计）")
    atr.add_argument("--json", action="store_true")
    atr.set_defaults(run=attendance_review)
    atk = att.add_parser("confirm", help="核实后确认时长无误")
    atk.add_argument("record", type=int)
    atk.set_defaults(run=attendance_confirm)


def attendance_history(args) -> int:
    from stationdesk.services import attendance

    with open_store(args) as store:
        rows = attendance.corrections(store, args.activity_id)
        emit(args, {"results": [{"at": f"{r.at:%Y-%m-%d %H:%M:%S}", "actor": r.actor, "name": r.name,
                                 "old_hours": r.old_hours, "new_hours": r.new_hours, "reason": r.reason}
                                for r in rows]},
             "\n".join(f"{r.at:%Y-%m-%d %H:%M}　{r.actor}　{r.name}　{r.old_hours:g} → {r.new_hours:g} 小时　{r.reason}"
                       for r in rows) or "这次活动没有时长更正。")
    return OK


def attendance_correct(args) -> int:
    from stationdesk.services import attendance

    with open_store(args) as store:
        record = args.record if args.volunteer_id is None else attendance.record_of(
            store, args.record, args.volunteer_id)
        attendance.correct_hours(store, record, args.hours, reason=args.reason)
        print(f"已把记录 {args.record} 的服务时长更正为 {args.hours:g} 小时。", file=sys.stderr)
    return OK


def attendance_confirm(args) -> int:
    from stationdesk.services import attendance

    with open_store(args) as store:
        attendance.confirm_reviewed(store, args.record)
        print(f"记录 {args.record} 已核实。", file=sys.stderr)
    return OK


def attendance_list(args) -> int:
    from stationdesk.services import attendance

    with open_store(args) as store:
        rows = attendance.sheet_rows(store, args.activity_id)
        emit(args, {"results": [{"record": r.participation_id, "number": r.number, "volunteer_id": r.volunteer_id,
                                 "name": r.name,
                                 "attended": r.attended, "hours": r.hours, "needs_review": r.needs_review}
                                for r in rows]},
             "\n".join(f"{r.participation_id:>7}  {r.number:>3}. {r.name}　{'到场' if r.attended else '未到'}"
                       f"　{r.hours:g} 小时{'　待核实' if r.needs_review else ''}" for r in rows) or "没有报名记录。")
    return OK


def attendance_review(args) -> int:
    from stationdesk.services import attendance

    with open_store(args) as store:
        attendance.close_forgotten(store)
        rows = attendance.to_review(store)
        emit(args, {"results": [{"record": r.participation_id, "activity": r.activity, "name": r.name,
                                 "starts_at": f"{r.starts_at:%Y-%m-%d %H:%M}", "hours": r.hours} for r in rows]},
             "\n".join(f"{r.participation_id:>7}  {r.starts_at:%Y-%m-%d} {r.activity}　{r.name}　{r.hours:g} 小时"
                       for r in rows) or "没有待核实的出勤。")
    return OK


def attendance_record(args) -> int:
    """From the sheet's row numbers (as the dialog takes them) or volunteer ids; everyone else is absent."""
    from stationdesk.domain.activity import RowsBeyond, parse_row_numbers
    from stationdesk.services import attendance

    with open_store(args) as store:
        rows = attendance.sheet_rows(store, args.activity_id)
        if args.present is not None:
            try:
                numbers = set(parse_row_numbers(args.present, most=len(rows)))
            except RowsBeyond as exc:
                raise UserError(f"签到表上没有第 {exc} 行（共 {len(rows)} 行）。") from None
            except ValueError as exc:
                raise UserError(f"看不懂序号“{exc}”，请写成 1 3 5-8 这样。") from None
            outside = sorted(n for n in numbers if not 1 <= n <= len(rows))
            if outside:
                raise UserError(f"签到表上没有第 {'、'.join(map(str, outside))} 行（共 {len(rows)} 行）。")
            present = {r.volunteer_id for r in rows if r.number in numbers}
        else:
            try:
                present = {int(v) for v in args.volunteers.replace("，", ",").split(",") if v.strip()}
                if any(not 0 < v < 2**63 for v in present):
                    raise ValueError
            except ValueError:
                raise UserError("--volunteers 请写志愿者编号，用逗号隔开，如 12,15,31。") from None
        marks = [attendance.Mark(r.volunteer_id, r.volunteer_id in present) for r in rows]
        marks += [attendance.Mark(v, True) for v in sorted(present - {r.volunteer_id for r in rows})]  # walk-ins
        try:
            attended = attendance.record_attendance(store, args.activity_id, marks, reason=args.reason)
        except attendance.ReasonNeeded as asked:
            raise UserError(f"{asked}（请加 --reason 原因）") from None
        report(args, {"attended": attended, "rows": len(marks)}, f"已登记出勤：到场 {attended} 人，共 {len(marks)} 行")
    return OK
