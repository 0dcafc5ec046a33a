"""Command line (DESIGN §5). Non-GUI commands never import Qt; `gui` (the default) imports it lazily."""

import argparse
import json
import os
import shlex
import sys
from datetime import date, datetime
from pathlib import Path

from stationdesk import APP_NAME, __version__
from stationdesk.cli_words import ChineseParser, speak_chinese
from stationdesk.domain.amounts import figure
from stationdesk.domain.roster_filter import AGE_BANDS, RosterFilter
from stationdesk.errors import DatabaseProblem, UserError, explain, os_error_text
from stationdesk.files import check_output, open_fd

OK, PARTIAL, BAD_INPUT, DATABASE = 0, 1, 2, 3
CANCELLED = 130  # Ctrl-C, as shells report it


def _filter_arguments(parser) -> None:
    parser.add_argument("--skill", default="", help="技能特长含这几个字，如 医疗")
    parser.add_argument("--group", default="", help="村民小组（与花名册所写一致）")
    parser.add_argument("--qualification", default="", help="持有这项资质且今天有效，如 急救证")
    parser.add_argument("--age", choices=[b.key for b in AGE_BANDS], default="",
                        help="年龄段：" + "、".join(f"{b.key} {b.label}" for b in AGE_BANDS))


def _filters(args) -> RosterFilter:
    return RosterFilter(skill=args.skill, village_group=args.group, qualification=args.qualification, age_band=args.age)


