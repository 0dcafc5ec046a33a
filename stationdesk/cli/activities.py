"""`activities …`: plan an activity, sign people up, list them (their papers are under `print`, their
hours under `attendance`)."""

import sys
from datetime import datetime

from stationdesk.cli.common import OK, clock_time, emit, iso_date, open_store, report, team_named
from stationdesk.errors import UserError


def add_commands(sub) -> None:
    act = sub.add_parser("activities", help="活动").add_subparsers(dest="what", required=True, metavar="子命令")
    aa = act.add_parser("add", help="安排一次活动，输出其编号")
    aa.add_argument("--title", required=True, help="活动主题")
    aa.add_argument("--date", required=True, type=iso_date, help="日期，如 2026-12-05")
    aa.add_argument("--start", default="09:00", help="开始时间")
    aa.add_argument("--end", default="11:00", help="结束时间")
    aa.add_argument("--team", default="", help="组织的服务队名称")
    aa.add_argument("--category", default="", help="活动类别，如 理论宣讲")
    aa.add_argument("--place", default="", help="地点")
    aa.add_argument("--content", default="", help="活动内容")
    aa.add_argument("--json", action="store_true")
    aa.set_defaults(run=activity_add)
    asg = act.add_parser("signup", help="报名：把志愿者加入活动")
    asg.add_argument("activity_id", type=int)
    asg.add_argument("volunteer_ids", type=int, nargs="+", metavar="志愿者编号")
    asg.set_defaults(run=activity_signup)
    al = act.add_parser("list", help="列出活动")
    al.add_argument("--year", type=int)
    al.add_argument("--json", action="store_true")
    al.set_defaults(run=activity_list)


def activity_add(args) -> int:
    from stationdesk.domain.activity import ActivityDraft
    from stationdesk.services import activities

    starts = datetime.combine(args.date, clock_time(args.start, "开始时间"))
    ends = datetime.combine(args.date, clock_time(args.end, "结束时间"))
    with open_store(args) as store:
        aid = activities.create_activity(store, ActivityDraft(
            title=args.title, category=args.category, starts_at=starts, ends_at=ends, place=args.place,
            organiser_team_id=team_named(store, args.team), content=args.content))
    report(args, {"id": aid}, f"已安排活动 {aid}：{args.title}")
    return OK


def activity_signup(args) -> int:
    from stationdesk.services import attendance

    with open_store(args) as store:
        known = {r[0] for r in store.query_in("SELECT id FROM volunteer WHERE id IN ({in})", args.volunteer_ids)}
        unknown = [v for v in args.volunteer_ids if v not in known]
        if unknown:
            raise UserError(f"没有编号为 {'、'.join(map(str, unknown))} 的志愿者。")
        added = attendance.sign_up(store, args.activity_id, args.volunteer_ids)
    print(f"已报名 {added} 人（已在名单中的不重复报名）", file=sys.stderr)
    return OK


def activity_list(args) -> int:
    from stationdesk.domain.activity import STATUS_LABELS
    from stationdesk.services import activities

    with open_store(args) as store:
        rows = activities.list_activities(store, year=args.year)
    results = [{"id": a.id, "title": a.title, "category": a.category, "brand": a.brand,
                "starts_at": f"{a.starts_at:%Y-%m-%d %H:%M}", "ends_at": f"{a.ends_at:%Y-%m-%d %H:%M}",
                "place": a.place, "organiser": a.organiser, "partner": a.partner, "status": a.status,
                "signed_up": a.signed_up, "attended": a.attended} for a in rows]
    text = "\n".join(f"{a.id:>5}  {a.starts_at:%Y-%m-%d %H:%M}  {a.title}　{a.place}　"
                     f"{STATUS_LABELS.get(a.status, a.status)}　报名{a.signed_up}/出勤{a.attended}" for a in rows)
    emit(args, {"results": results}, text or "没有活动。")
    return OK
