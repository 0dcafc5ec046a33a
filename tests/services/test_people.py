"""What the 条例 asks a station to keep about people, on a real station file: each record with its bad
input refused in plain Chinese, the warnings a sign-up gets (minor without consent, uninsured at a 有风险
activity, a required qualification missing or expired on the day), 首页's expiring list, and a merge that
carries every record to the kept person and an undo that takes them back."""

from datetime import date, datetime, timedelta

import pytest

from stationdesk.domain.activity import ActivityDraft
from stationdesk.domain.idnumber import make_id_number
from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.errors import UserError
from stationdesk.services import activities, audit, merging, people, roster

DAY = date(2026, 7, 18)


@pytest.fixture
def setting(store):
    """An activity on DAY, an adult and a 15-year-old (ages from their ID numbers)."""
    start = datetime.combine(DAY, datetime.min.time()).replace(hour=9)
    aid = activities.create_activity(store, ActivityDraft(title="河道清理", category="生态环境", starts_at=start,
                                                          ends_at=start + timedelta(hours=3), place="河边"))
    adult = roster.add_volunteer(store, VolunteerDraft(name="王䶮", id_number=make_id_number("330122", date(1980, 3, 1), 11)))
    minor = roster.add_volunteer(store, VolunteerDraft(name="𠮷田小明", id_number=make_id_number("330122", date(2011, 2, 1), 12)))
    return store, aid, adult, minor


def test_each_record_is_kept_and_bad_input_is_refused_plainly(setting):
    store, aid, adult, _ = setting
    people.add_training(store, adult, held_on=DAY, subject="应急救护 <初级> & 心肺复苏", hours=4, trainer="红十字会")
    people.add_qualification(store, adult, kind="急救证", number="HZ-001", valid_until=date(2027, 1, 1))
    people.add_insurance(store, insurer="中国人寿", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
                         volunteer_id=adult)
    people.add_evaluation(store, adult, rating=5, comment="认真负责", activity_id=aid)
    r = people.records(store, adult)
    assert [t.subject for t in r.trainings] == ["应急救护 <初级> & 心肺复苏"] and r.trainings[0].hours == 4
    assert r.qualifications[0].valid_on(DAY) and not r.qualifications[0].valid_on(date(2027, 1, 2))
    assert [(i.insurer, i.activity) for i in r.insurances] == [("中国人寿", "")]
    assert [(e.year, e.activity, e.rating) for e in r.evaluations] == [(2026, "河道清理", 5)]
    for bad, message in (
            (lambda: people.add_training(store, adult, held_on=DAY, subject="  "), "请填写培训内容"),
            (lambda: people.add_training(store, adult, held_on=DAY, subject="培训", hours=500), "0 到 200"),
            (lambda: people.add_qualification(store, 99999, kind="急救证"), "找不到编号为 99999"),
            (lambda: people.add_insurance(store, insurer="平安", starts_on=DAY, ends_on=DAY - timedelta(days=1),
                                          volunteer_id=adult), "早于起期"),
            (lambda: people.add_insurance(store, insurer="平安", starts_on=DAY, ends_on=DAY), "要么登记在一名志愿者名下"),
            (lambda: people.add_evaluation(store, adult, rating=6, year=2026), "1 到 5"),
            (lambda: people.record_consent(store, adult, guardian="", relation="母亲", given_on=DAY), "监护人姓名"),
            (lambda: people.remove(store, "training", r.trainings[0].id, "  "), "必须填写原因")):
        with pytest.raises(UserError, match=message):
            bad()
    people.remove(store, "training", r.trainings[0].id, "重复录入")
    assert people.records(store, adult).trainings == []
    logged = store.execute("SELECT detail FROM audit_entry WHERE entity = 'training' AND action = 'delete'").fetchone()[0]
    assert "应急救护" in logged and "重复录入" in logged  # what was removed, and why