def _parser() -> argparse.ArgumentParser:
    speak_chinese()
    p = ChineseParser(prog="stationdesk", description=f"{APP_NAME}：新时代文明实践站台账")
    p.add_argument("--db", type=Path, help="数据库文件（默认在用户数据目录）")
    p.add_argument("--create", action="store_true", help="数据库文件不存在时新建（默认不新建，以免路径打错时对着空库操作）")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}", help="显示版本号并退出")
    p.add_argument("--self-test", action="store_true", help="自检：临时数据库、迁移、打印一份PDF")
    p.add_argument("--operator", metavar="姓名", default=os.environ.get("STATIONDESK_OPERATOR", ""),
                   help="当前经办人：记入操作日志，打印在兑换单、证明上（也可设环境变量 STATIONDESK_OPERATOR）")
    sub = p.add_subparsers(dest="command", metavar="命令", title="命令")

    sub.add_parser("gui", help="打开窗口（默认）")

    demo = sub.add_parser("demo", help="生成演示站点数据（写入空数据库）")
    demo.add_argument("--volunteers", type=int, default=300)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--activities", type=int, default=24, help="每年的活动数")
    demo.add_argument("--years", type=int, default=1)

    imp = sub.add_parser("import", help="导入").add_subparsers(dest="what", required=True, metavar="子命令")
    iv = imp.add_parser("volunteers", help="从 .xlsx/.xls/.csv 导入志愿者")
    iv.add_argument("file", type=Path)
    iv.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    iv.add_argument("--update", action="store_true", help="身份证号码已登记的，用表格内容更新（默认跳过）")
    iv.add_argument("--probable", choices=("skip", "add", "update"), default="skip",
                    help="没有身份证号码可核对、但疑似已登记（姓名和电话相同等）的行：跳过（默认）、仍然新增、更新已登记的记录")
    iv.add_argument("--errors", type=Path, metavar="OUT.xlsx", help="把有错误的行写入这个表格")
    iv.add_argument("--json", action="store_true")

    exp = sub.add_parser("export", help="导出").add_subparsers(dest="what", required=True, metavar="子命令")
    ev = exp.add_parser("volunteers", help="导出志愿者花名册 .xlsx")
    ev.add_argument("out", type=Path)
    ev.add_argument("--format", choices=("full", "national"), default="full")
    ev.add_argument("--ids", choices=("none", "masked", "full"), default="none",
                    help="身份证号码：不导出（默认）、只显示首尾、完整")
    ev.add_argument("--phones", choices=("masked", "full"), default="masked", help="电话：只显示首尾（默认）或完整")
    ev.add_argument("--all", action="store_true", help="包括已归档的志愿者")
    ep = exp.add_parser("package", help="导出签名的上报数据包 .sdpkg（上交实践所、实践中心汇总）")
    ep.add_argument("-o", dest="out", required=True, metavar="FILE.sdpkg")
    ep.add_argument("--year", type=int, help="只含这一年的活动、出勤、证书和点单（默认全部）")
    ep.add_argument("--ids", choices=("masked", "full"), default="masked", help="证件号码：打码（默认）或完整")
    ep.add_argument("--json", action="store_true")
    eh = exp.add_parser("hours", help="导出一年的服务时长 .xlsx（每次出勤一行，供录入全国志愿服务信息系统；含完整证件号码）")
    eh.add_argument("--year", type=int, required=True)
    eh.add_argument("out", metavar="OUT.xlsx")
    eh.add_argument("--json", action="store_true")
    es = exp.add_parser("stats", help="导出统计数据 .xlsx")
    es.add_argument("--year", type=int, required=True)
    es.add_argument("--month", type=int)
    es.add_argument("out", type=Path)
    el = exp.add_parser("log", help="导出操作日志 .xlsx（谁、何时、做了什么，中文）")
    el.add_argument("out", metavar="OUT.xlsx")
    el.add_argument("--limit", type=int, default=100_000, help="最多导出最近多少条（默认 100000）")
    el.add_argument("--json", action="store_true")

    vol = sub.add_parser("volunteers", help="志愿者").add_subparsers(dest="what", required=True, metavar="子命令")
    va = vol.add_parser("add", help="登记一名志愿者（同表单的检查）")
    va.add_argument("--name", required=True, help="姓名")
    va.add_argument("--id-number", default="", help="身份证号码（出生日期和性别据此填入）")
    va.add_argument("--phone", default="", help="联系电话")
    va.add_argument("--team", default="", help="加入的服务队名称（须已存在）")
    va.add_argument("--anyway", action="store_true", help="确认是另一个人：即使与已登记的人姓名和电话等相同也登记")
    va.add_argument("--json", action="store_true")
    vs = vol.add_parser("search", help="按姓名、拼音、电话或身份证尾号查找；'' 列出全部")
    vs.add_argument("text")
    vs.add_argument("--limit", type=int, default=50)
    _filter_arguments(vs)
    vs.add_argument("--json", action="store_true")
    vd = vol.add_parser("duplicates", help="疑似重复的志愿者记录（按证据打分，附理由）")
    vd.add_argument("--json", action="store_true")
    vm = vol.add_parser("merge", help="合并同一人的两条记录：出勤、队伍、积分、证书等全部移入保留的记录")
    vm.add_argument("keep", type=int, metavar="保留编号")
    vm.add_argument("drop", type=int, metavar="并入编号")
    vm.add_argument("--take", default="", metavar="字段", help="改用并入记录的字段，逗号隔开，如 phone,village_group"
                    "（默认：保留记录的字段，空的才用并入记录的）")
    vm.add_argument("--prefer", choices=("keep", "drop"), help="同一活动两条出勤时长不同时以哪条为准")
    vm.add_argument("--json", action="store_true")
    vu = vol.add_parser("unmerge", help="撤销一次合并（合并后没有新的写入时）")
    vu.add_argument("merge_id", type=int, metavar="合并编号")
    vu.add_argument("--json", action="store_true")

    pr = sub.add_parser("print", help="打印（生成PDF）").add_subparsers(dest="what", required=True, metavar="子命令")
    pr_roster = pr.add_parser("roster", help="志愿者花名册")
    pr_roster.add_argument("-o", "--out", type=Path, required=True)
    _filter_arguments(pr_roster)
    pr_safety = pr.add_parser("safety", help="活动安全核查表（年龄、培训、当天保险、监护人同意、资质）")
    pr_safety.add_argument("activity_id", type=int)
    pr_safety.add_argument("-o", "--out", type=Path, required=True)
    pr_record = pr.add_parser("record", help="活动记录表（含照片）")
    pr_record.add_argument("activity_id", type=int)
    pr_record.add_argument("-o", "--out", type=Path, required=True)
    for kind, text in (("agreement", "结对共建协议书"), ("pairing-report", "年度结对共建工作情况"), ("thanks", "感谢信")):
        doc = pr.add_parser(kind, help=text)
        doc.add_argument("pairing_id", type=int)
        doc.add_argument("--year", type=int, default=datetime.now().year)
        doc.add_argument("-o", "--out", type=Path, required=True)
    pr_profile = pr.add_parser("profile", help="个人志愿服务档案（服务记录、荣誉、证书、积分；不是证明，不登记编号）")
    pr_profile.add_argument("volunteer", type=int, metavar="志愿者编号")
    pr_profile.add_argument("-o", dest="out", required=True)
    pr_cert = pr.add_parser("certificate", help="志愿服务记录证明（登记编号）")
    pr_cert.add_argument("volunteer_id", type=int)
    pr_cert.add_argument("--from", dest="start", type=_date, help="开始日期 YYYY-MM-DD（默认本年1月1日）")
    pr_cert.add_argument("--to", dest="end", type=_date, help="结束日期 YYYY-MM-DD（默认今天）")
    pr_cert.add_argument("-o", "--out", type=Path, required=True)
    pr_honors = pr.add_parser("honors", help="荣誉证书（批量）")
    pr_honors.add_argument("--year", type=int, required=True)
    pr_honors.add_argument("--title", default="优秀志愿者")
    pr_honors.add_argument("--min-hours", type=float, default=20.0)
    pr_honors.add_argument("--no-border", action="store_true", help="用于已印好边框的证书纸")
    pr_honors.add_argument("--again", action="store_true",
                           help="已出具过本年度同一称号荣誉证书的人也再出具一张（默认跳过他们）")
    pr_honors.add_argument("-o", "--out", type=Path, required=True)
    pr_ledger = pr.add_parser("ledger", help="年度台账（封面、目录、各部分）")
    pr_ledger.add_argument("--year", type=int, required=True)
    pr_ledger.add_argument("--sections", help="只包括这些部分，用逗号分隔："
                           "profile,roster,activities,pairings,certificates,practices,stats")
    pr_ledger.add_argument("-o", "--out", type=Path, required=True)
    pr_stats = pr.add_parser("stats", help="统计报表")
    pr_stats.add_argument("--year", type=int, required=True)
    pr_stats.add_argument("--month", type=int)
    pr_stats.add_argument("-o", "--out", type=Path, required=True)
    pr_requests = pr.add_parser("requests", help="群众点单清单（按点单月份）")
    pr_requests.add_argument("--year", type=int, required=True)
    pr_requests.add_argument("--month", type=int)
    pr_requests.add_argument("-o", "--out", type=Path, required=True)
    pr_funds = pr.add_parser("funds", help="年度资金收支明细")
    pr_funds.add_argument("--year", type=int, required=True)
    pr_funds.add_argument("-o", "--out", type=Path, required=True)
    pr_cards = pr.add_parser("cards", help="志愿者证（带签到二维码）")
    pr_cards.add_argument("-o", "--out", type=Path, required=True)
    pr_signin = pr.add_parser("signin", help="活动签到表")
    pr_signin.add_argument("activity_id", type=int)
    pr_signin.add_argument("-o", "--out", type=Path, required=True)
    pr_signin.add_argument("--blank-rows", type=int, default=10)
    pr_signin.add_argument("--beneficiaries", action="store_true", help="服务对象签到表")
    pr_signin.add_argument("--landscape", action="store_true", help="横向打印")
    pr_brief = pr.add_parser("brief", help="活动简报（.pdf，或可编辑的 .docx）")
    pr_brief.add_argument("activity_id", type=int)
    pr_brief.add_argument("-o", "--out", type=Path, required=True, help="OUT.pdf 或 OUT.docx")
    pr_brief.add_argument("--text", action="store_true", help="另把简报文字打印到标准输出（粘贴到公众号编辑器用）")
    pr_monthly = pr.add_parser("monthly-brief", help="月度工作简报（本月开展的活动和统计数字；.pdf 或 .docx）")
    pr_monthly.add_argument("--year", type=int, required=True)
    pr_monthly.add_argument("--month", type=int, required=True)
    pr_monthly.add_argument("-o", "--out", type=Path, required=True, help="OUT.pdf 或 OUT.docx")
    pr_monthly.add_argument("--text", action="store_true", help="另把简报文字打印到标准输出（粘贴到公众号编辑器用）")
    pr_notice = pr.add_parser("notice", help="志愿服务时长和积分公示（按村民小组；不含电话和身份证号）")
    pr_notice.add_argument("--year", type=int, required=True)
    pr_notice.add_argument("--month", type=int, required=True)
    pr_notice.add_argument("--landscape", action="store_true", help="横向打印")
    pr_notice.add_argument("--phone", metavar="电话", help="监督电话（默认：站点信息里的电话；空则留一条横线手写）")
    pr_notice.add_argument("--from", dest="start", type=_date, help="公示期第一天 YYYY-MM-DD（默认今天）")
    pr_notice.add_argument("--days", type=int, default=7, help="公示期天数（默认 7）")
    pr_notice.add_argument("-o", "--out", type=Path, required=True)

    ru = sub.add_parser("rollup", help="汇总（实践所）：导入各站的上报数据包，查看各站和合计")
    ru.add_argument("--db", dest="rollup_db", required=True, metavar="汇总库", help="汇总数据库：乡镇用一个 SQLite 文件；县级用 PostgreSQL，写成 postgresql://用户@主机/库名")
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
    st = sub.add_parser("stats", help="统计（与统计页相同的数字）")
    st.add_argument("--year", type=int, default=datetime.now().year)
    st.add_argument("--month", type=int)
    st.add_argument("--json", action="store_true")

    ce = sub.add_parser("certificates", help="证书登记簿").add_subparsers(dest="what", required=True, metavar="子命令")
    cv = ce.add_parser("verify", help="核验证书（编号或二维码内容）")
    cv.add_argument("text", metavar="编号和校验码", help="证书编号和二维码旁的校验码，如 'SD-2026-0001 AB12CD34'，"
                    "或扫描二维码得到的文字（SDC: 开头）；只写编号时只能查到登记簿中有没有这份证书，不能证明真伪")
    cv.add_argument("--json", action="store_true")
    cx = ce.add_parser("void", help="作废证书（记录保留）")
    cx.add_argument("serial")
    cx.add_argument("--reason", required=True)
    cr = ce.add_parser("reprint", help="补打证书（内容与原件相同，注明“补打件”和原出具日期，记入操作日志）")
    cr.add_argument("serial")
    cr.add_argument("-o", "--out", type=Path, required=True)

    pa = sub.add_parser("pairings", help="结对共建").add_subparsers(dest="what", required=True, metavar="子命令")
    pl = pa.add_parser("list", help="列出结对协议及本年履行情况")
    pl.add_argument("--year", type=int, default=datetime.now().year)
    pl.add_argument("--json", action="store_true")

    act = sub.add_parser("activities", help="活动").add_subparsers(dest="what", required=True, metavar="子命令")
    aa = act.add_parser("add", help="安排一次活动，输出其编号")
    aa.add_argument("--title", required=True, help="活动主题")
    aa.add_argument("--date", required=True, type=_date, help="日期，如 2026-12-05")
    aa.add_argument("--start", default="09:00", help="开始时间")
    aa.add_argument("--end", default="11:00", help="结束时间")
    aa.add_argument("--team", default="", help="组织的服务队名称")
    aa.add_argument("--category", default="", help="活动类别，如 理论宣讲")
    aa.add_argument("--place", default="", help="地点")
    aa.add_argument("--content", default="", help="活动内容")
    aa.add_argument("--json", action="store_true")
    asg = act.add_parser("signup", help="报名：把志愿者加入活动")
    asg.add_argument("activity_id", type=int)
    asg.add_argument("volunteer_ids", type=int, nargs="+", metavar="志愿者编号")
    al = act.add_parser("list", help="列出活动")
    al.add_argument("--year", type=int)
    al.add_argument("--json", action="store_true")

    att = sub.add_parser("attendance", help="出勤与服务时长").add_subparsers(dest="what", required=True, metavar="子命令")
    atl = att.add_parser("list", help="一次活动的出勤（含记录号，用于更正）")
    atl.add_argument("activity_id", type=int)
    atl.add_argument("--json", action="store_true")
    atd = att.add_parser("record", help="登记出勤：到场的人按活动时间计时长，其余记为未到")
    atd.add_argument("activity_id", type=int)
    present = atd.add_mutually_exclusive_group(required=True)
    present.add_argument("--present", metavar="序号", help="签到表上到场的序号，如 '1 3 5-8'")
    present.add_argument("--volunteers", metavar="编号", help="到场志愿者的编号，逗号隔开")
    atd.add_argument("--reason", default="", help="改变已登记的时长时必填")
    atd.add_argument("--json", action="store_true")
    ath = att.add_parser("history", help="一次活动的时长更正记录（谁、何时、原值、新值、原因）")
    ath.add_argument("activity_id", type=int)
    ath.add_argument("--json", action="store_true")
    atc = att.add_parser("correct", help="更正服务时长：原时长、经办人、时间和原因都会保留")
    atc.add_argument("record", type=int, help="记录号（见 attendance list 或 attendance review）；或活动编号，后跟志愿者编号")
    atc.add_argument("volunteer_id", type=int, nargs="?", help="志愿者编号（第一个参数是活动编号时）")
    atc.add_argument("--hours", type=float, required=True)
    atc.add_argument("--reason", required=True, help="更正原因（必填）")
    atr = att.add_parser("review", help="待核实的出勤（忘记签退，按结束时间计）")
    atr.add_argument("--json", action="store_true")
    atk = att.add_parser("confirm", help="核实后确认时长无误")
    atk.add_argument("record", type=int)

    backup = sub.add_parser("backup", help="立即备份（经过校验）")
    backup.add_argument("-o", "--out", type=Path, help="备份到这个文件（默认放在备份文件夹并自动轮换）")
    restore = sub.add_parser("restore", help="用备份恢复数据（当前数据会先另存）；数据库损坏、打不开时也能用")
    restore.add_argument("file", type=Path, nargs="?", help="备份文件；不写则用本站最近一份完好的备份")
    restore.add_argument("--other-station", action="store_true",
                         help="明确要用另一个站点的备份恢复（本站将变成那个站点：名册和上报签名身份都换成它的）")

    check = sub.add_parser("check", help="检查数据库是否完好")
    check.add_argument("--json", action="store_true")
    return p


