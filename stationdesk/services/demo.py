"""A realistic demo station, the same for the same seed, from 300 to 100,000 volunteers."""

import random
from dataclasses import replace
from datetime import date, datetime, timedelta

from stationdesk.domain.activity import BRANDS, ActivityDraft
from stationdesk.domain.festivals import marked_days
from stationdesk.domain.idnumber import make_id_number
from stationdesk.domain.ids import VolunteerId
from stationdesk.domain.pairing import CO_HOSTED
from stationdesk.domain.pinyin_keys import search_keys
from stationdesk.domain.volunteer import EDUCATIONS, VolunteerDraft
from stationdesk.errors import UserError
from stationdesk.services import (
    activities,
    assessment,
    attendance,
    certificates,
    funds,
    honours,
    merging,
    packages,
    pairings,
    points,
    requests,
    roster,
    station,
    station_records,
    teams,
)
from stationdesk.services.attendance import Mark
from stationdesk.store.database import per_store
from stationdesk.store.models import Team, TeamMember

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃单解")
GIVEN_NAMES = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "秀英", "桂英", "建国", "建华", "志强", "春梅", "海燕", "玉兰", "红梅", "文军", "晓东", "小红", "子涵", "浩然", "欣怡", "宇轩", "梓萱", "一诺", "思远", "嘉怡", "俊杰", "雨桐", "佳豪", "诗琪", "永生", "德明", "玉珍", "淑芬", "国庆", "卫东", "红霞", "金凤", "秀兰", "桂兰", "志刚", "晓燕", "丽华", "建军", "春花", "文华", "少华", "振华", "德胜", "爱华", "玉梅", "国平", "海波", "雪梅", "成林", "学文", "美玲", "素芳"]
GROUPS = [f"{n}组" for n in "一二三四五六七八九十"]
POLITICAL = ("中共党员",) * 3 + ("共青团员",) * 2 + ("群众",) * 6 + ("中共预备党员", "民主党派成员")
SKILLS = ("", "", "", "文艺表演", "医疗护理", "法律咨询", "农技指导", "电脑维修", "书法", "摄影", "理发", "厨艺",
          "心理疏导", "广场舞", "驾驶")
REGIONS = ("330182", "330183", "330122", "330127")  # a county's townships (synthetic IDs)
TEAMS = (
    ("青山村志愿服务总队", None, "综合"),
    ("党员先锋志愿服务队", "青山村志愿服务总队", "理论宣讲"),
    ("巾帼志愿服务队", "青山村志愿服务总队", "文化服务"),
    ("青年突击队", "青山村志愿服务总队", "教育服务"),
    ("文艺宣传队", "青山村志愿服务总队", "文化服务"),
    ("健康促进志愿服务队", "青山村志愿服务总队", "健康促进与体育服务"),
    ("法律服务志愿队", "青山村志愿服务总队", "法律服务"),
    ("科普志愿服务队", "青山村志愿服务总队", "科技与科普服务"),
    ("银发志愿服务队", "青山村志愿服务总队", "其他"),
    ("护河小分队", "青年突击队", "其他"),
)


# Named people a new user can look for (张三 → "zs"; 曾, 单 and 解 test polyphonic surnames): the first ids.
NAMED = (("张三", "男"), ("李四", "男"), ("王五", "男"), ("曾伟", "男"), ("单丽", "女"), ("解红梅", "女"))


def _drafts(rng: random.Random, n: int, today: date):
    seen_ids: set[str] = set()
    for i in range(n):
        if i < len(NAMED):
            name, gender = NAMED[i]
        else:
            name, gender = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES), rng.choice("男女")
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 58 * 365))
        while True:
            seq = rng.randrange(0, 500) * 2 + (1 if gender == "男" else 0)
            number = make_id_number(rng.choice(REGIONS), born, seq)
            if number not in seen_ids:
                break
        seen_ids.add(number)
        draft = VolunteerDraft(
            name=name, gender=gender, id_number=number if rng.random() > 0.03 else "", birth_date=born,
            phone=f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}", village_group=rng.choice(GROUPS),
            political_status=rng.choice(POLITICAL), education=rng.choice(EDUCATIONS),
            skills=rng.choice(SKILLS), joined_on=today - timedelta(days=rng.randrange(0, 6 * 365)),
        )
        yield replace(draft, joined_on=None) if i % 25 == 7 else draft  # a paper form that left 加入日期 blank


