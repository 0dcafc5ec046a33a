"""A fixed gallery of real-world shapes (DESIGN §12) and every document printed from it: names from every
CJK block, Extension I and emoji among them, O'Connor-Smith and 阿卜杜热合曼·艾合买提江, a 30-character name,
40-character unit names, long commitments and wording, 2,000 characters of content with paragraph breaks,
photos with captions. Used by test_every_printout.py and, to look at the pages, by running this file:

    .venv/bin/python -m tests.reports.gallery OUT_DIR   # writes OUT_DIR/*.pdf
"""

import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from PIL import Image

from stationdesk.domain.activity import ActivityDraft
from stationdesk.services import (
    activities,
    attendance,
    certificates,
    documents,
    funds,
    pairings,
    photos,
    points,
    requests,
    roster,
    station,
    teams,
)
from stationdesk.services.attendance import Mark
from stationdesk.services.stats import period_of

YEAR = date.today().year
# A name from every CJK block (first character of the block unless noted), the shapes people really have.
NAMES = {
    "CJK Unified Ideographs": "曾单解",
    "Extension A": "李㔰",  # U+3530: WenQuanYi lists it with an empty glyph
    "Extension A (䶮)": "王䶮",
    "Extension B": "𠮷田",
    "Extension C": "陈\U0002A700",
    "Extension D": "刘\U0002B740",
    "Extension E": "赵\U0002B820",
    "Extension F": "孙\U0002CEB0",
    "Extension G": "周\U00030000",
    "Extension H": "吴\U00031350",
    "Extension I": "郑\U0002EBF0",  # no shipped font draws it: □
    "Compatibility Ideographs": "冯\uF900",
    "Compatibility Supplement": "褚\U0002F800",
    "Emoji": "小明\U0001F600",
    "Minority": "阿卜杜热合曼·艾合买提江",
    "Compound surname": "尉迟恭",
    "Latin": "Patrick O'Connor-Smith",
    "Thirty characters": "阿卜杜热合曼·艾合买提江" + "买买提·艾力" + "古丽娜尔·吐尔逊托合提巴",
}
UNIT = "中国石油天然气股份有限公司某某省分公司机关第三党支部暨青年志愿者协会"  # 40 characters
ISSUER = "某某县某某镇某某村新时代文明实践站暨某某村志愿服务总队联合出具办公室"  # 40 characters
TEAM = "某某村巾帼志愿服务队暨邻里守望互助小组（第三网格）"
COMMITMENT = ("每季度组织一次“移风易俗、文明新风进万家”主题宣讲，邀请甲方法律顾问和医务工作者到村开展法律咨询、"
              "健康义诊和反诈宣传，活动前一周通报方案，活动后五个工作日内提交图文记录")
CONTENT = "\n".join([
    "本次活动围绕移风易俗、文明乡风主题，组织志愿者入户宣讲红白喜事简办的倡议，累计走访 126 户，发放倡议书 300 份。" * 4,
    "活动分三个环节：一是集中宣讲，二是入户走访，三是现场答疑。O'Connor-Smith 老师用双语介绍了国外社区志愿服务的做法，"
    "志愿者阿卜杜热合曼·艾合买提江现场翻译。" * 3,
    "群众反响热烈，纷纷表示要带头移风易俗，抵制高价彩礼和大操大办，共同营造文明节俭的社会风尚。" * 6,
    "活动持续 3 小时，参与志愿者 24 人，服务群众 150 余人次。" * 5,
    "下一步，本站将结合“我们的节日”系列活动，持续开展移风易俗宣传，建立红白理事会工作台账，每月通报一次。" * 6,
])
SUMMARY = ("服务群众 150 余人次，发放倡议书 300 份，收集意见建议 12 条，群众满意度 98%。" * 3 + "\n"
           + "活动中发现的问题：部分高龄老人行动不便，未能到场；下一步将组织志愿者上门宣讲，做到全覆盖。" * 3)
