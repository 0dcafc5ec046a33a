"""`station …`: the station's own records — 阵地/场所, 制度, 会议与研究部署, the 常住人口 behind the
志愿者注册率, and the 年度工作总结 (drafted from the year's statistics, saved per year)."""

from datetime import date
from pathlib import Path

from stationdesk.cli.common import OK, emit, iso_date, open_store, report
from stationdesk.errors import UserError

MAX_TEXT_FILE = 1024 * 1024  # a 制度 or a 总结 as a .txt: a megabyte is hundreds of pages


def add_commands(sub) -> None:
    st = sub.add_parser("station", help="站务：阵地、制度、会议、常住人口与注册率、年度工作总结").add_subparsers(
        dest="what", required=True, metavar="子命令")
    sv = st.add_parser("venues", help="列出阵地与场所")
    sv.add_argument("--json", action="store_true")
    sv.set_defaults(run=venues)
    sa = st.add_parser("add-venue", help="登记一处阵地/场所（可带照片）")
    sa.add_argument("--name", required=True, help="名称，如 文化活动室")
    sa.add_argument("--kind", default="", help="类型：文化站、活动室、道德讲堂、爱心驿站……")
    sa.add_argument("--area", default="", help="面积（平方米）")
    sa.add_argument("--hours", default="", help="开放时间，如 周一至周五 8:30-17:30")
    sa.add_argument("--note", default="", help="说明")
    sa.add_argument("--photo", type=Path, help="照片文件（缩小后存入数据库）")
    sa.add_argument("--json", action="store_true")
    sa.set_defaults(run=add_venue)
    sr = st.add_parser("rules", help="列出规章制度")
    sr.add_argument("--json", action="store_true")
    sr.set_defaults(run=rules)
    sra = st.add_parser("add-rule", help="登记一项制度（全文用 --text 或 --file）")
    sra.add_argument("--title", required=True, help="制度名称")
    sra.add_argument("--adopted", type=iso_date, required=True, help="通过日期 YYYY-MM-DD")
    body = sra.add_mutually_exclusive_group()
    body.add_argument("--text", default="", help="制度全文")
    body.add_argument("--file", type=Path, help="制度全文的文本文件（.txt，UTF-8 或 GBK）")
    sra.add_argument("--json", action="store_true")
    sra.set_defaults(run=add_rule)
    sm = st.add_parser("meetings", help="列出会议与研究部署")
    sm.add_argument("--year", type=int, help="只列这一年的（默认全部）")
    sm.add_argument("--json", action="store_true")
    sm.set_defaults(run=meetings)
    sma = st.add_parser("add-meeting", help="登记一次会议（参会人员、议题、研究部署）")
    sma.add_argument("--date", type=iso_date, required=True, help="会议日期 YYYY-MM-DD")
    sma.add_argument("--attendees", required=True, help="参会人员")
    sma.add_argument("--topics", required=True, help="会议议题")
    sma.add_argument("--decisions", default="", help="研究部署（决定事项）")
    sma.add_argument("--json", action="store_true")
    sma.set_defaults(run=add_meeting)
    sd = st.add_parser("remove", help="删除一条阵地、制度或会议记录")
    sd.add_argument("kind", choices=("venue", "rule", "meeting"), help="venue 阵地、rule 制度、meeting 会议")
    sd.add_argument("id", type=int, help="编号（见 station venues / rules / meetings）")
    sd.set_defaults(run=remove)
    sp = st.add_parser("population", help="常住人口与志愿者注册率；给出人数则保存常住人口")
    sp.add_argument("count", nargs="?", help="常住人口（人数，大于 0 的整数）")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(run=population)
    ss = st.add_parser("summary", help="年度工作总结：已保存的一稿，未保存则按本年数据起草")
    ss.add_argument("--year", type=int, default=date.today().year)
    ss.add_argument("--draft", action="store_true", help="按本年数据重新起草（不保存）")
    ss.add_argument("--json", action="store_true")
    ss.set_defaults(run=summary)
    sss = st.add_parser("save-summary", help="保存年度工作总结（用 --text 或 --file）")
    sss.add_argument("--year", type=int, required=True)
    text = sss.add_mutually_exclusive_group()
    text.add_argument("--text", default="", help="总结全文")
    text.add_argument("--file", type=Path, help="总结的文本文件（.txt，UTF-8 或 GBK）")
    sss.add_argument("--json", action="store_true")
    sss.set_defaults(run=save_summary)