def _db_path(args) -> Path:
    if args.db:
        return args.db
    from stationdesk.paths import default_database_path

    return default_database_path()


def _date(text: str) -> date:
    """A date as YYYY-MM-DD in the years a station's records hold (argparse names the expected form in
    Chinese when it is not one)."""
    from stationdesk.cli_words import YEARS

    day = date.fromisoformat(text.strip())
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise ValueError(text)
    return day


def _time(text: str, what: str):
    try:
        return datetime.strptime(text.replace("：", ":"), "%H:%M").time()
    except ValueError:
        raise UserError(f"{what}“{text}”看不懂，请写成 09:00 这样的时间。") from None


def _team_named(name: str) -> int | None:
    from stationdesk.services import teams

    if not name:
        return None
    team_id = teams.team_id_by_name(name.strip(), create=False)
    if team_id is None:
        raise UserError(f"没有名为“{name}”的服务队。请先在“服务队”中建立，或检查名称。")
    return team_id


def _need_a_screen() -> None:
    """Qt aborts the interpreter when it finds no display (exit 134, English): say it first, in Chinese."""
    if (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")):
        raise UserError("没有可用的图形界面（未设置 DISPLAY），窗口无法打开。请在电脑桌面上启动，"
                        "或使用命令行功能（stationdesk --help）。")


CREATES = ("demo", "import", "restore")  # commands that may start a new database file


def _open(args):
    from stationdesk.errors import DatabaseDamaged
    from stationdesk.store import open_database

    path = _db_path(args)
    if not path.exists() and args.command not in CREATES and not args.create:
        raise UserError(f"找不到数据库文件 {path}。请检查 --db 的路径；如确实要新建一个空的站点数据库，请加 --create。")
    try:
        return open_database(_db_path(args))
    except DatabaseDamaged as exc:
        raise DatabaseDamaged(f"{exc}\n{_restore_hint(args)}") from exc


def _restore_hint(args) -> str:
    """What to type to get the data back, naming the newest backup that verifies."""
    from stationdesk.services import safety

    candidate = safety.newest_good_backup(_db_path(args))
    if candidate is None:
        return "没有找到可用的备份。请不要删除这个文件，联系技术人员。"
    db = f" --db {shlex.quote(str(args.db))}" if args.db else ""
    return (f"最近一份完好的备份是{safety.describe_candidate(candidate)}\n"
            f"恢复命令：stationdesk{db} restore {shlex.quote(str(candidate.backup.path))}")


def _emit(args, payload: dict, text: str) -> None:
    """What a query found (a list, figures, a verdict): the command's output, on stdout."""
    if getattr(args, "json", False):
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(text)


def _done(args, payload: dict, text: str) -> None:
    """What a command did: a Chinese message on stderr, as every message is; with --json the one JSON
    object on stdout instead."""
    if getattr(args, "json", False):
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(text, file=sys.stderr)


def cmd_demo(args) -> int:
    from stationdesk.services.demo import build_demo

    with _open(args) as store:
        result = build_demo(store, volunteers=args.volunteers, seed=args.seed,
                            activities_per_year=args.activities, years=args.years)
    print(f"演示站点已生成：{result['volunteers']} 名志愿者，{result['teams']} 支队伍，{result['activities']} 次活动。",
          file=sys.stderr)
    return OK


def cmd_import(args) -> int:
    from stationdesk.services import importing

    with _open(args) as store:
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
    _done(args, {**result.as_json(), "dry_run": args.dry_run, "probable": flagged}, "\n".join(lines))
    return PARTIAL if result.rejected else OK


def _stats_period(args):
    from stationdesk.services import stats

    if args.month and not 1 <= args.month <= 12:
        raise UserError("月份应为 1 到 12。")
    return stats.period_of(args.year, args.month)


def _stats(store, args):
    from stationdesk.services import stats

    return stats.compute(store, _stats_period(args), with_pairings=True)


def cmd_stats(args) -> int:
    with _open(args) as store:
        s = _stats(store, args)
    p = s.practices
    rating = f"，平均评分 {p['average_rating']}" if p["average_rating"] is not None else ""
    text = (f"{s.period.label}：开展活动 {s.activities} 次，志愿者参与 {s.participations} 人次（{s.volunteers_active} 人），"
            f"服务时长 {figure(s.hours)} 小时，受益群众 {s.beneficiaries} 人次，新注册志愿者 {s.new_volunteers} 人，"
            f"出具证书 {s.certificates} 份。群众点单 {sum(p['requests'].values())} 单{rating}；"
            f"发放积分 {figure(p['points_issued'])}，兑换 {figure(p['points_redeemed'])}；资金收入 {p['funds_in']} 元，支出 {p['funds_out']} 元。")
    _emit(args, s.as_json(), text)
    return OK


def print_ledger(args) -> int:
    from stationdesk.reports.ledger import SECTIONS
    from stationdesk.services import documents

    sections = [s.strip() for s in args.sections.split(",")] if args.sections else list(SECTIONS)
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        raise UserError(f"没有这些部分：{'、'.join(unknown)}。可选：{','.join(SECTIONS)}")
    with _open(args) as store:
        done = documents.ledger(store, args.year, args.out, sections=sections, progress=lambda n, total: print(
            f"\r活动记录 {n}/{total}", end="", file=sys.stderr))
    print(f"\n{args.year}年度台账已生成：{args.out}（{done.pages} 页，{done.count} 次活动）", file=sys.stderr)
    return OK


def print_stats(args) -> int:
    from stationdesk.services import documents

    with _open(args) as store:
        done = documents.stats_report(store, _stats_period(args), args.out)
    print(f"统计报表已生成：{args.out}（{done.pages} 页）", file=sys.stderr)
    return OK


def print_practice_paper(args) -> int:
    """群众点单清单 for a month or year, or the year's funds statement."""
    from stationdesk.services import documents

    with _open(args) as store:
        if args.what == "funds":
            done = documents.fund_statement(store, args.year, args.out)
        else:
            period = _stats_period(args)
            done = documents.request_list(store, period.start, period.dates[1], f"{period.label}群众点单清单", args.out)
    print(f"已生成：{args.out}（{done.pages} 页）", file=sys.stderr)
    return OK


def print_brief(args) -> int:
    """活动简报 or 月度工作简报 as .pdf or .docx; with --text its plain text on stdout too."""
    from stationdesk.services import briefs

    briefs.check_format(args.out)
    with _open(args) as store:
        if args.what == "brief":
            brief = briefs.activity_brief(store, args.activity_id)
        else:
            _stats_period(args)
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

    _stats_period(args)
    with _open(args) as store:
        done = notices.print_notice(store, args.year, args.month, args.out, landscape_page=args.landscape,
                                    phone=args.phone, starts_on=args.start, days=args.days)
    print(f"公示已生成：{args.out}（{done.count} 人，{done.pages} 页）", file=sys.stderr)
    return OK


def cmd_export(args) -> int:
    if args.what == "package":
        from stationdesk.services.packages import export_package

        with _open(args) as store:
            manifest = export_package(store, args.out, year=args.year, ids=args.ids)
        from stationdesk.exchange.package_check import LABELS

        rows = "，".join(f"{LABELS.get(name, name)} {n} 条" for name, n in manifest["rows"].items())
        _done(args, {"file": str(args.out), "manifest": manifest},
              f"已导出上报数据包 {args.out}（站点编号 {manifest['station']['id']}；{rows}；证件号码："
              f"{'完整' if args.ids == 'full' else '打码'}）")
        return OK
    if args.what == "hours":
        from stationdesk.services.exporting import export_hours

        with _open(args) as store:
            n = export_hours(store, args.year, args.out)
        _done(args, {"rows": n, "file": str(args.out)}, f"已导出 {args.year} 年 {n} 条出勤记录到 {args.out}（含完整证件号码，请妥善保管）")
        return OK
    if args.what == "log":
        from stationdesk.services import audit

        if args.limit < 1:
            raise UserError("--limit 应是正整数。")
        with _open(args) as store:
            n = audit.export_log(store, args.out, limit=args.limit)
        _done(args, {"rows": n, "file": str(args.out)}, f"已导出 {n} 条操作日志到 {args.out}")
        return OK
    if args.what == "stats":
        from stationdesk.services.exporting import export_stats

        with _open(args) as store:
            export_stats(store, _stats_period(args), args.out)
        print(f"统计数据已导出到 {args.out}", file=sys.stderr)
        return OK
    from stationdesk.services.exporting import export_roster

    with _open(args) as store:
        n = export_roster(store, args.out, fmt=args.format, id_numbers=args.ids, phones=args.phones,
                          include_archived=args.all)
    print(f"已导出 {n} 名志愿者到 {args.out}", file=sys.stderr)
    return OK


def cmd_volunteers(args) -> int:
    return {"add": volunteer_add, "duplicates": volunteer_duplicates, "merge": volunteer_merge,
            "unmerge": volunteer_unmerge}.get(args.what, cmd_search)(args)


def volunteer_merge(args) -> int:
    from stationdesk.services import merging

    take = frozenset(f.strip() for f in args.take.split(",") if f.strip())
    unknown = sorted(take - set(merging.FIELDS))
    if unknown:
        raise UserError(f"不认识的字段：{'、'.join(unknown)}（可用：{', '.join(merging.FIELDS)}）")
    with _open(args) as store:
        moved = merging.summary(store, args.drop)
        merge_id = merging.merge(store, args.keep, args.drop, take=take, prefer=args.prefer)
    what = "，".join(f"{label} {n}" for label, n in moved.items() if n) or "没有其他记录"
    _done(args, {"merge_id": merge_id, "moved": moved},
          f"已把编号 {args.drop} 合并到编号 {args.keep}（{what}）。合并编号 {merge_id}，"
          f"在有新的写入之前可用 volunteers unmerge {merge_id} 撤销。")
    return OK


def volunteer_unmerge(args) -> int:
    from stationdesk.services import merging

    with _open(args) as store:
        merging.undo_merge(store, args.merge_id)
    _done(args, {"merge_id": args.merge_id}, f"已撤销合并 {args.merge_id}，两条记录恢复原样。")
    return OK


def volunteer_duplicates(args) -> int:
    from stationdesk.services import duplicates

    with _open(args) as store:
        pairs = duplicates.pairs(store)
        shown = [(p, duplicates.sides(store, p)) for p in pairs]
    results = [{"score": p.score, "reasons": list(p.reasons),
                "records": [{"id": s.id, "name": s.name, "phone": s.phone_masked, "id_number": s.id_masked,
                             "hours": s.hours, "activities": s.activities, "certificates": s.certificates}
                            for s in pair_sides]} for p, pair_sides in shown]
    text = "\n".join(f"{p.score:>3} 分  {a.name}（编号 {a.id}，{a.hours:g} 小时） ↔ {b.name}（编号 {b.id}，"
                     f"{b.hours:g} 小时）：{'；'.join(p.reasons)}" for p, (a, b) in shown) or "没有发现疑似重复的记录。"
    _emit(args, {"pairs": results}, text)
    return OK


def volunteer_add(args) -> int:
    from stationdesk.domain.volunteer import VolunteerDraft
    from stationdesk.reports.fonts import unprintable_warning
    from stationdesk.services import roster, teams

    with _open(args) as store:
        team_id = _team_named(args.team)
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
    _done(args, {"id": vid, "warnings": warnings},
          "\n".join([f"已登记志愿者 {args.name}（编号 {vid}）", *(f"提醒：{w}" for w in warnings)]))
    return OK


def cmd_search(args) -> int:
    from stationdesk.services import roster

    with _open(args) as store:
        rows = roster.search(store, args.text, limit=args.limit, narrow=_filters(args))
    results = [{"id": r.id, "name": r.name, "gender": r.gender, "phone": r.phone_masked,
                "id_number": r.id_masked, "village_group": r.village_group, "teams": r.teams,
                "status": r.status} for r in rows]
    text = "\n".join(f"{r.id:>6}  {r.name}\t{r.gender}\t{r.phone_masked}\t{r.village_group}\t{r.teams}"
                     for r in rows) or "没有找到。"
    _emit(args, {"results": results}, text)
    return OK


def cmd_print(args) -> int:
    if args.what == "signin":
        return print_signin(args)
    if args.what == "cards":
        return print_cards(args)
    if args.what == "record":
        return print_record(args)
    if args.what == "safety":
        return print_safety(args)
    if args.what == "profile":
        return print_profile(args)
    if args.what in ("agreement", "pairing-report", "thanks"):
        return print_pairing_paper(args)
    if args.what == "certificate":
        return print_certificate(args)
    if args.what == "stats":
        return print_stats(args)
    if args.what == "ledger":
        return print_ledger(args)
    if args.what == "honors":
        return print_honors(args)
    if args.what in ("requests", "funds"):
        return print_practice_paper(args)
    if args.what in ("brief", "monthly-brief"):
        return print_brief(args)
    if args.what == "notice":
        return print_notice(args)
    from stationdesk.services import documents

    with _open(args) as store:
        done = documents.roster(store, args.out, narrow=_filters(args))
    print(f"花名册已生成：{args.out}（{done.count} 人，{done.pages} 页）", file=sys.stderr)
    return OK


def cmd_backup(args) -> int:
    from stationdesk.services import safety

    with _open(args) as store:
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
        candidate = safety.newest_good_backup(_db_path(args))
        if candidate is None:
            raise UserError("没有找到本站可用的备份（别的站点的备份不会自动选用），请用 restore 备份文件 指定一份。")
        backup = candidate.backup.path
    store, kept = safety.restore_file(_db_path(args), backup, other_station=args.other_station)
    store.close()
    print(f"已用 {backup} 恢复数据。{safety.kept_text(kept)}", file=sys.stderr)
    return OK


def print_signin(args) -> int:
    from stationdesk.services import documents

    if not 0 <= args.blank_rows <= 500:
        raise UserError("空白行数应在 0 到 500 之间。")
    with _open(args) as store:
        done = documents.signin(store, args.activity_id, args.out, blank_rows=args.blank_rows,
                                beneficiaries=args.beneficiaries, landscape_page=args.landscape)
    print(f"签到表已生成：{args.out}（{done.count} 名已报名，{done.pages} 页）", file=sys.stderr)
    return OK


def print_safety(args) -> int:
    from stationdesk.services import documents

    with _open(args) as store:
        done = documents.safety_check(store, args.activity_id, args.out)
    print(f"活动安全核查表已生成：{args.out}（{done.count} 人，{done.pages} 页）", file=sys.stderr)
    return OK


def print_record(args) -> int:
    from stationdesk.services import documents

    with _open(args) as store:
        done = documents.record(store, args.activity_id, args.out)
    print(f"活动记录表已生成：{args.out}（{done.count} 张照片，{done.pages} 页）", file=sys.stderr)
    return OK


def print_profile(args) -> int:
    from stationdesk.services import documents

    with _open(args) as store:
        done = documents.profile(store, args.volunteer, args.out)
    print(f"个人志愿服务档案已生成：{args.out}（{done.count} 次服务，{done.pages} 页）", file=sys.stderr)
    return OK


def print_pairing_paper(args) -> int:
    from stationdesk.services import documents

    with _open(args) as store:
        done = documents.pairing_paper(store, args.what, args.pairing_id, args.year, args.out)
    print(f"已生成：{args.out}（{done.pages} 页）", file=sys.stderr)
    return OK


def cmd_pairings(args) -> int:
    from stationdesk.domain.pairing import FULFILMENT_LABELS, STATUS_LABELS
    from stationdesk.services import pairings

    results, lines = [], []
    with _open(args) as store:
        for p in pairings.list_pairings(store):
            rows = pairings.fulfilment_for_year(store, p.id, args.year)
            results.append({"id": p.id, "unit": p.unit_name, "starts_on": str(p.starts_on), "ends_on": str(p.ends_on),
                            "status": p.status, "year": args.year, "fulfilment": [
                                {"aspect": r.aspect, "target": r.target, "done": r.done, "status": r.status}
                                for r in rows]})
            lines.append(f"{p.id:>4}  {p.unit_name}　{p.starts_on}至{p.ends_on}　{STATUS_LABELS[p.status]}　"
                         + "，".join(f"{r.aspect}{r.done}/{r.target}（{FULFILMENT_LABELS[r.status]}）" for r in rows))
    _emit(args, {"results": results}, "\n".join(lines) or "没有结对协议。")
    return OK


def print_certificate(args) -> int:
    from stationdesk.services import certificates, documents

    today = date.today()
    start, end = args.start or date(today.year, 1, 1), args.end or today
    with _open(args) as store:
        for warning in certificates.proof_warnings(store, args.volunteer_id, start, end):  # issued all the same
            print(f"注意：{warning}", file=sys.stderr)
        done = documents.service_record(store, args.volunteer_id, start, end, args.out)
    issued = done.issued[0]
    print(f"已出具志愿服务记录证明 {issued.serial}（校验码 {issued.check_code}，{issued.content['hours']:g} 小时）："
          f"{args.out}", file=sys.stderr)
    return OK


def print_honors(args) -> int:
    from stationdesk.services import certificates, documents

    with _open(args) as store:
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


def cmd_certificates(args) -> int:
    from stationdesk.services import certificates, documents

    with _open(args) as store:
        if args.what == "verify":
            v = certificates.verify(store, args.text)
            (_emit if v.status == "valid" else _done)(args, {"status": v.status, "serial": v.serial, "name": v.name, "kind": v.kind,
                         "issued_on": v.issued_on, "period": list(v.period) if v.period else None, "hours": v.hours,
                         "year": v.year, "title": v.title, "check": v.check, "message": v.message}, v.message)
            return OK if v.status == "valid" else PARTIAL
        if args.what == "void":
            certificates.void(store, args.serial, reason=args.reason)
            print(f"证书 {args.serial} 已作废，记录保留。", file=sys.stderr)
            return OK
        issued = documents.reprint(store, args.serial, args.out).issued[0]
    print(f"已补打 {issued.serial}（注明“补打件”和原出具日期，已记入操作日志）"
          f"{'（此证书已作废，补打件带作废标记）' if issued.voided else ''}：{args.out}", file=sys.stderr)
    return OK


def print_cards(args) -> int:
    from stationdesk.services import documents

    with _open(args) as store:
        done = documents.cards(store, args.out)
    print(f"志愿者证已生成：{args.out}（{done.count} 张，{done.pages} 页）", file=sys.stderr)
    return OK


def cmd_activities(args) -> int:
    if args.what == "add":
        return activity_add(args)
    if args.what == "signup":
        return activity_signup(args)
    return activity_list(args)


def activity_add(args) -> int:
    from stationdesk.domain.activity import ActivityDraft
    from stationdesk.services import activities

    starts = datetime.combine(args.date, _time(args.start, "开始时间"))
    ends = datetime.combine(args.date, _time(args.end, "结束时间"))
    with _open(args) as store:
        aid = activities.create_activity(store, ActivityDraft(
            title=args.title, category=args.category, starts_at=starts, ends_at=ends, place=args.place,
            organiser_team_id=_team_named(args.team), content=args.content))
    _done(args, {"id": aid}, f"已安排活动 {aid}：{args.title}")
    return OK


def activity_signup(args) -> int:
    from stationdesk.services import attendance

    with _open(args) as store:
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

    with _open(args) as store:
        rows = activities.list_activities(store, year=args.year)
    results = [{"id": a.id, "title": a.title, "category": a.category, "brand": a.brand,
                "starts_at": f"{a.starts_at:%Y-%m-%d %H:%M}", "ends_at": f"{a.ends_at:%Y-%m-%d %H:%M}",
                "place": a.place, "organiser": a.organiser, "partner": a.partner, "status": a.status,
                "signed_up": a.signed_up, "attended": a.attended} for a in rows]
    text = "\n".join(f"{a.id:>5}  {a.starts_at:%Y-%m-%d %H:%M}  {a.title}　{a.place}　"
                     f"{STATUS_LABELS.get(a.status, a.status)}　报名{a.signed_up}/出勤{a.attended}" for a in rows)
    _emit(args, {"results": results}, text or "没有活动。")
    return OK


def cmd_attendance(args) -> int:
    from stationdesk.services import attendance

    with _open(args) as store:
        if args.what == "record":
            return attendance_record(store, args)
        if args.what == "history":
            rows = attendance.corrections(store, args.activity_id)
            _emit(args, {"results": [{"at": f"{r.at:%Y-%m-%d %H:%M:%S}", "actor": r.actor, "name": r.name,
                                      "old_hours": r.old_hours, "new_hours": r.new_hours, "reason": r.reason}
                                     for r in rows]},
                  "\n".join(f"{r.at:%Y-%m-%d %H:%M}　{r.actor}　{r.name}　{r.old_hours:g} → {r.new_hours:g} 小时　{r.reason}"
                            for r in rows) or "这次活动没有时长更正。")
        elif args.what == "correct":
            record = args.record if args.volunteer_id is None else attendance.record_of(
                store, args.record, args.volunteer_id)
            attendance.correct_hours(store, record, args.hours, reason=args.reason)
            print(f"已把记录 {args.record} 的服务时长更正为 {args.hours:g} 小时。", file=sys.stderr)
        elif args.what == "confirm":
            attendance.confirm_reviewed(store, args.record)
            print(f"记录 {args.record} 已核实。", file=sys.stderr)
        elif args.what == "list":
            rows = attendance.sheet_rows(store, args.activity_id)
            _emit(args, {"results": [{"record": r.participation_id, "number": r.number, "volunteer_id": r.volunteer_id,
                                      "name": r.name,
                                      "attended": r.attended, "hours": r.hours, "needs_review": r.needs_review}
                                     for r in rows]},
                  "\n".join(f"{r.participation_id:>7}  {r.number:>3}. {r.name}　{'到场' if r.attended else '未到'}"
                            f"　{r.hours:g} 小时{'　待核实' if r.needs_review else ''}" for r in rows) or "没有报名记录。")
        else:
            attendance.close_forgotten(store)
            rows = attendance.to_review(store)
            _emit(args, {"results": [{"record": r.participation_id, "activity": r.activity, "name": r.name,
                                      "starts_at": f"{r.starts_at:%Y-%m-%d %H:%M}", "hours": r.hours} for r in rows]},
                  "\n".join(f"{r.participation_id:>7}  {r.starts_at:%Y-%m-%d} {r.activity}　{r.name}　{r.hours:g} 小时"
                            for r in rows) or "没有待核实的出勤。")
    return OK


def attendance_record(store, args) -> int:
    """From the sheet's row numbers (as the dialog takes them) or volunteer ids; everyone else is absent."""
    from stationdesk.domain.activity import RowsBeyond, parse_row_numbers
    from stationdesk.services import attendance

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
    _done(args, {"attended": attended, "rows": len(marks)}, f"已登记出勤：到场 {attended} 人，共 {len(marks)} 行")
    return OK


def cmd_check(args) -> int:
    from stationdesk.store.health import check_database

    with _open(args) as store:
        problems = check_database(store)
    _emit(args, {"ok": not problems, "problems": problems},
          "数据库完好。" if not problems else "\n".join(["发现问题：", *problems]))
    return OK if not problems else DATABASE


def self_test() -> int:
    import tempfile

    from stationdesk.reports.roster import build_roster
    from stationdesk.reports.signin import build_signin_sheet
    from stationdesk.services import activities, attendance, roster
    from stationdesk.services.demo import build_demo
    from stationdesk.store import open_database

    with tempfile.TemporaryDirectory() as tmp, open_database(Path(tmp) / "self-test.sqlite3") as store:
        build_demo(store, volunteers=20)
        rows = roster.search(store, "zs")
        assert rows and rows[0].name == "张三", "pinyin search failed"
        from stationdesk.domain.festivals import marked_days

        mid_autumn = next(d.day for d in marked_days(2026) if d.name == "中秋节")
        assert mid_autumn.isoformat() == "2026-09-25", f"lunar calendar failed: {mid_autumn}"
        from stationdesk.reports.fonts import RARE, runs

        assert runs("王䶮")[-1] == (RARE, "䶮"), "the rare-character font is missing"
        pages = build_roster(roster.search(store, ""), Path(tmp) / "roster.pdf", station="自检",
                             printed_at=datetime.now())
        size = (Path(tmp) / "roster.pdf").stat().st_size
        assert pages == 1 and size > 10_000, f"roster PDF looks wrong: {pages} pages, {size} bytes"
        activity = activities.list_activities(store)[0]
        sheet = Path(tmp) / "signin.pdf"
        build_signin_sheet(activity, attendance.sheet_rows(store, activity.id), sheet, station="自检",
                           printed_at=datetime.now())
        sheet_size = sheet.stat().st_size
        assert sheet_size > 10_000, "sign-in sheet PDF looks wrong"
        from stationdesk.services.packages import export_package, read_checked

        signed = export_package(store, Path(tmp) / "up.sdpkg", year=activity.starts_at.year)
        assert read_checked(Path(tmp) / "up.sdpkg").manifest["station"] == signed["station"], "package signing failed"
        from stationdesk.ui.self_test import check_window

        window = check_window(store, Path(tmp) / "roster.pdf")
    print(f"自检通过：数据库、拼音检索、农历节日、花名册（{size} 字节）、签到表（{sheet_size} 字节）、签名数据包、{window}。",
          file=sys.stderr)
    return OK


_ROLLUP_WRITES = ("import", "init", "upgrade", "remove", "replace", "reinstate")


def cmd_rollup(args) -> int:
    from stationdesk.services import rollup
    from stationdesk.store.rollup import is_server

    if args.what not in ("import", "init", None) and not is_server(args.rollup_db) and not Path(args.rollup_db).exists():
        raise UserError(f"找不到汇总数据库 {args.rollup_db}。请检查 --db 的路径；第一次导入数据包时会新建。")
    if args.what is None:  # the 汇总 window
        _need_a_screen()
        from stationdesk.ui.rollup_window import run_rollup_window

        return run_rollup_window(args.rollup_db)
    with rollup.open_target(args.rollup_db, upgrade=args.what in _ROLLUP_WRITES) as db:
        if args.what in ("init", "upgrade"):
            print(f"汇总数据库已是最新版本：{db.label}", file=sys.stderr)
        elif args.what == "import":
            return _rollup_import(args, db)
        elif args.what == "stations":
            lines = rollup.stations(db)
            _emit(args, {"stations": [line.__dict__ for line in lines]}, "\n".join(
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
            _emit(args, {"audit": log}, "\n".join(f"{a['at']}\t{a['action']}\t{a['station'] or a['station_id']}\t{a['reason']}"
                                                  for a in log) or "还没有操作记录。")
        elif args.what == "stats":
            figures = rollup.totals(db, args.year, args.month)
            period = f"{args.year} 年" + (f" {args.month} 月" if args.month else "")
            _emit(args, figures, f"{period} {len(figures['stations'])} 个站点：开展活动 {figures['activities']} 次，"
                  f"志愿者参与 {figures['participations']} 人次，参与志愿者 {figures['volunteers_active']} 人"
                  + (f"（{figures['counted_twice']} 人在多个站点参加，只计一次）" if figures["counted_twice"] else "")
                  + f"，服务时长 {figure(figures['hours'])} 小时")
        elif args.what == "duplicates":
            found = rollup.duplicates(db)
            _emit(args, {"duplicates": [{"by": d.by, "registrations": [r.__dict__ for r in d.registrations]}
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
    _done(args, {"results": [d.__dict__ for d in done], "refused": refused}, "\n".join(
        f"{d.name}：{'已导入 ' + str(d.rows) + ' 条记录' if d.outcome == 'imported' else '与已导入的相同，未改变'}"
        + (f"\n  注意：{d.note}" if d.note else "") for d in done))
    if refused and not done and len(args.packages) == 1:
        return 2  # the one package given is unusable: nothing changed
    return 1 if refused else OK


COMMANDS = {"demo": cmd_demo, "import": cmd_import, "export": cmd_export, "volunteers": cmd_volunteers,
            "print": cmd_print, "check": cmd_check, "backup": cmd_backup, "restore": cmd_restore,
            "activities": cmd_activities, "attendance": cmd_attendance, "pairings": cmd_pairings, "certificates": cmd_certificates,
            "stats": cmd_stats, "rollup": cmd_rollup}



def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return CANCELLED
    try:
        if args.self_test:
            return self_test()
        from stationdesk.services import audit

        audit.set_operator(args.operator)
        if args.command in (None, "gui"):
            _need_a_screen()
            from stationdesk.ui.app import run

            return run(_db_path(args))
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:  # Ctrl-C: every write is one transaction, so nothing is left half-done
        print("已取消", file=sys.stderr)
        return CANCELLED
    except BrokenPipeError:  # `stationdesk … | head` closed the pipe: the reader has what it wanted
        os.dup2(open_fd(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # a file named on the command line that cannot be read or written
        message = explain(exc)
        if message is not None:
            print(f"错误：{message}", file=sys.stderr)
            return DATABASE
        print(f"错误：无法读写文件 {exc.filename or ''}：{os_error_text(exc)}。请检查文件名和位置。", file=sys.stderr)
        return BAD_INPUT
    except Exception as exc:
        message = explain(exc)
        if message is None:
            raise
        print(f"错误：{message}", file=sys.stderr)
        return DATABASE