HONOR_WORDING = ("在{year}年度新时代文明实践志愿服务工作中，积极参与敬老助残、环境整治、移风易俗宣讲等志愿服务活动，"
                 "累计服务时长位居全站前列，表现突出，", "经新时代文明实践站志愿服务队推荐、站务会议研究，被评为“{title}”。",
                 "特发此证，以资鼓励，希望再接再厉，继续发挥示范带动作用。")
CAPTIONS = ("志愿者入户宣讲移风易俗倡议", "O'Connor-Smith 老师与阿卜杜热合曼·艾合买提江现场交流",
            "群众在倡议书上签名，承诺婚事新办、丧事简办、其他事不办，共同营造文明节俭新风尚", "")


def make_photo(path: Path, size=(1600, 1200), colour=(40, 110, 170)) -> Path:
    Image.new("RGB", size, colour).save(path, "JPEG")
    return path


def fill_gallery(store, folder: Path) -> dict:
    """The gallery on top of a demo station: every name signed up for and attending one activity with
    2,000 characters of content and four captioned photos, a team with a long name, a pairing with a
    40-character unit and long commitments, a long issuer name and honour wording, a request and money."""
    info = station.get_station(store)
    station.save_station(store, station.StationInfo(**{**info.__dict__, "name": "某某县某某镇某某村新时代文明实践站"}))
    certificates.save_issuer(store, certificates.Issuer(name=ISSUER, manager="陈建国", handler="阿卜杜热合曼·艾合买提江",
                                                        contact="0991-1234567"))
    certificates.save_honor_template(store, certificates.HonorTemplate(HONOR_WORDING))
    people = {block: roster.add_volunteer(store, roster.VolunteerDraft(name=name)) for block, name in NAMES.items()}
    team = teams.create_team(store, TEAM, category="巾帼志愿服务")
    teams.add_members(store, team, list(people.values()))
    start = datetime(YEAR, 1, 10, 9)
    aid = activities.create_activity(store, ActivityDraft(
        title="“移风易俗树新风、文明实践进万家”主题宣讲暨法律咨询、健康义诊志愿服务活动", category="理论宣讲",
        brand="我们的节日", place="村党群服务中心二楼会议室", partner=UNIT, organiser_team_id=team, starts_at=start,
        ends_at=start + timedelta(hours=3), content=CONTENT, summary=SUMMARY, beneficiaries=150))
    attendance.sign_up(store, aid, list(people.values()))
    attendance.record_attendance(store, aid, [Mark(v, True) for v in people.values()])
    # The proof's holder served 17 times more: a two-page proof whose seal block must follow the table's end.
    for day in range(1, 18):
        at = datetime(YEAR, 2, day, 14)
        more = activities.create_activity(store, ActivityDraft(
            title=f"第{day}次“邻里守望”关爱空巢老人入户走访暨健康义诊志愿服务", category="关爱帮扶", starts_at=at,
            ends_at=at + timedelta(hours=2)))
        attendance.sign_up(store, more, [people["Minority"]])
        attendance.record_attendance(store, more, [Mark(people["Minority"], True)])
    for i, caption in enumerate(CAPTIONS):
        photos.add_photo(store, aid, make_photo(folder / f"photo{i}.jpg", colour=(40 + 50 * i, 110, 170)), caption=caption)
    unit = pairings.add_unit(store, pairings.UnitDraft(name=UNIT, contact_person="Patrick O'Connor-Smith"))
    pid = pairings.create_pairing(store, unit, signed_on=date(YEAR, 1, 1), starts_on=date(YEAR, 1, 1),
                                  ends_on=date(YEAR + 2, 12, 31), unit_signatory="阿卜杜热合曼·艾合买提江",
                                  station_signatory="陈建国")
    for aspect in ("理论宣讲", "文化惠民", "项目共推", "阵地共享"):
        pairings.add_commitment(store, pid, aspect=aspect, text=COMMITMENT, target=4)
    rid = requests.create_request(store, requests.RequestDraft(resident_name=NAMES["Minority"], what=COMMITMENT),
                                  now=start)
    funds.add_entry(store, entered_on=date(YEAR, 2, 1), direction="in", source="文明实践基金", amount="100",
                    purpose=COMMITMENT[:60])
    goods = points.save_goods(store, "洗衣液（2 千克装）", 1, 5, "瓶")
    redemption = points.redeem(store, people["Latin"], goods, 1, today=date(YEAR, 3, 1))
    return {"people": people, "aid": aid, "pid": pid, "rid": rid, "redemption": redemption}


