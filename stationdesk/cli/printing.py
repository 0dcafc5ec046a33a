"""`print …`: every printout as a PDF (some also as .docx), each through its one use case in
services.documents (or briefs, notices), the same the window calls."""

import sys
from datetime import date, datetime
from pathlib import Path

from stationdesk.cli import assessment
from stationdesk.cli.common import OK, filter_arguments, filters, iso_date, open_store, stats_period
from stationdesk.errors import UserError


def add_commands(sub) -> None:
    pr = sub.add_parser("print", help="打印（生成PDF）").add_subparsers(dest="what", required=True, metavar="子命令")
    pr_roster = pr.add_parser("roster", help="志愿者花名册")
    pr_roster.add_argument("-o", "--out", type=Path, required=True)
    filter_arguments(pr_roster)
    pr_roster.set_defaults(run=print_roster)
    pr_safety = pr.add_parser("safety", help="活动安全核查表（年龄、培训、当天保险、监护人同意、资质）")
    pr_safety.add_argument("activity_id", type=int)
    pr_safety.add_argument("-o", "--out", type=Path, required=True)
    pr_safety.set_defaults(run=print_safety)
    pr_record = pr.add_parser("record", help="活动记录表（含照片）")
    pr_record.add_argument("activity_id", type=int)
    pr_record.add_argument("-o", "--out", type=Path, required=True)
    pr_record.set_defaults(run=print_record)
    for kind, text in (("agreement", "结对共建协议书"), ("pairing-report", "年度结对共建工作情况"), ("thanks", "感谢信")):
        doc = pr.add_parser(kind, help=text)
        doc.add_argument("pairing_id", type=int)
        doc.add_argument("--year", type=int, default=datetime.now().year)
        doc.add_argument("-o", "--out", type=Path, required=True)
        doc.set_defaults(run=print_pairing_paper)
    pr_profile = pr.add_parser("profile", help="个人志愿服务档案（服务记录、荣誉、证书、积分；不是证明，不登记编号）")
    pr_profile.add_argument("volunteer", type=int, metavar="志愿者编号")
    pr_profile.add_argument("-o", dest="out", required=True)
    pr_profile.set_defaults(run=print_profile)
    pr_cert = pr.add_parser("certificate", help="志愿服务记录证明（登记编号）")
    pr_cert.add_argument("volunteer_id", type=int)
    pr_cert.add_argument("--from", dest="start", type=iso_date, help="开始日期 YYYY-MM-DD（默认本年1月1日）")
    pr_cert.add_argument("--to", dest="end", type=iso_date, help="结束日期 YYYY-MM-DD（默认今天）")
    pr_cert.add_argument("-o", "--out", type=Path, required=True)
    pr_cert.set_defaults(run=print_certificate)
    pr_honors = pr.add_parser("honors", help="荣誉证书（批量）")
    pr_honors.add_argument("--year", type=int, required=True)
    pr_honors.add_argument("--title", default="优秀志愿者")
    pr_honors.add_argument("--min-hours", type=float, default=20.0)
    pr_honors.add_argument("--no-border", action="store_true", help="用于已印好边框的证书纸")
    pr_honors.add_argument("--again", action="store_true",
                           help="已出具过本年度同一称号荣誉证书的人也再出具一张（默认跳过他们）")
    pr_honors.add_argument("-o", "--out", type=Path, required=True)
    pr_honors.set_defaults(run=print_honors)
    pr_ledger = pr.add_parser("ledger", help="年度台账（封面、目录、各部分）")
    pr_ledger.add_argument("--year", type=int, required=True)
    pr_ledger.add_argument("--sections", help="只包括这些部分，用逗号分隔："
                           "profile,roster,activities,pairings,certificates,practices,stats")
    pr_ledger.add_argument("-o", "--out", type=Path, required=True)
    pr_ledger.set_defaults(run=print_ledger)
    pr_stats = pr.add_parser("stats", help="统计报表")
    pr_stats.add_argument("--year", type=int, required=True)
    pr_stats.add_argument("--month", type=int)
    pr_stats.add_argument("-o", "--out", type=Path, required=True)
    pr_stats.set_defaults(run=print_stats)
    pr_requests = pr.add_parser("requests", help="群众点单清单（按点单月份）")
    pr_requests.add_argument("--year", type=int, required=True)
    pr_requests.add_argument("--month", type=int)
    pr_requests.add_argument("-o", "--out", type=Path, required=True)
    pr_requests.set_defaults(run=print_practice_paper)
    pr_funds = pr.add_parser("funds", help="年度资金收支明细")
    pr_funds.add_argument("--year", type=int, required=True)
    pr_funds.add_argument("-o", "--out", type=Path, required=True)
    pr_funds.set_defaults(run=print_practice_paper)
    pr_cards = pr.add_parser("cards", help="志愿者证（带签到二维码）")
    pr_cards.add_argument("-o", "--out", type=Path, required=True)
    pr_cards.set_defaults(run=print_cards)
    pr_signin = pr.add_parser("signin", help="活动签到表")
    pr_signin.add_argument("activity_id", type=int)
    pr_signin.add_argument("-o", "--out", type=Path, required=True)
    pr_signin.add_argument("--blank-rows", type=int, default=10)
    pr_signin.add_argument("--beneficiaries", action="store_true", help="服务对象签到表")
    pr_signin.add_argument("--landscape", action="store_true", help="横向打印")
    pr_signin.set_defaults(run=print_signin)
    pr_brief = pr.add_parser("brief", help="活动简报（.pdf，或可编辑的 .docx）")
    pr_brief.add_argument("activity_id", type=int)
    pr_brief.add_argument("-o", "--out", type=Path, required=True, help="OUT.pdf 或 OUT.docx")
    pr_brief.add_argument("--text", action="store_true", help="另把简报文字打印到标准输出（粘贴到公众号编辑器用）")
    pr_brief.set_defaults(run=print_brief)
    pr_monthly = pr.add_parser("monthly-brief", help="月度工作简报（本月开展的活动和统计数字；.pdf 或 .docx）")
    pr_monthly.add_argument("--year", type=int, required=True)
    pr_monthly.add_argument("--month", type=int, required=True)
    pr_monthly.add_argument("-o", "--out", type=Path, required=True, help="OUT.pdf 或 OUT.docx")
    pr_monthly.add_argument("--text", action="store_true", help="另把简报文字打印到标准输出（粘贴到公众号编辑器用）")
    pr_monthly.set_defaults(run=print_brief)
    pr_notice = pr.add_parser("notice", help="志愿服务时长和积分公示（按村民小组；不含电话和身份证号）")
    pr_notice.add_argument("--year", type=int, required=True)
    pr_notice.add_argument("--month", type=int, required=True)
    pr_notice.add_argument("--landscape", action="store_true", help="横向打印")
    pr_notice.add_argument("--phone", metavar="电话", help="监督电话（默认：站点信息里的电话；空则留一条横线手写）")
    pr_notice.add_argument("--from", dest="start", type=iso_date, help="公示期第一天 YYYY-MM-DD（默认今天）")
    pr_notice.add_argument("--days", type=int, default=7, help="公示期天数（默认 7）")
    pr_notice.add_argument("-o", "--out", type=Path, required=True)
    pr_notice.set_defaults(run=print_notice)
    assessment.add_print_command(pr)  # the 自评表: its handler lives with the assessment group


