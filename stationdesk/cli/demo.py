"""`demo`: a demonstration station written into an empty database."""

import sys

from stationdesk.cli.common import OK, open_store


def add_commands(sub) -> None:
    demo = sub.add_parser("demo", help="生成演示站点数据（写入空数据库）")
    demo.add_argument("--volunteers", type=int, default=300)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--activities", type=int, default=24, help="每年的活动数")
    demo.add_argument("--years", type=int, default=1)
    demo.set_defaults(run=cmd_demo)


def cmd_demo(args) -> int:
    from stationdesk.services.demo import build_demo

    with open_store(args) as store:
        result = build_demo(store, volunteers=args.volunteers, seed=args.seed,
                            activities_per_year=args.activities, years=args.years)
    print(f"演示站点已生成：{result['volunteers']} 名志愿者，{result['teams']} 支队伍，{result['activities']} 次活动。",
          file=sys.stderr)
    return OK