def test_sign_up_warns_of_a_minor_without_consent_and_of_what_the_activity_needs(setting):
    store, aid, adult, minor = setting
    assert people.signup_warnings(store, aid, [adult, minor]) == ["未满18岁、尚未登记监护人同意：𠮷田小明"]
    people.record_consent(store, minor, guardian="田芳", relation="母亲", given_on=DAY - timedelta(days=30))
    assert people.signup_warnings(store, aid, [adult, minor]) == []

    people.set_safety(store, aid, risky=True, needs_qualification="救生员证")
    said = people.signup_warnings(store, aid, [adult, minor])
    assert said == [f"这是有风险的活动，{DAY} 没有有效的意外保险：王䶮、𠮷田小明",
                    f"这次活动需要“救生员证”，{DAY} 没有有效的：王䶮、𠮷田小明"]
    # the adult's own insurance ends the day before; the minor's policy covers the day
    people.add_insurance(store, insurer="平安", starts_on=date(2026, 1, 1), ends_on=DAY - timedelta(days=1),
                         volunteer_id=adult)
    people.add_insurance(store, insurer="平安", starts_on=DAY, ends_on=DAY, volunteer_id=minor)
    people.add_qualification(store, adult, kind="救生员证", valid_until=DAY - timedelta(days=1))  # expired
    people.add_qualification(store, minor, kind="救生员证")  # does not expire
    assert people.signup_warnings(store, aid, [adult, minor]) == [
        f"这是有风险的活动，{DAY} 没有有效的意外保险：王䶮", f"这次活动需要“救生员证”，{DAY} 没有有效的：王䶮"]
    people.add_insurance(store, insurer="人保", starts_on=DAY, ends_on=DAY, activity_id=aid)  # a group policy
    people.add_qualification(store, adult, kind="救生员证", valid_until=DAY)
    assert people.signup_warnings(store, aid, [adult, minor]) == []
    assert people.safety(store, aid) == people.Safety(True, "救生员证")
    assert [i.activity for i in people.records(store, adult).insurances] == [""]  # not signed up: only their own
    from stationdesk.services import attendance

    attendance.sign_up(store, aid, [adult])
    assert "河道清理" in [i.activity for i in people.records(store, adult).insurances]
    assert people.activity_warnings(store, aid) == []


def test_home_lists_what_expires_within_30_days(setting):
    store, _, adult, minor = setting
    today = date(2026, 12, 1)
    people.add_qualification(store, adult, kind="急救证", valid_until=today + timedelta(days=10))
    people.add_qualification(store, adult, kind="电工证", valid_until=today + timedelta(days=40))
    people.add_insurance(store, insurer="平安", starts_on=date(2026, 1, 1), ends_on=today + timedelta(days=3),
                         volunteer_id=minor)
    assert [(e.what, e.name) for e in people.expiring(store, today=today)] == [("意外保险", "𠮷田小明"), ("急救证", "王䶮")]
    assert people.expiring(store, today=today, limit=1) == people.expiring(store, today=today)[:1]  # 首页's first few
    assert people.expiring_count(store, today=today) == 2  # and how many in all
    roster.archive_volunteer(store, minor, reason="迁出")
    assert [e.what for e in people.expiring(store, today=today)] == ["急救证"]
    assert people.expiring_count(store, today=today) == 1


def test_a_merge_carries_every_record_and_its_undo_takes_them_back(setting):
    store, _, adult, _ = setting
    again = roster.add_volunteer(store, VolunteerDraft(name="王䶮", phone="13800001111"))
    people.add_training(store, adult, held_on=DAY, subject="消防安全")
    people.add_training(store, again, held_on=DAY, subject="垃圾分类")
    people.add_qualification(store, again, kind="急救证")
    people.record_consent(store, again, guardian="王父", relation="父亲", given_on=DAY)
    people.add_evaluation(store, again, rating=4, year=2025)
    merge = merging.merge(store, adult, again)
    kept = people.records(store, adult)
    assert sorted(t.subject for t in kept.trainings) == ["垃圾分类", "消防安全"]
    assert [q.kind for q in kept.qualifications] == ["急救证"] and kept.consent is not None and len(kept.evaluations) == 1
    merging.undo_merge(store, merge)
    assert [t.subject for t in people.records(store, adult).trainings] == ["消防安全"]
    assert [t.subject for t in people.records(store, again).trainings] == ["垃圾分类"]
    assert audit.operator() == ""  # nobody chosen: the records were still written and logged


