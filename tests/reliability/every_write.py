"""A recipe for every write function of the services, and a writer process that runs them in shuffled
rounds for the kill -9 test. After each completed call it prints the newest audit entry's id and time
(ids are reused after a rollback; the pair is not): a "reported save", which must survive the kill.

`WRITES` is found from the source (every services function that opens `store.write()`); the test
fails when one has neither a recipe here nor a reason in EXCLUDED, so a new write path cannot be
forgotten. Private helpers are reached through the public function named in their recipe.

Usage: python -m tests.reliability.every_write DB SEED WORKDIR
"""

import importlib
import inspect
import pkgutil
import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import stationdesk.services as services_package
from stationdesk.domain.activity import ActivityDraft
from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.errors import UserError
from stationdesk.services import (
    activities,
    assessment,
    attendance,
    audit,
    certificates,
    documents,
    duplicates,
    exporting,
    funds,
    honours,
    importing,
    merging,
    packages,
    pairings,
    people,
    photos,
    points,
    requests,
    roster,
    rules,
    safety,
    station,
    station_records,
    teams,
)
from stationdesk.services.attendance import Mark
from stationdesk.store import open_database

EXCLUDED = {
    "demo.build_demo": "fills an empty database; the demo station the writer starts from is built by it",
    "safety.after_restore": "a restore brings back older data by design: covered by test_corruption",
    "safety.record_full_check": "a timestamp of the last check, no record of the station's",
    "certificates._secret": "made once, by the first certificate issued (certificates._issue's recipe)",
    "packages.identity": "made once, by the first package exported (packages.export_package's recipe)",
    "rollup.import_package": "writes a town's rollup database, not a station's (one transaction; tests/e2e/test_rollup.py)",
    "rollup.remove_station": "writes a rollup database, one transaction (tests/e2e/test_rollup_hostile.py)",
    "rollup.replace_station": "writes a rollup database, one transaction (tests/e2e/test_rollup_hostile.py)",
    "rollup.reinstate_station": "writes a rollup database, one transaction (tests/e2e/test_rollup_hostile.py)",
}