def print_roster(args) -> int:
    from stationdesk.services import documents

    with open_store(args) as store:
        done = documents.roster(store, args.out, narrow=filters(args))
    print(f"花名册已生成：{args.out}（{done.count} 人，{done.pages} 页）", file=sys.stderr)
    return OK


def print_ledger(args) -> int:
    from stationdesk.reports.ledger import SECTIONS
    from stationdesk.services import documents

    sections = [s.strip() for s in args.sections.split(",")] if args.sections else list(SECTIONS)
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        raise UserError(f"没有这些部分：{'、'.join(unknown)}。可选：{','.join(SECTIONS)}")
    with open_store(args) as store:
        done = documents.ledger(store, args.year, args.out, sections=sections, progress=lambda n, total: print(
            f"\r活动记录 {n}/{total}", end="", file=sys.stderr))
    print(f"\n{args.year}年度台账已生成：{args.out}（{done.pages} 页，{done.count} 次活动）", file=sys.stderr)
    return OK


def print_stats(args) -> int:
    from stationdesk.services import documents

    with open_store(args) as store:
        done = documents.stats_report(store, stats_period(args), args.out)
    print(f"统计报表已生成：{args.out}（{done.pages} 页）", file=sys.stderr)
    return OK


def print_practice_paper(args) -> int:
    """群众点单清单 for a month or year, or the year's funds statement."""
    from stationdesk.services import documents

    with open_store(args) as store:
        if args.what == "funds":
            done = documents.fund_statement(store, args.year, args.out)
        else:
            period = stats_period(args)
            done = documents.request_list(store, period.start, period.dates[1], f"{period.label}群众点单清单", args.out)
    print(f"已生成：{args.out}（{done.pages} 页）", file=sys.stderr)
    return OK


def print_brief(args) -> int:
    """活动简报 or 月度工作简报 as .pdf or .docx; with --text its plain text on stdout too."""
    from stationdesk.services import briefs

    briefs.check_format(args.out)
    with open_store(args) as store:
        if args.what == "brief":
            brief = briefs.activity_brief(store, args.activity_id)
        else:
            stats_period(args)
            brief = briefs.monthly_brief(store, args.year, args.month)
        pages = briefs.write(brief, args.out)
    if args.text:
        sys.stdout.write(brief.as_text())
    done = f"{pages} 页" if args.out.suffix.lower() == ".pdf" else "Word 文档，可以修改"
    print(f"{brief.kind}已生成：{args.out}（{done}，{len(brief.photos)} 张照片）", file=sys.stderr)
    return OK