ACTIVITY_TITLES = {
    "理论宣讲": ("党的二十届四中全会精神宣讲", "“百姓名嘴”微宣讲", "村规民约大家谈"),
    "教育服务": ("“四点半课堂”课业辅导", "暑期青少年安全教育", "家庭教育讲座"),
    "文化服务": ("非遗剪纸体验", "广场舞展演", "农家书屋读书会"),
    "科技与科普服务": ("防范电信诈骗科普", "智能手机使用培训", "果树修剪技术指导"),
    "健康促进与体育服务": ("义诊进村", "老年人健康体检", "全民健身徒步"),
    "法律服务": ("法律明白人讲座", "民法典进万家", "矛盾纠纷调解咨询"),
    "其他": ("垃圾分类入户宣传", "护河巡河", "敬老院探访"),
}
PLACES = ("村文化礼堂", "村委会二楼会议室", "村文化广场", "农家书屋", "村卫生室", "敬老院")
PARTNERS = ("", "", "城关镇中心小学", "县税务局", "县人民医院", "县司法局", "农商银行城关支行")  # 县司法局 is not paired


UNITS = (("县税务局", "省级文明单位", 2022, "机关", "王科长"), ("城关镇中心小学", "市级文明单位", 2023, "学校", "刘老师"),
         ("县人民医院", "全国文明单位", 2020, "事业单位", "张主任"), ("农商银行城关支行", "县级文明单位", 2024, "企业", "赵行长"))


def _pairings(store, rng: random.Random, *, today: date) -> int:
    """Four units, each with a three-year agreement that began within the last two years, and a few
    entries for the commitments other than 活动共办 (which counts the linked activities)."""
    for name, level, year, kind, contact in UNITS:
        unit = pairings.add_unit(store, pairings.UnitDraft(
            name=name, title_level=level, title_year=year, kind=kind, contact_person=contact,
            contact_phone=f"0571-{rng.randrange(10**7, 10**8)}"))
        start = date(today.year - rng.randrange(0, 2), rng.choice((1, 4, 7)), 1)
        pid = pairings.create_pairing(store, unit, signed_on=start - timedelta(days=7), starts_on=start,
                                      ends_on=start.replace(year=start.year + 3) - timedelta(days=1),
                                      unit_signatory=contact[0] + "局长", station_signatory="陈建国")
        for row in pairings.fulfilment_for_year(store, pid, today.year, today=today):
            if row.aspect == CO_HOSTED:
                continue
            for _ in range(rng.randrange(0, row.target + 1)):
                when = max(start, date(today.year, 1, 1)) + timedelta(days=rng.randrange(0, 200))
                if when < today:
                    pairings.log_entry(store, row.id, happened_on=when, what=f"{row.aspect}：{name}参与", people=rng.randrange(5, 40))
    return len(UNITS)


