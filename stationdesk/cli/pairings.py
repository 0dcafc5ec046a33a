"""`pairings list`: the 结对共建 agreements and how each is fulfilled in a year (their papers are
`print agreement|pairing-report|thanks`)."""

from datetime import datetime

from stationdesk.cli.common import OK, emit, open_store


def add_commands(sub) -> None:
    pa = sub.add_parser("pairings", help="结对共建").add_subparsers(dest="what", required=True, metavar="子命令")
    pl = pa.add_parser("list", help="列出结对协议及本年履行情况")
    pl.add_argument("--year", type=int, default=datetime.now().year)
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(run=pairings_list)


def pairings_list(args) -> int:
    from stationdesk.domain.pairing import FULFILMENT_LABELS, STATUS_LABELS
    from stationdesk.services import pairings

    results, lines = [], []
    with open_store(args) as store:
        for p in pairings.list_pairings(store):
            rows = pairings.fulfilment_for_year(store, p.id, args.year)
            results.append({"id": p.id, "unit": p.unit_name, "starts_on": str(p.starts_on), "ends_on": str(p.ends_on),
                            "status": p.status, "year": args.year, "fulfilment": [
                                {"aspect": r.aspect, "target": r.target, "done": r.done, "status": r.status}
                                for r in rows]})
            lines.append(f"{p.id:>4}  {p.unit_name}　{p.starts_on}至{p.ends_on}　{STATUS_LABELS[p.status]}　"
                         + "，".join(f"{r.aspect}{r.done}/{r.target}（{FULFILMENT_LABELS[r.status]}）" for r in rows))
    emit(args, {"results": results}, "\n".join(lines) or "没有结对协议。")
    return OK
