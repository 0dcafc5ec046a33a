"""`volunteers …`: register, find, and keep one record per person (疑似重复, merge and its undo)."""

from stationdesk.cli.common import OK, emit, filter_arguments, filters, open_store, report, team_named
from stationdesk.errors import UserError


def add_commands(sub) -> None:
    vol = sub.add_parser("volunteers", help="志愿者").add_subparsers(dest="what", required=True, metavar="子命令")
    va = vol.add_parser("add", help="登记一名志愿者（同表单的检查）")
    va.add_argument("--name", required=True, help="姓名")
    va.add_argument("--id-number", default="", help="身份证号码（出生日期和性别据此填入）")
    va.add_argument("--phone", default="", help="联系电话")
    va.add_argument("--team", default="", help="加入的服务队名称（须已存在）")
    va.add_argument("--anyway", action="store_true", help="确认是另一个人：即使与已登记的人姓名和电话等相同也登记")
    va.add_argument("--json", action="store_true")
    va.set_defaults(run=volunteer_add)
    vs = vol.add_parser("search", help="按姓名、拼音、电话或身份证尾号查找；'' 列出全部")
    vs.add_argument("text")
    vs.add_argument("--limit", type=int, default=50)
    filter_arguments(vs)
    vs.add_argument("--json", action="store_true")
    vs.set_defaults(run=volunteer_search)
    vd = vol.add_parser("duplicates", help="疑似重复的志愿者记录（按证据打分，附理由）")
    vd.add_argument("--json", action="store_true")
    vd.set_defaults(run=volunteer_duplicates)
    vm = vol.add_parser("merge", help="合并同一人的两条记录：出勤、队伍、积分、证书等全部移入保留的记录")
    vm.add_argument("keep", type=int, metavar="保留编号")
    vm.add_argument("drop", type=int, metavar="并入编号")
    vm.add_argument("--take", default="", metavar="字段", help="改用并入记录的字段，逗号隔开，如 phone,village_group"
                    "（默认：保留记录的字段，空的才用并入记录的）")
    vm.add_argument("--prefer", choices=("keep", "drop"), help="同一活动两条出勤时长不同时以哪条为准")
    vm.add_argument("--json", action="store_true")
    vm.set_defaults(run=volunteer_merge)
    vu = vol.add_parser("unmerge", help="撤销一次合并（合并后没有新的写入时）")
    vu.add_argument("merge_id", type=int, metavar="合并编号")
    vu.add_argument("--json", action="store_true")
    vu.set_defaults(run=volunteer_unmerge)


def volunteer_merge(args) -> int:
    from stationdesk.services import merging

    take = frozenset(f.strip() for f in args.take.split(",") if f.strip())
    unknown = sorted(take - set(merging.FIELDS))
    if unknown:
        raise UserError(f"不认识的字段：{'、'.join(unknown)}（可用：{', '.join(merging.FIELDS)}）")
    with open_store(args) as store:
        moved = merging.summary(store, args.drop)
        merge_id = merging.merge(store, args.keep, args.drop, take=take, prefer=args.prefer)
    what = "，".join(f"{label} {n}" for label, n in moved.items() if n) or "没有其他记录"
    report(args, {"merge_id": merge_id, "moved": moved},
           f"已把编号 {args.drop} 合并到编号 {args.keep}（{what}）。合并编号 {merge_id}，"
           f"在有新的写入之前可用 volunteers unmerge {merge_id} 撤销。")
    return OK


def volunteer_unmerge(args) -> int:
    from stationdesk.services import merging

    with open_store(args) as store:
        merging.undo_merge(store, args.merge_id)
    report(args, {"merge_id": args.merge_id}, f"已撤销合并 {args.merge_id}，两条记录恢复原样。")
    return OK


def volunteer_duplicates(args) -> int:
    from stationdesk.services import duplicates

    with open_store(args) as store:
        pairs = duplicates.pairs(store)
        shown = [(p, duplicates.sides(store, p)) for p in pairs]
    results = [{"score": p.score, "reasons": list(p.reasons),
                "records": [{"id": s.id, "name": s.name, "phone": s.phone_masked, "id_number": s.id_masked,
                             "hours": s.hours, "activities": s.activities, "certificates": s.certificates}
                            for s in pair_sides]} for p, pair_sides in shown]
    text = "\n".join(f"{p.score:>3} 分  {a.name}（编号 {a.id}，{a.hours:g} 小时） ↔ {b.name}（编号 {b.id}，"
                     f"{b.hours:g} 小时）：{'；'.join(p.reasons)}" for p, (a, b) in shown) or "没有发现疑似重复的记录。"
    emit(args, {"pairs": results}, text)
    return OK


def volunteer_add(args) -> int:
    from stationdesk.domain.volunteer import VolunteerDraft
    from stationdesk.reports.fonts import unprintable_warning
    from stationdesk.services import roster, teams

    with open_store(args) as store:
        team_id = team_named(store, args.team)
        draft = VolunteerDraft(name=args.name, id_number=args.id_number, phone=args.phone)
        found = [] if args.anyway else roster.probably_registered(store, draft)
        if found:
            raise UserError("可能已经登记过这个人，没有登记：" + "；".join(
                f"{p.name}（编号 {p.id}）{'、'.join(p.reasons)}" for p in found[:3])
                + "。确认是另一个人，请加 --anyway 重新运行。")
        vid = roster.add_volunteer(store, draft)
        if team_id is not None:
            teams.add_members(store, team_id, [vid])
    warnings = [f"{w}。" for w in [unprintable_warning(args.name)] if w]  # registered all the same
    report(args, {"id": vid, "warnings": warnings},
           "\n".join([f"已登记志愿者 {args.name}（编号 {vid}）", *(f"提醒：{w}" for w in warnings)]))
    return OK


def volunteer_search(args) -> int:
    from stationdesk.services import roster

    with open_store(args) as store:
        rows = roster.search(store, args.text, limit=args.limit, narrow=filters(args))
    results = [{"id": r.id, "name": r.name, "gender": r.gender, "phone": r.phone_masked,
                "id_number": r.id_masked, "village_group": r.village_group, "teams": r.teams,
                "status": r.status} for r in rows]
    text = "\n".join(f"{r.id:>6}  {r.name}\t{r.gender}\t{r.phone_masked}\t{r.village_group}\t{r.teams}"
                     for r in rows) or "没有找到。"
    emit(args, {"results": results}, text)
    return OK