def print_notice(args) -> int:
    """The month's 志愿服务时长和积分公示 by 村民小组."""
    from stationdesk.services import notices

    stats_period(args)
    with open_store(args) as store:
        done = notices.print_notice(store, args.year, args.month, args.out, landscape_page=args.landscape,
                                    phone=args.phone, starts_on=args.start, days=args.days)
    print(f"公示已生成：{args.out}（{done.count} 人，{done.pages} 页）", file=sys.stderr)
    return OK


def print_signin(args) -> int:
    from stationdesk.services import documents

    if not 0 <= args.blank_rows <= 500:
        raise UserError("空白行数应在 0 到 500 之间。")
    with open_store(args) as store:
        done = documents.signin(store, args.activity_id, args.out, blank_rows=args.blank_rows,
                                beneficiaries=args.beneficiaries, landscape_page=args.landscape)
    print(f"签到表已生成：{args.out}（{done.count} 名已报名，{done.pages} 页）", file=sys.stderr)
    return OK


def _paper(args, make, name: str, counted: str) -> int:
    """Print one paper with `make(documents, store)`; says what was made and its `counted` (e.g. "{} 人")."""
    from stationdesk.services import documents

    with open_store(args) as store:
        done = make(documents, store)
    print(f"{name}已生成：{args.out}（{counted.format(done.count)}，{done.pages} 页）", file=sys.stderr)
    return OK


def print_safety(args) -> int:
    return _paper(args, lambda documents, store: documents.safety_check(store, args.activity_id, args.out),
                  "活动安全核查表", "{} 人")


def print_record(args) -> int:
    return _paper(args, lambda documents, store: documents.record(store, args.activity_id, args.out),
                  "活动记录表", "{} 张照片")


def print_profile(args) -> int:
    return _paper(args, lambda documents, store: documents.profile(store, args.volunteer, args.out),
                  "个人志愿服务档案", "{} 次服务")


def print_pairing_paper(args) -> int:
    from stationdesk.services import documents

    with open_store(args) as store:
        done = documents.pairing_paper(store, args.what, args.pairing_id, args.year, args.out)
    print(f"已生成：{args.out}（{done.pages} 页）", file=sys.stderr)
    return OK


def print_certificate(args) -> int:
    from stationdesk.services import certificates, documents

    today = date.today()
    start, end = args.start or date(today.year, 1, 1), args.end or today
    with open_store(args) as store:
        for warning in certificates.proof_warnings(store, args.volunteer_id, start, end):  # issued all the same
            print(f"注意：{warning}", file=sys.stderr)
        done = documents.service_record(store, args.volunteer_id, start, end, args.out)
    issued = done.issued[0]
    print(f"已出具志愿服务记录证明 {issued.serial}（校验码 {issued.check_code}，{issued.content['hours']:g} 小时）："
          f"{args.out}", file=sys.stderr)
    return OK


def print_honors(args) -> int:
    from stationdesk.services import certificates, documents

    with open_store(args) as store:
        chosen = certificates.honor_candidates(store, year=args.year, min_hours=args.min_hours)
        if not chosen:
            raise UserError(f"{args.year} 年没有服务时长达到 {args.min_hours:g} 小时的志愿者。")
        ids = [vid for vid, _, _ in chosen]
        done_before = {} if args.again else certificates.already_honoured(store, ids, year=args.year,
                                                                          title=args.title)
        ids = [vid for vid in ids if vid not in done_before]
        if not ids:
            raise UserError(f"这 {len(done_before)} 人都已出具过 {args.year} 年“{args.title.strip()}”荣誉证书，"
                            "没有新出具。如确需再出具一张，请加 --again。")
        done = documents.honors(store, ids, args.out, year=args.year, title=args.title, border=not args.no_border)
    batch = done.issued
    skipped = (f"；跳过已出具过本年度“{args.title.strip()}”证书的 {len(done_before)} 人（如需再出具，请加 --again）"
               if done_before else "")
    print(f"已出具荣誉证书 {len(batch)} 张（{batch[0].serial} 至 {batch[-1].serial}）{skipped}：{args.out}",
          file=sys.stderr)
    return OK


def print_cards(args) -> int:
    from stationdesk.services import documents

    with open_store(args) as store:
        done = documents.cards(store, args.out)
    print(f"志愿者证已生成：{args.out}（{done.count} 张，{done.pages} 页）", file=sys.stderr)
    return OK