def test_the_profile_prints_the_records_each_heading_with_its_table(setting, tmp_path):
    import subprocess

    from stationdesk.services import documents

    store, aid, _, minor = setting
    people.add_training(store, minor, held_on=DAY, subject="防溺水 <安全> & 自救", hours=2, trainer="王䶮")
    people.add_qualification(store, minor, kind="救生员证", valid_until=None)
    people.record_consent(store, minor, guardian="田芳", relation="母亲", given_on=DAY)
    people.add_evaluation(store, minor, rating=3, activity_id=aid)
    out = tmp_path / "profile.pdf"
    documents.profile(store, minor, out)
    text = subprocess.run(["pdftotext", "-layout", out, "-"], capture_output=True, text=True, check=True).stdout
    for line in ("五、培训", "防溺水 <安全> & 自救", "六、资质", "救生员证", "长期", "八、监护人同意", "田芳", "九、评价",
                 "★★★"):
        assert line in text, line


def test_an_inspector_reads_each_persons_standing_on_the_day(setting, tmp_path):
    """活动安全核查表: who was trained, insured on the day and (for a minor) allowed, and what is missing."""
    import subprocess

    from stationdesk.services import attendance, documents

    store, aid, adult, minor = setting
    attendance.sign_up(store, aid, [adult, minor])
    people.set_safety(store, aid, risky=True, needs_qualification="救生员证")
    people.add_training(store, adult, held_on=DAY - timedelta(days=9), subject="水上救援")
    people.add_insurance(store, insurer="中国人寿", starts_on=DAY, ends_on=DAY, volunteer_id=adult)
    people.add_qualification(store, adult, kind="救生员证", valid_until=DAY)
    rules, lines, missing = people.activity_roll(store, aid)
    assert rules == people.Safety(True, "救生员证")
    by_name = {r.name: r for r in lines}
    assert (by_name["王䶮"].trainings, by_name["王䶮"].insured, by_name["王䶮"].consent, by_name["王䶮"].qualified) == (
        1, "中国人寿", "—", "有效")
    assert (by_name["𠮷田小明"].age, by_name["𠮷田小明"].insured, by_name["𠮷田小明"].consent,
            by_name["𠮷田小明"].qualified) == (15, "", "", "缺")
    assert len(missing) == 3 and all("𠮷田小明" in m for m in missing)
    out = tmp_path / "safety.pdf"
    assert documents.safety_check(store, aid, out).count == 2
    text = subprocess.run(["pdftotext", "-layout", out, "-"], capture_output=True, text=True, check=True).stdout
    for line in ("活动安全核查表", "河道清理", "有风险，须当天有效的意外保险", "中国人寿", "需要补齐", "未满18岁"):
        assert line in text, line
    people.record_consent(store, minor, guardian="田芳", relation="母亲", given_on=DAY)
    people.add_insurance(store, insurer="平安", starts_on=DAY, ends_on=DAY, activity_id=aid)  # a group policy
    people.add_qualification(store, minor, kind="救生员证")
    rules, lines, missing = people.activity_roll(store, aid)
    assert missing == [] and {r.name: r.consent for r in lines}["𠮷田小明"] == "母亲 田芳"
    documents.safety_check(store, aid, out)
    text = subprocess.run(["pdftotext", "-layout", out, "-"], capture_output=True, text=True, check=True).stdout
    assert "报名人员均符合" in text