def _read_text(path: Path | None, text: str) -> str:
    if path is None:
        return text
    if not path.is_file():
        raise UserError(f"找不到文本文件 {path}。")
    if path.stat().st_size > MAX_TEXT_FILE:
        raise UserError(f"文本文件 {path.name} 太大了（超过 1 MB），请只放制度或总结的正文。")
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(f"{path.name} 不是文本文件（请另存为 UTF-8 或 GBK 编码的 .txt）。")


def venues(args) -> int:
    from stationdesk.services import station_records

    with open_store(args) as store:
        rows = station_records.list_venues(store)
    emit(args, {"results": [{"id": v.id, "name": v.name, "kind": v.kind, "area": v.area,
                             "opening_hours": v.opening_hours, "note": v.note, "photo": v.has_photo} for v in rows]},
         "\n".join(f"{v.id:>4}  {v.name}　{v.kind or '—'}　{v.area_text}　{v.opening_hours or '—'}"
                   f"{'　有照片' if v.has_photo else ''}" for v in rows) or "没有登记阵地。")
    return OK


def add_venue(args) -> int:
    from stationdesk.services import station_records

    with open_store(args) as store:
        venue_id = station_records.add_venue(store, name=args.name, kind=args.kind, area=args.area,
                                             opening_hours=args.hours, note=args.note, photo=args.photo)
    report(args, {"id": venue_id}, f"已登记阵地（编号 {venue_id}）。")
    return OK


def rules(args) -> int:
    from stationdesk.services import station_records

    with open_store(args) as store:
        rows = station_records.list_rules(store)
    emit(args, {"results": [{"id": r.id, "title": r.title, "adopted_on": str(r.adopted_on), "text": r.body}
                            for r in rows]},
         "\n".join(f"{r.id:>4}  {r.adopted_on}　《{r.title}》" for r in rows) or "没有登记制度。")
    return OK


def add_rule(args) -> int:
    from stationdesk.services import station_records

    body = _read_text(args.file, args.text)
    with open_store(args) as store:
        rule_id = station_records.add_rule(store, title=args.title, body=body, adopted_on=args.adopted)
    report(args, {"id": rule_id}, f"已登记制度（编号 {rule_id}）。")
    return OK


def meetings(args) -> int:
    from stationdesk.services import station_records

    with open_store(args) as store:
        rows = station_records.list_meetings(store, year=args.year)
    emit(args, {"results": [{"id": m.id, "date": str(m.held_on), "attendees": m.attendees, "topics": m.topics,
                             "decisions": m.decisions} for m in rows]},
         "\n".join(f"{m.id:>4}  {m.held_on}　{' '.join(m.topics.split())}" for m in rows) or "没有会议记录。")
    return OK


def add_meeting(args) -> int:
    from stationdesk.services import station_records

    with open_store(args) as store:
        meeting_id = station_records.add_meeting(store, held_on=args.date, attendees=args.attendees,
                                                 topics=args.topics, decisions=args.decisions)
    report(args, {"id": meeting_id}, f"已登记会议（编号 {meeting_id}）。")
    return OK


def remove(args) -> int:
    from stationdesk.services import station_records

    remover, what = {"venue": (station_records.remove_venue, "阵地"), "rule": (station_records.remove_rule, "制度"),
                     "meeting": (station_records.remove_meeting, "会议记录")}[args.kind]
    with open_store(args) as store:
        remover(store, args.id)
    report(args, {"removed": args.id}, f"已删除{what}（编号 {args.id}）。")
    return OK


def population(args) -> int:
    from stationdesk.services import station_records

    with open_store(args) as store:
        if args.count is not None:
            station_records.set_population(store, args.count)
        reg = station_records.registration(store)
    payload = {"population": reg.population, "volunteers": reg.volunteers,
               "rate": round(reg.rate, 2) if reg.rate is not None else None}
    emit(args, payload, f"志愿者注册率：{reg.text}")
    return OK


def summary(args) -> int:
    from stationdesk.services import station_records

    with open_store(args) as store:
        if args.draft:
            text, saved = station_records.draft_summary(store, args.year), False
        else:
            text, saved = station_records.summary(store, args.year)
    emit(args, {"year": args.year, "saved": saved, "text": text}, text)
    return OK


def save_summary(args) -> int:
    from stationdesk.services import station_records

    text = _read_text(args.file, args.text)
    with open_store(args) as store:
        station_records.save_summary(store, args.year, text)
    report(args, {"year": args.year, "saved": True}, f"已保存{args.year}年度工作总结。")
    return OK