def _activities(store, rng: random.Random, *, per_year: int, years: int, today: date) -> int:
    """Past activities with sign-ups and attendance, and a few planned ones after `today`."""
    volunteer_ids = [VolunteerId(r[0]) for r in store.execute("SELECT id FROM volunteer ORDER BY id")]
    core = volunteer_ids[:max(3, len(volunteer_ids) // 15)][:40]
    team_ids = [r[0] for r in store.execute("SELECT id FROM team ORDER BY id")]
    first = date(today.year - years + 1, 1, 1)
    span = (today - first).days
    created = 0
    in_force: dict[str, list[pairings.PairingRow]] = {}  # a co-hosting partner counts for its agreement when the day falls in the term
    for p in pairings.list_pairings(store, today=today):
        in_force.setdefault(p.unit_name, []).append(p)

    def agreement_for(unit: str, day: date) -> int | None:
        return next((p.id for p in in_force.get(unit, []) if p.starts_on <= day <= p.term.last_day), None)

    for i in range(per_year * years + 3):
        category = rng.choice(list(ACTIVITY_TITLES))
        partner = rng.choice(PARTNERS)
        day = first + timedelta(days=rng.randrange(span)) if i >= 3 else today + timedelta(days=3 + 4 * i)
        starts = datetime.combine(day, datetime.min.time()) + timedelta(hours=rng.choice((9, 14.5)))
        aid = activities.create_activity(store, ActivityDraft(
            title=rng.choice(ACTIVITY_TITLES[category]), category=category,
            brand="逢5出发" if day.day in (5, 15, 25) else rng.choice(BRANDS), starts_at=starts,
            ends_at=starts + timedelta(hours=rng.choice((1.5, 2, 2.5, 3))), place=rng.choice(PLACES),
            organiser_team_id=rng.choice(team_ids), partner=partner, pairing_id=agreement_for(partner, day),
            content="组织志愿者开展活动，宣传政策，服务群众。", beneficiaries=rng.randrange(10, 120)))
        # A real station has a core who come to most things (their hours pass 20, the default for a
        # 荣誉证书) and a crowd who come now and then.
        regulars = [vid for vid in core if rng.random() < 0.8]
        others = [vid for vid in volunteer_ids if vid not in set(regulars)]
        people = regulars + rng.sample(others, min(len(others), rng.randrange(6, 24)))
        attendance.sign_up(store, aid, people)
        if day < today:
            attendance.record_attendance(store, aid, [Mark(vid, rng.random() < 0.85) for vid in people])
        created += 1
    return created + _festival_activity(store, rng, volunteer_ids, today=today)


def _festival_activity(store, rng: random.Random, volunteer_ids: list[VolunteerId], *, today: date) -> int:
    """“我们的节日” on the festival's own day (端午 by the lunar calendar), when it has passed this year."""
    duanwu = next(d.day for d in marked_days(today.year) if d.name == "端午节")
    if duanwu >= today:
        return 0
    starts = datetime.combine(duanwu, datetime.min.time()) + timedelta(hours=9)
    aid = activities.create_activity(store, ActivityDraft(
        title="“我们的节日·端午”包粽子", category="文化服务", brand="我们的节日", starts_at=starts,
        ends_at=starts + timedelta(hours=2.5), place="村文化礼堂", content="组织志愿者和村民一起包粽子、讲端午习俗。",
        beneficiaries=rng.randrange(40, 120)))
    people = rng.sample(volunteer_ids, min(len(volunteer_ids), 20))
    attendance.sign_up(store, aid, people)
    attendance.record_attendance(store, aid, [Mark(vid, True) for vid in people])
    return 1


MENU = (("上门理发", "其他", "银发志愿服务队"), ("代购代办", "其他", "青年突击队"), ("法律咨询", "法律服务", "法律服务志愿队"),
        ("健康义诊", "健康促进与体育服务", "健康促进志愿服务队"), ("课业辅导", "教育服务", "青年突击队"),
        ("家电维修", "科技与科普服务", "科普志愿服务队"))
RESIDENTS = ("刘桂英", "王建国", "陈秀兰", "张德明", "李玉珍", "赵永生", "孙淑芬", "周国平")
GOODS = (("洗衣粉", 5, 40, "袋"), ("食用油", 20, 12, "桶"), ("毛巾", 3, 60, "条"), ("大米（5斤）", 15, 20, "袋"))


def _practices(store, rng: random.Random, *, today: date) -> None:
    """A menu, requests in every state (two overdue), goods with a few exchanges, honours with 礼遇, funds."""
    team_of = dict(store.execute("SELECT name, id FROM team").fetchall())
    menu = [requests.save_menu_item(store, name, category=category, team_id=team_of[team])
            for name, category, team in MENU]
    volunteers = [r[0] for r in store.execute("SELECT id FROM volunteer ORDER BY id LIMIT 40")]
    for i, resident in enumerate(RESIDENTS):
        asked = datetime.combine(today - timedelta(days=24 - 3 * i), datetime.min.time()) + timedelta(hours=9)
        item = rng.choice(menu)
        rid = requests.create_request(store, requests.RequestDraft(
            resident_name=resident, resident_phone=f"13{rng.randrange(10**9):09d}", village_group=rng.choice(GROUPS),
            menu_item_id=item), now=asked)
        if i == len(RESIDENTS) - 1:
            continue  # the newest waits for 派单
        team = store.scalar("SELECT team_id FROM menu_item WHERE id = ?", (item,))
        requests.dispatch(store, rid, due_on=asked.date() + timedelta(days=3), team_id=team, now=asked + timedelta(hours=2))
        if i >= 5:
            continue  # dispatched, not yet taken (one of them overdue)
        requests.accept(store, rid, rng.sample(volunteers, 2), now=asked + timedelta(hours=4))
        if i == 4:
            continue
        requests.complete(store, rid, "志愿者上门服务，群众满意。", served_at=asked + timedelta(days=1),
                          hours=rng.choice((1, 1.5, 2)), now=asked + timedelta(days=1, hours=3))
        if i < 3:
            requests.review(store, rid, rng.choice((4, 5, 5)), "服务很周到", now=asked + timedelta(days=2))
    goods = [points.save_goods(store, *g) for g in GOODS]
    for vid in volunteers[:6]:
        held = points.balance(store, vid) // 100
        price = store.scalar("SELECT price FROM shop_item WHERE id = ?", (goods[0],))
        if held >= price:
            points.redeem(store, vid, goods[0], 1, today=today - timedelta(days=rng.randrange(1, 20)))
    honours.add_honor(store, title="最美志愿者", level="县级", year=today.year, volunteer_id=volunteers[0],
                      conferred_by="县文明办", deeds="常年照料村里孤寡老人")
    good = honours.add_honor(store, title="身边好人", level="镇级", year=today.year, person_name="赵桂兰",
                             conferred_by="城关镇党委", deeds="照顾瘫痪婆婆二十年")
    honours.give_courtesy(store, good, "节日走访慰问", date(today.year, 9, 24), "中秋")
    honours.give_courtesy(store, good, "免费健康体检", date(today.year, 10, 15))
    funds.add_entry(store, entered_on=date(today.year, 1, 10), direction="in", source="文明实践基金", amount="20000",
                    purpose="县新时代文明实践基金拨付")
    funds.add_entry(store, entered_on=date(today.year, 3, 2), direction="in", source="社会捐赠", amount="3600",
                    purpose="乡贤捐赠（爱心超市物资）")
    funds.add_entry(store, entered_on=date(today.year, 9, 20), direction="out", source="文明实践基金", amount="1280.50",
                    purpose="“我们的节日·中秋”慰问品", voucher=f"{today.year}-017")
    funds.add_entry(store, entered_on=date(today.year, 4, 8), direction="out", source="社会捐赠", amount="2400",
                    purpose="爱心超市物资采购", project="爱心超市", voucher=f"{today.year}-008")


QUALIFICATIONS = (("急救证", "县红十字会", 3), ("健康证", "县疾控中心", 1), ("救生员证", "县体育局", 2),
                  ("电工证", "县应急管理局", 6))  # (kind, issued by, years valid)
TRAININGS = (("志愿服务通识培训", 2, "县志愿者协会"), ("应急救护培训", 4, "县红十字会"),
             ("防范电信诈骗宣讲培训", 1.5, "城关派出所"), ("垃圾分类指导员培训", 2, "镇环卫所"))


def _people_records(store, rng: random.Random, ids: list[int], *, today: date) -> None:
    """Some volunteers trained, holding a qualification (a few lapsing around `today`) or insured — what
    the 条例 asks a station to keep, so the filters, 首页's expiry list and the 安全核查表 have something
    to show."""
    from stationdesk.services import people

    for vid in ids:
        draw = rng.random()
        if draw < 0.06:
            kind, issuer, years = rng.choice(QUALIFICATIONS)
            until = today + timedelta(days=rng.randrange(-60, years * 365))
            people.add_qualification(store, vid, kind=kind, number=f"{rng.randrange(10**8):08d}", issued_by=issuer,
                                     valid_until=until)
        if draw < 0.15:
            subject, hours, trainer = rng.choice(TRAININGS)
            people.add_training(store, vid, held_on=today - timedelta(days=rng.randrange(20, 400)), subject=subject,
                                hours=hours, trainer=trainer)
        if draw > 0.9:
            starts = today - timedelta(days=rng.randrange(0, 330))
            people.add_insurance(store, volunteer_id=vid, insurer="中国人寿财产保险", policy=f"YW{rng.randrange(10**8):08d}",
                                 starts_on=starts, ends_on=starts + timedelta(days=364))


def _hard_cases(store, rng: random.Random, *, today: date) -> None:
    """What a real year leaves and the oracle tests must meet: a team leader registered twice (the second
    time on paper, without an ID number), kiosk scans (a walk-in, a sign-up who never came, one never
    scanned out and left 待核实), hours corrected with a reason, certificates with some voided — and, as
    the last write so it can still be undone, the leader's old record merged into the new one."""
    leaders = store.execute("SELECT team_id, volunteer_id FROM team_member WHERE role = 'leader' ORDER BY team_id").fetchall()
    team, leader = rng.choice([r for r in leaders if r[1] > len(NAMED)] or leaders)
    old = roster.get_volunteer(store, leader).draft
    again = roster.add_volunteer(store, VolunteerDraft(name=old.name, gender=old.gender, phone=old.phone,
                                                       village_group=old.village_group, note="重新填写了登记表"))
    teams.add_members(store, team, [again])

    starts = datetime.combine(today - timedelta(days=6), datetime.min.time()) + timedelta(hours=14.5)
    aid = activities.create_activity(store, ActivityDraft(
        title="智能手机使用培训", category="科技与科普服务", starts_at=starts, ends_at=starts + timedelta(hours=2),
        place="农家书屋", content="志愿者教老年人用手机挂号、视频通话，现场扫码签到签退。", beneficiaries=26))
    others = [r[0] for r in store.execute("SELECT id FROM volunteer WHERE id NOT IN (?, ?) ORDER BY id", (leader, again))]
    people = rng.sample(others, min(len(others), 8))
    attendance.sign_up(store, aid, people)
    came, forgot = [*people[:-2], again], people[-2]  # the newly registered walks in; the last never comes
    for vid in [*came, forgot]:
        attendance.scan(store, aid, vid, starts - timedelta(minutes=rng.randrange(0, 20)))
    for vid in came:
        attendance.scan(store, aid, vid, starts + timedelta(hours=2, minutes=rng.randrange(0, 15)))
    attendance.close_forgotten(store, now=starts + timedelta(days=1))

    long_ones = store.execute("SELECT p.id, p.hours FROM participation p JOIN activity a ON a.id = p.activity_id"
                              " WHERE a.status = 'done' AND p.attended = 1 AND p.hours >= 1.5 ORDER BY p.id").fetchall()
    for (pid, hours), (less, reason) in zip(rng.sample(long_ones, 2), ((1, "提前一小时离开，按签到表更正"),
                                                                       (0.5, "迟到半小时，按实际到达时间更正")),
                                            strict=True):
        attendance.correct_hours(store, pid, hours - less, reason=reason)

    best = [vid for vid, _, _ in certificates.honor_candidates(store, year=today.year, min_hours=0)[:3]]
    honoured = certificates.issue_honors(store, best, year=today.year, title="优秀志愿者", on=today - timedelta(days=5))
    certificates.void(store, honoured[-1].serial, reason="姓名打印有误，已重新出具")
    certificates.issue_honors(store, best[-1:], year=today.year, title="优秀志愿者", on=today - timedelta(days=4))
    proof = certificates.issue_service_record(store, best[0], date(today.year, 3, 1), today, on=today - timedelta(days=3))
    certificates.void(store, proof.serial, reason="证明期间应从1月1日算起")
    certificates.issue_service_record(store, best[0], date(today.year, 1, 1), today, on=today - timedelta(days=3))

    merging.merge(store, again, leader)


def build_demo(store, *, volunteers: int = 300, seed: int = 1, today: date | None = None,
               progress=None, activities_per_year: int = 24, years: int = 1) -> dict:
    """Fill an empty database with a demo station. Refuses a database that already has volunteers."""
    if roster.count(store, None):
        raise UserError("这个数据库里已经有志愿者了。演示数据只能写入新的空数据库，请用 --db 指定一个新文件。")
    rng = random.Random(seed)
    today = today or date(2026, 11, 1)  # fixed, so the same seed gives the same station every day
    now = datetime.combine(today, datetime.min.time())
    station.save_station(store, station.StationInfo(
        name="青山村新时代文明实践站", parent_institute="城关镇新时代文明实践所",
        address="城关镇青山村村委会一楼", manager="陈建国", phone="0571-63001234"))
    packages.identity(store)  # as at a real station's set-up
    columns = ("name", "gender", "id_number", "birth_date", "phone", "village_group", "political_status",
               "education", "skills", "joined_on", "pinyin_full", "pinyin_initials", "sort_name", "search_key",
               "created_at", "updated_at", "card_code")
    with store.write():
        team_ids: dict[str, int] = {}
        for name, parent, category in TEAMS:
            team_ids[name] = Team.insert(name=name, parent=team_ids.get(parent) if parent else None, category=category,
                                         created_at=now).execute()
        batch = []
        for i, d in enumerate(_drafts(rng, volunteers, today), start=1):
            batch.append((d.name, d.gender, d.id_number or None, d.birth_date.isoformat(), d.phone, d.village_group,
                          d.political_status, d.education, d.skills, d.joined_on and d.joined_on.isoformat(),
                          *search_keys(d.name, d.phone, d.id_number), now.isoformat(" "), now.isoformat(" "),
                          f"{rng.getrandbits(48):012X}"))
            if len(batch) == 5000 or i == volunteers:
                store.insert_rows("volunteer", columns, batch)
                batch = []
                if progress:
                    progress(i, volunteers)
        ids = [r[0] for r in store.execute("SELECT id FROM volunteer ORDER BY id")]
        team_list = list(team_ids.values())[1:]
        joined = today.isoformat()
        members = [(rng.choice(team_list), vid, "member", joined) for vid in ids]
        members += [(team_ids["青山村志愿服务总队"], vid, "member", joined) for vid in ids[:20]]
        store.insert_rows("team_member", ("team_id", "volunteer_id", "role", "joined_on"), members)
        for team_id in team_ids.values():  # the first member of each team leads it
            TeamMember.update(role="leader").where(TeamMember.id.in_(TeamMember.select(TeamMember.id).where(
                TeamMember.team == team_id).order_by(TeamMember.id).limit(1))).execute()
    units = _pairings(store, rng, today=today)
    _activities(store, rng, per_year=activities_per_year, years=years, today=today)
    _practices(store, rng, today=today)
    _people_records(store, random.Random(seed + 1), ids, today=today)  # its own draws: the rest stays as it was
    station_records.add_demo_records(store, today=today)  # the station's 阵地, 制度, meetings, population
    assessment.add_demo_judgements(store, today=today)  # and its 测评自查's hand-scored items
    _hard_cases(store, random.Random(seed + 2), today=today)  # last: its merge can be undone
    return {"volunteers": volunteers, "teams": len(TEAMS), "activities": store.scalar("SELECT count(*) FROM activity"),
            "units": units}


per_store(globals())  # model queries run on the store each function is given