def summary_figures() -> dict:
    """A county's 汇总表 figures: stations with 40-character names and figures past a million."""
    keys = ("activities", "participations", "volunteers_active", "hours", "beneficiaries", "new_volunteers",
            "certificates")
    stations = [{"name": f"{UNIT[:36]}第{n}号站", "parent": ISSUER[:40], **dict.fromkeys(keys, 1_234_567.5)}
                for n in range(1, 4)]
    return {"year": YEAR, "stations": stations, **{k: 3 * 1_234_567.5 for k in keys}}


def print_gallery(store, ids: dict, out: Path) -> dict[str, Path]:
    """Every document of the gallery, as the CLI and the UI produce them (services.documents), and the
    汇总表 from its report function (a rollup needs signed packages)."""
    from stationdesk.reports.rollup_summary import build_summary
    from stationdesk.services.rollup import LABELS

    people, aid, pid = ids["people"], ids["aid"], ids["pid"]
    everyone = list(people.values())
    jobs = {
        "roster": lambda p: documents.roster(store, p),
        "cards": lambda p: documents.cards(store, p),
        "signin": lambda p: documents.signin(store, aid, p),
        "signin_landscape": lambda p: documents.signin(store, aid, p, landscape_page=True),
        "record": lambda p: documents.record(store, aid, p),
        "service_record": lambda p: documents.service_record(store, people["Minority"], date(YEAR, 1, 1),
                                                             date(YEAR, 12, 31), p),
        "honors": lambda p: documents.honors(store, everyone, p, year=YEAR, title="优秀志愿者（新时代文明实践先锋）"),
        "public_list": lambda p: documents.public_list(store, date(YEAR, 1, 1), date.today(), p),
        "profile": lambda p: documents.profile(store, people["Latin"], p),
        "safety": lambda p: documents.safety_check(store, aid, p),
        "stats": lambda p: documents.stats_report(store, period_of(YEAR, None), p),
        "ledger": lambda p: documents.ledger(store, YEAR, p, sections=("profile", "roster", "activities", "pairings",
                                                                      "certificates", "practices")),
        "agreement": lambda p: documents.pairing_paper(store, "agreement", pid, YEAR, p),
        "pairing_report": lambda p: documents.pairing_paper(store, "pairing-report", pid, YEAR, p),
        "thanks": lambda p: documents.pairing_paper(store, "thanks", pid, YEAR, p),
        "slip": lambda p: documents.request_slip(store, ids["rid"], p),
        "requests": lambda p: documents.request_list(store, date(YEAR, 1, 1), date(YEAR + 1, 1, 1), "点单清单", p),
        "receipt": lambda p: documents.receipt(store, ids["redemption"], p),
        "funds": lambda p: documents.fund_statement(store, YEAR, p),
        "summary": lambda p: build_summary(summary_figures(), LABELS, p, office=ISSUER, printed_at=datetime(YEAR, 3, 1),
                                           not_reported=[UNIT], duplicates=3),
    }
    made = {}
    for kind, job in jobs.items():
        made[kind] = out / f"{kind}.pdf"
        job(made[kind])
    return made


def main(out: Path) -> None:
    from stationdesk.services.demo import build_demo
    from stationdesk.store import open_database

    out.mkdir(parents=True, exist_ok=True)
    db = out / "gallery.sqlite3"
    db.unlink(missing_ok=True)
    with open_database(db) as store:
        build_demo(store, volunteers=30, seed=3)
        print_gallery(store, fill_gallery(store, out), out)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