def write_functions() -> set[str]:
    """"module.function" for every services function whose body opens a write transaction."""
    found = set()
    for info in pkgutil.iter_modules(services_package.__path__):
        module = importlib.import_module(f"stationdesk.services.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and ".write()" in inspect.getsource(fn):
                found.add(f"{info.name}.{name}")
    return found


def one(store, sql: str, params=(), rng=random):
    rows = store.execute(sql, params).fetchall()
    return rng.choice(rows)[0] if rows else None


def volunteer(store, rng):
    return one(store, "SELECT id FROM volunteer WHERE status = 'active'", rng=rng)


def past_activity(store, rng, tag):
    """A past activity with three sign-ups, made for the recipe that needs one."""
    start = datetime(2026, 3, 1, 9) + timedelta(days=rng.randrange(200), hours=rng.randrange(6))
    aid = activities.create_activity(store, ActivityDraft(title=f"活动{tag}", starts_at=start,
                                                          ends_at=start + timedelta(hours=2), place="村文化广场"))
    attendance.sign_up(store, aid, [volunteer(store, rng) for _ in range(3)])
    return aid


def attended_row(store, rng, tag):
    aid = past_activity(store, rng, tag)
    attendance.record_attendance(store, aid, [Mark(v, True) for v in attendance_ids(store, aid)])
    return aid, attendance.sheet_rows(store, aid)[0].participation_id


def attendance_ids(store, aid):
    return [r.volunteer_id for r in attendance.sheet_rows(store, aid)]


def open_request(store, rng, tag):
    return requests.create_request(store, requests.RequestDraft(resident_name=f"村民{tag}", what=f"修水管{tag}",
                                                                resident_phone="13800000000"))


def dispatched(store, rng, tag):
    rid = open_request(store, rng, tag)
    requests.dispatch(store, rid, due_on=date.today() + timedelta(days=3), volunteer_ids=[volunteer(store, rng)])
    return rid


def accepted(store, rng, tag):
    rid = dispatched(store, rng, tag)
    requests.accept(store, rid, [volunteer(store, rng)])
    return rid


def completed(store, rng, tag):
    rid = accepted(store, rng, tag)
    requests.complete(store, rid, f"已修好{tag}", hours=1.0)
    return rid


def pairing(store, rng, tag):
    unit = pairings.add_unit(store, pairings.UnitDraft(name=f"单位{tag}"))
    return pairings.create_pairing(store, unit, signed_on=date(2026, 1, 1), starts_on=date(2026, 1, 1),
                                   ends_on=date(2028, 12, 31))


def goods(store, rng, tag):
    return points.save_goods(store, f"毛巾{tag}", "5", stock=50)


def honor(store, rng, tag):
    return honours.add_honor(store, title=f"最美志愿者{tag}", level="县级", year=2026, volunteer_id=volunteer(store, rng))


def issued(store, rng, tag):
    return certificates.issue_service_record(store, volunteer(store, rng), date(2026, 1, 1), date(2026, 12, 31))


def team(store, rng, tag):
    tid = teams.create_team(store, f"队伍{tag}")
    teams.add_members(store, tid, [volunteer(store, rng) for _ in range(3)])
    return tid


def twin(store, rng, tag):
    """A second record with a team, points and attendance of its own, to be merged into another."""
    vid = roster.add_volunteer(store, VolunteerDraft(name=f"重复{tag}"))
    teams.add_members(store, team(store, rng, tag), [vid])
    points.adjust(store, vid, "2", f"奖励{tag}")
    aid = past_activity(store, rng, tag)
    attendance.sign_up(store, aid, [vid])
    attendance.record_attendance(store, aid, [Mark(v, True) for v in attendance_ids(store, aid)], reason=f"补登{tag}")
    return vid


def draft_of(store, vid):
    return roster.get_volunteer(store, vid).draft


RECIPES = {
    "activities.create_activity": lambda s, r, t, w: past_activity(s, r, t),
    "activities.delete_activity": lambda s, r, t, w: activities.delete_activity(s, past_activity(s, r, t)),
    "activities.repeat_activity": lambda s, r, t, w: activities.repeat_activity(
        s, past_activity(s, r, t), [date(2026, 12, 20) + timedelta(days=7 * i) for i in range(3)]),
    "activities.set_status": lambda s, r, t, w: activities.set_status(s, past_activity(s, r, t), "cancelled"),
    "activities.update_activity": lambda s, r, t, w: activities.update_activity(
        s, (aid := past_activity(s, r, t)), ActivityDraft(**{**activities.get_draft(s, aid).__dict__,
                                                              "place": f"村委会{t}"})),
    "attendance.close_forgotten": lambda s, r, t, w: (
        attendance.scan(s, (aid := past_activity(s, r, t)), attendance_ids(s, aid)[0],
                        activities.get_activity(s, aid).starts_at),
        attendance.close_forgotten(s)),
    "attendance.confirm_reviewed": lambda s, r, t, w: attendance.confirm_reviewed(s, attended_row(s, r, t)[1]),
    "attendance.correct_hours": lambda s, r, t, w: attendance.correct_hours(s, attended_row(s, r, t)[1], 1.5,
                                                                            reason=f"更正{t}"),
    "attendance.record_attendance": lambda s, r, t, w: (
        (aid := attended_row(s, r, t)[0]),
        attendance.record_attendance(s, aid, [Mark(v, False) for v in attendance_ids(s, aid)], reason=f"登记错{t}")),
    "attendance.scan": lambda s, r, t, w: attendance.scan(
        s, (aid := past_activity(s, r, t)), volunteer(s, r), activities.get_activity(s, aid).starts_at),
    "attendance.sign_up": lambda s, r, t, w: past_activity(s, r, t),
    "attendance.withdraw": lambda s, r, t, w: attendance.withdraw(
        s, (aid := past_activity(s, r, t)), attendance_ids(s, aid)[0]),
    "audit.choose_operator": lambda s, r, t, w: audit.choose_operator(s, f"值班员{t}"),
    "audit.remove_staff": lambda s, r, t, w: audit.remove_staff(s, f"值班员{t}"),
    "audit.export_log": lambda s, r, t, w: audit.export_log(s, w / f"log{t}.xlsx", limit=50),
    "certificates._issue": lambda s, r, t, w: issued(s, r, t),
    "certificates.mark_recognised": lambda s, r, t, w: certificates.mark_recognised(s, volunteer(s, r), r.randrange(1, 6)),
    "certificates.save_honor_template": lambda s, r, t, w: certificates.save_honor_template(
        s, certificates.HonorTemplate(offset_x_mm=r.randrange(-5, 5))),
    "certificates.save_issuer": lambda s, r, t, w: certificates.save_issuer(
        s, certificates.Issuer(**{**certificates.issuer(s).__dict__, "handler": f"经办{t}"})),
    "certificates.void": lambda s, r, t, w: certificates.void(s, issued(s, r, t).serial, reason=f"打错{t}"),
    "certificates.reprinted": lambda s, r, t, w: certificates.reprinted(s, issued(s, r, t).serial),
    "documents.honors": lambda s, r, t, w: documents.honors(s, [volunteer(s, r)], w / f"honors{t}.pdf", year=2026,
                                                            title="优秀志愿者"),
    "documents.reprint": lambda s, r, t, w: documents.reprint(s, issued(s, r, t).serial, w / f"reprint{t}.pdf"),
    "documents.service_record": lambda s, r, t, w: documents.service_record(
        s, volunteer(s, r), date(2026, 1, 1), date(2026, 12, 31), w / f"record{t}.pdf"),
    "duplicates.mark_not_duplicate": lambda s, r, t, w: duplicates.mark_not_duplicate(
        s, volunteer(s, r), roster.add_volunteer(s, VolunteerDraft(name=f"同名{t}"))),
    "exporting.export_hours": lambda s, r, t, w: exporting.export_hours(s, 2026, w / f"hours{t}.xlsx"),
    "exporting.export_roster": lambda s, r, t, w: exporting.export_roster(s, w / f"roster{t}.xlsx"),
    "funds.add_entry": lambda s, r, t, w: funds.add_entry(s, entered_on=date(2026, 6, 1), direction="in",
                                                          source="上级拨付", amount="100.50", purpose=f"活动经费{t}"),
    "honours.add_honor": lambda s, r, t, w: honor(s, r, t),
    "honours.give_courtesy": lambda s, r, t, w: honours.give_courtesy(s, honor(s, r, t), "免费体检", date(2026, 6, 1)),
    "honours.remove_honor": lambda s, r, t, w: honours.remove_honor(s, honor(s, r, t), f"录入重复{t}"),
    "importing.commit_import": lambda s, r, t, w: importing.commit_import(s, importing.plan_import(s, import_file(w, t))),
    "merging.merge": lambda s, r, t, w: merging.merge(s, volunteer(s, r), twin(s, r, t), prefer="keep"),
    "merging.undo_merge": lambda s, r, t, w: merging.undo_merge(
        s, merging.merge(s, volunteer(s, r), twin(s, r, t), prefer="keep")),
    "packages.export_package": lambda s, r, t, w: packages.export_package(s, w / f"station{t}.sdpkg", year=2026),
    "pairings.add_commitment": lambda s, r, t, w: pairings.add_commitment(s, pairing(s, r, t), aspect="活动共办",
                                                                          text=f"共办{t}", target=2),
    "pairings.add_unit": lambda s, r, t, w: pairings.add_unit(s, pairings.UnitDraft(name=f"单位{t}")),
    "pairings.attach_scan": lambda s, r, t, w: pairings.attach_scan(s, pairing(s, r, t), w / "photo.jpg"),
    "pairings.create_pairing": lambda s, r, t, w: pairing(s, r, t),
    "pairings.end_pairing": lambda s, r, t, w: pairings.end_pairing(s, pairing(s, r, t), on=date(2026, 6, 1),
                                                                    reason=f"单位撤并{t}"),
    "pairings.log_entry": lambda s, r, t, w: pairings.log_entry(
        s, pairings.fulfilment_for_year(s, pairing(s, r, t), 2026, today=date(2026, 6, 1))[0].id,
        happened_on=date(2026, 3, 1), what=f"共享{t}"),
    "pairings.set_liaison": lambda s, r, t, w: pairings.set_liaison(
        s, pairings.add_unit(s, pairings.UnitDraft(name=f"单位{t}")), volunteer(s, r)),
    "pairings.set_unit_archived": lambda s, r, t, w: pairings.set_unit_archived(
        s, pairings.add_unit(s, pairings.UnitDraft(name=f"单位{t}")), True),
    "pairings.update_unit": lambda s, r, t, w: pairings.update_unit(
        s, pairings.add_unit(s, pairings.UnitDraft(name=f"单位{t}")), pairings.UnitDraft(name=f"改名单位{t}")),
    "people.add_evaluation": lambda s, r, t, w: people.add_evaluation(s, volunteer(s, r), rating=4, year=2026,
                                                                      comment=f"认真{t}"),
    "people.add_insurance": lambda s, r, t, w: people.add_insurance(
        s, insurer=f"保险公司{t}", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), volunteer_id=volunteer(s, r)),
    "people.add_qualification": lambda s, r, t, w: people.add_qualification(
        s, volunteer(s, r), kind="急救证", number=t, valid_until=date(2027, 6, 30)),
    "people.add_training": lambda s, r, t, w: people.add_training(s, volunteer(s, r), held_on=date(2026, 3, 1),
                                                                  subject=f"急救培训{t}", hours=2),
    "people.record_consent": lambda s, r, t, w: people.record_consent(s, volunteer(s, r), guardian=f"家长{t}",
                                                                      relation="母亲", given_on=date(2026, 3, 1)),
    "people.remove": lambda s, r, t, w: people.remove(
        s, "training", people.add_training(s, volunteer(s, r), held_on=date(2026, 3, 1), subject=f"重复{t}"),
        f"录入重复{t}"),
    "people.set_safety": lambda s, r, t, w: people.set_safety(s, past_activity(s, r, t), risky=True,
                                                              needs_qualification="救生员证"),
    "photos.add_photo": lambda s, r, t, w: photos.add_photo(s, past_activity(s, r, t), w / "photo.jpg", caption=t),
    "photos.remove_photo": lambda s, r, t, w: photos.remove_photo(
        s, photos.add_photo(s, past_activity(s, r, t), w / "photo.jpg")),
    "points.adjust": lambda s, r, t, w: points.adjust(s, volunteer(s, r), "3", f"奖励{t}"),
    "points.credit_past": lambda s, r, t, w: points.credit_past(s),
    "points.redeem": lambda s, r, t, w: (points.adjust(s, (vid := volunteer(s, r)), "20", f"奖励{t}"),
                                         points.redeem(s, vid, goods(s, r, t), 1)),
    "points.restock": lambda s, r, t, w: points.restock(s, goods(s, r, t), 10, "补货"),
    "points.save_goods": lambda s, r, t, w: goods(s, r, t),
    "points.save_rates": lambda s, r, t, w: points.save_rates(s, "1", "2", "1"),
    "points.set_goods_archived": lambda s, r, t, w: points.set_goods_archived(s, goods(s, r, t), True),
    "requests.accept": lambda s, r, t, w: accepted(s, r, t),
    "requests.complete": lambda s, r, t, w: completed(s, r, t),
    "requests.create_request": lambda s, r, t, w: open_request(s, r, t),
    "requests.dispatch": lambda s, r, t, w: dispatched(s, r, t),
    "requests.review": lambda s, r, t, w: requests.review(s, completed(s, r, t), 5, f"满意{t}"),
    "requests.save_menu_item": lambda s, r, t, w: requests.save_menu_item(s, f"理发{t}"),
    "requests.set_menu_archived": lambda s, r, t, w: requests.set_menu_archived(
        s, requests.save_menu_item(s, f"理发{t}"), True),
    "requests.withdraw": lambda s, r, t, w: requests.withdraw(s, open_request(s, r, t), f"不需要了{t}"),
    "roster._set_status": lambda s, r, t, w: (roster.archive_volunteer(s, (vid := volunteer(s, r)), reason="迁出"),
                                              roster.restore_volunteer(s, vid)),
    "roster.add_volunteer": lambda s, r, t, w: roster.add_volunteer(s, VolunteerDraft(name=f"新增{t}")),
    "roster.reveal": lambda s, r, t, w: roster.reveal(s, volunteer(s, r), "phone"),
    "roster.update_volunteer": lambda s, r, t, w: roster.update_volunteer(
        s, (vid := volunteer(s, r)), VolunteerDraft(**{**draft_of(s, vid).__dict__, "note": f"修改{t}"})),
    "rules.save_rules": lambda s, r, t, w: rules.save_rules(s, step_minutes=30, daily_cap=r.choice((8.0, 10.0)),
                                                            levels=(100, 300, 600, 1000, 1500)),
    "safety.set_backup_dir": lambda s, r, t, w: safety.set_backup_dir(s, w / "backups"),
    "assessment.clear_judgement": lambda s, r, t, w: (
        assessment.judge(s, 2026, "1.2", score=r.randrange(0, 6), note=f"佐证{t}"),
        assessment.clear_judgement(s, 2026, "1.2")),
    "assessment.import_sheet": lambda s, r, t, w: (
        assessment.export_sheet(s, w / f"细则{t}.xlsx"), assessment.import_sheet(s, w / f"细则{t}.xlsx")),
    "assessment.judge": lambda s, r, t, w: assessment.judge(s, 2026, "1.3", score=r.randrange(0, 6), note=f"佐证{t}"),
    "assessment.reset_sheet": lambda s, r, t, w: assessment.reset_sheet(s),
    "station.save_station": lambda s, r, t, w: station.save_station(
        s, station.StationInfo(**{**station.get_station(s).__dict__, "manager": f"站长{t}"})),
    "station_records.add_meeting": lambda s, r, t, w: station_records.add_meeting(
        s, held_on=date(2026, 3, 1), attendees="站长、委员", topics=f"部署{t}"),
    "station_records.add_rule": lambda s, r, t, w: station_records.add_rule(
        s, title=f"制度{t}", body="第一条", adopted_on=date(2026, 1, 1)),
    "station_records.add_venue": lambda s, r, t, w: station_records.add_venue(
        s, name=f"活动室{t}", area="60", photo=w / "photo.jpg"),
    "station_records.discard_summary": lambda s, r, t, w: station_records.discard_summary(s, 2026),
    "station_records.remove_meeting": lambda s, r, t, w: station_records.remove_meeting(
        s, station_records.add_meeting(s, held_on=date(2026, 3, 1), attendees="站长", topics=f"重复{t}")),
    "station_records.remove_rule": lambda s, r, t, w: station_records.remove_rule(
        s, station_records.add_rule(s, title=f"重复{t}", body="第一条", adopted_on=date(2026, 1, 1))),
    "station_records.remove_venue": lambda s, r, t, w: station_records.remove_venue(
        s, station_records.add_venue(s, name=f"重复{t}")),
    "station_records.save_summary": lambda s, r, t, w: station_records.save_summary(s, 2026, f"总结{t}"),
    "station_records.set_population": lambda s, r, t, w: station_records.set_population(s, r.randrange(500, 5000)),
    "station_records.update_meeting": lambda s, r, t, w: station_records.update_meeting(
        s, station_records.add_meeting(s, held_on=date(2026, 3, 1), attendees="站长", topics=f"议题{t}"),
        held_on=date(2026, 3, 2), attendees="站长", topics=f"改议题{t}"),
    "station_records.update_rule": lambda s, r, t, w: station_records.update_rule(
        s, station_records.add_rule(s, title=f"制度{t}", body="第一条", adopted_on=date(2026, 1, 1)),
        title=f"改制度{t}", body="第一条（修订）", adopted_on=date(2026, 2, 1)),
    "station_records.update_venue": lambda s, r, t, w: station_records.update_venue(
        s, station_records.add_venue(s, name=f"场所{t}"), name=f"改场所{t}", area="88", photo=w / "photo.jpg"),
    "teams.add_members": lambda s, r, t, w: team(s, r, t),
    "teams.create_team": lambda s, r, t, w: teams.create_team(s, f"队伍{t}"),
    "teams.remove_member": lambda s, r, t, w: teams.remove_member(s, (tid := team(s, r, t)), teams.member_ids(s, tid)[0]),
    "teams.set_archived": lambda s, r, t, w: teams.set_archived(s, team(s, r, t), True),
    "teams.set_leader": lambda s, r, t, w: teams.set_leader(s, (tid := team(s, r, t)), teams.member_ids(s, tid)[0]),
    "teams.update_team": lambda s, r, t, w: teams.update_team(s, team(s, r, t), name=f"改名队伍{t}"),
}


def import_file(workdir: Path, tag: str) -> Path:
    path = workdir / f"import-{tag}.csv"
    path.write_text("姓名,联系电话,所属队伍\n" + "\n".join(f"导入{tag}{'甲乙丙丁戊'[i]},1390000{i:04d},导入队{tag}"
                                                         for i in range(5)), encoding="utf-8")
    return path


DIGITS = str.maketrans("0123456789", "零一二三四五六七八九")  # names and titles carry the tag


def main(db: str, seed: int, workdir: str) -> None:
    rng = random.Random(seed)
    work = Path(workdir)
    store = open_database(db)
    print("ready", flush=True)
    n = 0
    while True:
        names = sorted(RECIPES)
        rng.shuffle(names)
        for name in names:
            n += 1
            tag = f"{seed}乙{n}".translate(DIGITS)
            try:
                RECIPES[name](store, rng, tag, work)
            except UserError as exc:  # a refusal is an answer, not a crash: it must leave no trace
                print(f"refused {name} {exc}", file=sys.stderr, flush=True)
                continue
            entry = store.execute("SELECT id, at FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
            print(f"{name} {entry[0]} {str(entry[1]).replace(' ', 'T')}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
