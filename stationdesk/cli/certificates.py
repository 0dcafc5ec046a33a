"""`certificates …`: the 证书登记簿 — verify, void, reprint (issuing is `print certificate|honors`)."""

import sys
from pathlib import Path

from stationdesk.cli.common import OK, PARTIAL, emit, open_store, report


def add_commands(sub) -> None:
    ce = sub.add_parser("certificates", help="证书登记簿").add_subparsers(dest="what", required=True, metavar="子命令")
    cv = ce.add_parser("verify", help="核验证书（编号或二维码内容）")
    cv.add_argument("text", metavar="编号和校验码", help="证书编号和二维码旁的校验码，如 'SD-2026-0001 AB12CD34'，"
                    "或扫描二维码得到的文字（SDC: 开头）；只写编号时只能查到登记簿中有没有这份证书，不能证明真伪")
    cv.add_argument("--json", action="store_true")
    cv.set_defaults(run=certificate_verify)
    cx = ce.add_parser("void", help="作废证书（记录保留）")
    cx.add_argument("serial")
    cx.add_argument("--reason", required=True)
    cx.set_defaults(run=certificate_void)
    cr = ce.add_parser("reprint", help="补打证书（内容与原件相同，注明“补打件”和原出具日期，记入操作日志）")
    cr.add_argument("serial")
    cr.add_argument("-o", "--out", type=Path, required=True)
    cr.set_defaults(run=certificate_reprint)


def certificate_verify(args) -> int:
    from stationdesk.services import certificates

    with open_store(args) as store:
        v = certificates.verify(store, args.text)
        (emit if v.status == "valid" else report)(args, {
            "status": v.status, "serial": v.serial, "name": v.name, "kind": v.kind, "issued_on": v.issued_on,
            "period": list(v.period) if v.period else None, "hours": v.hours, "year": v.year, "title": v.title,
            "check": v.check, "message": v.message}, v.message)
    return OK if v.status == "valid" else PARTIAL


def certificate_void(args) -> int:
    from stationdesk.services import certificates

    with open_store(args) as store:
        certificates.void(store, args.serial, reason=args.reason)
        print(f"证书 {args.serial} 已作废，记录保留。", file=sys.stderr)
    return OK


def certificate_reprint(args) -> int:
    from stationdesk.services import documents

    with open_store(args) as store:
        issued = documents.reprint(store, args.serial, args.out).issued[0]
    print(f"已补打 {issued.serial}（注明“补打件”和原出具日期，已记入操作日志）"
          f"{'（此证书已作废，补打件带作废标记）' if issued.voided else ''}：{args.out}", file=sys.stderr)
    return OK
