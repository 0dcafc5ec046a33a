"""`stats`: the figures of the 统计 page for a year or a month."""

from datetime import datetime

from stationdesk.cli.common import OK, emit, open_store, stats_period
from stationdesk.domain.amounts import figure


def add_commands(sub) -> None:
    st = sub.add_parser("stats", help="统计（与统计页相同的数字）")
    st.add_argument("--year", type=int, default=datetime.now().year)
    st.add_argument("--month", type=int)
    st.add_argument("--json", action="store_true")
    st.set_defaults(run=cmd_stats)


def cmd_stats(args) -> int:
    from stationdesk.services import stats

    with open_store(args) as store:
        s = stats.compute(store, stats_period(args), with_pairings=True)
    p = s.practices
    rating = f"，平均评分 {p['average_rating']}" if p["average_rating"] is not None else ""
    text = (f"{s.period.label}：开展活动 {s.activities} 次，志愿者参与 {s.participations} 人次（{s.volunteers_active} 人），"
            f"服务时长 {figure(s.hours)} 小时，受益群众 {s.beneficiaries} 人次，新注册志愿者 {s.new_volunteers} 人，"
            f"出具证书 {s.certificates} 份。群众点单 {sum(p['requests'].values())} 单{rating}；"
            f"发放积分 {figure(p['points_issued'])}，兑换 {figure(p['points_redeemed'])}；资金收入 {p['funds_in']} 元，支出 {p['funds_out']} 元。")
    emit(args, s.as_json(), text)
    return OK
