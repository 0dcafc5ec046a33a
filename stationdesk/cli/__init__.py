"""Command line (DESIGN §5). Non-GUI commands never import Qt; `gui` (the default) imports it lazily.

One module a command group, each holding both its subparsers and their handlers (a parser names its
handler with `set_defaults(run=…)`); `common` has what they share, `words` the Chinese argparse. Adding a
command touches its group's module only."""

import argparse
import os
import sys
from pathlib import Path

from stationdesk import APP_NAME, __version__
from stationdesk.cli import (
    activities,
    assessment,
    attendance,
    certificates,
    demo,
    exports,
    imports,
    pairings,
    printing,
    rollup,
    safety,
    station,
    stats,
    volunteers,
)
from stationdesk.cli.common import BAD_INPUT, CANCELLED, DATABASE, OK, db_path, need_a_screen
from stationdesk.cli.words import ChineseParser, speak_chinese
from stationdesk.errors import UserError, explain, os_error_text
from stationdesk.files import open_fd

# In the order `stationdesk --help` lists them (after gui).
GROUPS = (demo, imports, exports, volunteers, printing, rollup, stats, station, assessment, certificates, pairings,
          activities, attendance, safety)


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
    for group in GROUPS:
        group.add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return CANCELLED
    try:
        if args.self_test:
            from stationdesk.cli.self_test import self_test

            return self_test()
        from stationdesk.services import audit

        audit.set_operator(args.operator)
        if args.command in (None, "gui"):
            need_a_screen()
            from stationdesk.ui.app import run

            return run(db_path(args))
        return args.run(args)
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
