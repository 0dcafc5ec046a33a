import subprocess
import threading
from datetime import date, datetime, timedelta

import pytest

from stationdesk.domain.activity import ActivityDraft
from stationdesk.domain.idnumber import make_id_number
from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.errors import UserError
from stationdesk.reports.certificates import build_honors, build_service_record
from stationdesk.services import activities, attendance, certificates, roster
from stationdesk.services.attendance import Mark

ON = date(2026, 11, 23)


@pytest.fixture
def served(store):
    vid = roster.add_volunteer(store, VolunteerDraft(name="张三", id_number=make_id_number("330182", date(2005, 3, 1), 11)))
    other = roster.add_volunteer(store, VolunteerDraft(name="欧阳维克多·司马相如"))
    for month, hours in ((3, 2), (6, 3)):
        start = datetime(2026, month, 5, 9)
        aid = activities.create_activity(store, ActivityDraft(title=f"{month}月活动", category="文化服务",
                                                              starts_at=start, ends_at=start + timedelta(hours=hours)))
        attendance.record_attendance(store, aid, [Mark(vid, True), Mark(other, True)])
    return store, vid, other


def text_of(pdf) -> str:
    return "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())


def test_service_record_carries_the_required_fields(served, tmp_path):
    store, vid, _ = served
    issued = certificates.issue_service_record(store, vid, date(2026, 1, 1), date(2026, 12, 31), on=ON)
    assert issued.serial == "SD-2026-0001" and issued.content["hours"] == 5
    out = tmp_path / "cert.pdf"
    build_service_record(issued, out)
    text = text_of(out)
    number = roster.get_volunteer(store, vid).draft.id_number
    for needle in ("志愿服务记录证明", "证明编号：SD-2026-0001", "张三", "证件类型居民身份证", "证件号码", number,
                   "2026年1月1日至2026年12月31日", "5小时", "不含往返交通时间", "文化服务", "出具单位：", "负责人：",
                   "经办人：", "联系电话：", "2026年11月23日", "盖章处"):
        assert needle in text, needle
    again = tmp_path / "again.pdf"
    build_service_record(certificates.get(store, issued.serial), again)
    assert again.read_bytes() == out.read_bytes()  # a reprint is the same document


def test_no_hours_no_id_and_long_names(served, tmp_path):
    store, vid, other = served
    with pytest.raises(UserError, match="没有登记服务时长"):
        certificates.issue_service_record(store, vid, date(2025, 1, 1), date(2025, 12, 31))
    no_id = certificates.issue_service_record(store, other, date(2026, 1, 1), date(2026, 12, 31), on=ON)
    assert no_id.content["person"]["id_type"] == "无（未登记证件）"
    honors = certificates.issue_honors(store, [vid, other], year=2026, title="最美志愿者" * 6, on=ON)
    out = tmp_path / "honors.pdf"
    assert build_honors(honors, out) == 2
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "Pages:           2" in info and "842 x 595" in info.replace("841.89 x 595.276", "842 x 595")
    assert "欧阳维克多·司马相如同志" in text_of(out)


def test_serials_are_unique_under_concurrent_issuing(served):
    """Threads get their own SQLite connections (peewee), so this is BEGIN IMMEDIATE against BEGIN IMMEDIATE;
    other processes cannot open the database at all (the lock)."""
    store, vid, _ = served
    issued, errors = [], []

    def issue_many():
        try:
            for _ in range(10):
                issued.extend(certificates.issue_honors(store, [vid], year=2026, title="优秀志愿者", on=ON))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=issue_many) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    serials = [r[0] for r in store.execute("SELECT serial FROM certificate")]
    assert len(serials) == len(set(serials)) == 40
    assert sorted(serials)[-1] == "SD-2026-0040"


def test_void_keeps_the_record_and_verification_tells_genuine_voided_and_forged(served):
    store, vid, _ = served
    issued = certificates.issue_service_record(store, vid, date(2026, 1, 1), date(2026, 12, 31), on=ON)
    assert certificates.verify(store, issued.qr_text).status == "valid"
    assert certificates.verify(store, issued.serial.lower()).status == "needs_code"  # a copied serial proves nothing
    assert certificates.verify(store, f"{issued.serial.lower()} {issued.check_code}").status == "valid"  # typed
    assert certificates.verify(store, f"SDC:{issued.serial}:ABCDEF").status == "forged"
    assert certificates.verify(store, "SDC:SD-2026-9999:ABCDEF").status == "unknown"
    with pytest.raises(UserError, match="必须填写原因"):
        certificates.void(store, issued.serial, reason="")
    certificates.void(store, issued.serial, reason="时长登记有误")
    with pytest.raises(UserError, match="已经作废过了"):
        certificates.void(store, issued.serial, reason="again")
    verdict = certificates.verify(store, issued.qr_text)
    assert verdict.status == "voided" and "时长登记有误" in verdict.message
    assert certificates.register(store)[0][-1] == "已作废：时长登记有误"
    nxt = certificates.issue_service_record(store, vid, date(2026, 1, 1), date(2026, 12, 31), on=ON)
    assert nxt.serial == "SD-2026-0002"  # never reused
    store.execute("UPDATE certificate SET content = replace(content, '张三', '李四') WHERE serial = ?", (nxt.serial,))
    assert certificates.verify(store, nxt.qr_text).status == "forged"  # the stored record was altered


def test_honour_candidates_by_hours(served):
    store, _, _ = served
    assert [r[1] for r in certificates.honor_candidates(store, year=2026, min_hours=5)] == ["欧阳维克多·司马相如", "张三"]
    assert certificates.honor_candidates(store, year=2026, min_hours=6) == []


def test_the_qr_on_a_certificate_decodes_and_verifies(served, tmp_path):
    import shutil

    if not shutil.which("zbarimg"):
        pytest.skip("zbar-tools not installed")
    store, vid, _ = served
    issued = certificates.issue_service_record(store, vid, date(2026, 1, 1), date(2026, 12, 31), on=ON)
    out = tmp_path / "cert.pdf"
    build_service_record(issued, out)
    subprocess.run(["pdftoppm", "-png", "-r", "200", str(out), str(tmp_path / "p")], check=True)
    scanned = subprocess.run(["zbarimg", "--quiet", "--raw", str(next(tmp_path.glob("p*.png")))],
                             capture_output=True, text=True).stdout.strip()
    assert scanned == issued.qr_text and certificates.verify(store, scanned).status == "valid"


def test_milestones_and_recognition(served):
    from stationdesk.services import rules

    store, vid, _ = served
    rules.save_rules(store, step_minutes=30, daily_cap=8, levels=(4, 100, 200, 300, 400))
    assert [(m.name, m.level) for m in certificates.milestones(store)] == [("欧阳维克多·司马相如", 1), ("张三", 1)]
    certificates.mark_recognised(store, vid, 1)
    certificates.mark_recognised(store, vid, 1)  # twice is harmless
    assert [m.name for m in certificates.milestones(store)] == ["欧阳维克多·司马相如"]


def test_public_list_masks_ids_and_leaves_out_voided(served, tmp_path):
    from stationdesk.reports.certificates import build_public_list

    store, vid, _ = served
    kept = certificates.issue_service_record(store, vid, date(2026, 1, 1), date(2026, 12, 31), on=ON)
    voided = certificates.issue_service_record(store, vid, date(2026, 1, 1), date(2026, 12, 31), on=ON)
    certificates.void(store, voided.serial, reason="重复")
    rows = certificates.public_list(store, date(2026, 11, 1), date(2026, 11, 30))
    assert [r[0] for r in rows] == [kept.serial] and "********" in rows[0][2]
    out = tmp_path / "public.pdf"
    build_public_list(rows, out, station="青山村新时代文明实践站", start=date(2026, 11, 1), end=date(2026, 11, 30),
                      printed_at=datetime(2026, 11, 30))
    text = text_of(out)
    assert "公示" in text and kept.serial in text and voided.serial not in text
    number = roster.get_volunteer(store, vid).draft.id_number
    assert number not in text


def test_the_honour_wording_is_an_editable_template(served, tmp_path):
    from stationdesk.services.certificates import HonorTemplate

    store, vid, _ = served
    with pytest.raises(UserError, match="三个字段"):
        certificates.save_honor_template(store, HonorTemplate(lines=("{nam}同志表现突出",)))
    certificates.save_honor_template(store, HonorTemplate(
        lines=("{name}同志在{year}年度", "荣获“{title}”称号。"), offset_x_mm=3, offset_y_mm=-2))
    issued = certificates.issue_honors(store, [vid], year=2026, title="最美志愿者", border=False, on=ON)[0]
    assert issued.content["lines"] == ["张三同志在2026年度", "荣获“最美志愿者”称号。"]
    assert issued.content["border"] is False  # kept with the certificate: the reprint is the same paper
    out = tmp_path / "h.pdf"
    build_honors([issued], out)
    text = text_of(out)
    assert "张三同志在2026年度" in text and "荣获“最美志愿者”称号" in text


def test_a_genuine_qr_vouches_only_for_what_it_certified(served, tmp_path):
    """After an older backup is restored the next certificate can reuse a serial: the first holder's QR must
    not verify as the new holder's. Hours edited in the file with the plain digest recomputed: forged."""
    import hashlib

    store, vid, other = served
    first = certificates.issue_service_record(store, vid, date(2026, 1, 1), date(2026, 12, 31), on=ON)
    store.execute("DELETE FROM certificate WHERE serial = ?", (first.serial,))  # as if restored from before it
    second = certificates.issue_service_record(store, other, date(2026, 1, 1), date(2026, 12, 31), on=ON)
    assert second.serial == first.serial and second.check_code != first.check_code
    assert certificates.verify(store, first.qr_text).status == "forged"
    assert certificates.verify(store, second.qr_text).status == "valid"
    row = store.execute("SELECT content FROM certificate WHERE serial = ?", (second.serial,)).fetchone()[0]
    edited = row.replace('"hours": 5', '"hours": 50')
    assert edited != row
    store.execute("UPDATE certificate SET content = ?, digest = ? WHERE serial = ?",
                  (edited, hashlib.sha256(edited.encode()).hexdigest(), second.serial))
    assert certificates.verify(store, second.qr_text).status == "forged"


def test_after_restoring_an_older_backup_no_serial_is_issued_twice(served):
    """A certificate issued after the backup was taken is on paper but not in the restored register:
    the next one must carry another serial, so its QR can never name the first holder's paper."""
    from stationdesk.services import safety

    store, vid, other = served
    older = safety.backup_now(store)
    on_paper = certificates.issue_service_record(store, vid, date(2026, 1, 1), date(2026, 12, 31), on=ON)
    safety.restore(store, older)
    assert certificates.verify(store, on_paper.qr_text).status == "unknown"
    reissued = certificates.issue_service_record(store, other, date(2026, 1, 1), date(2026, 12, 31), on=ON)
    assert reissued.serial != on_paper.serial
    assert reissued.serial.rsplit("-", 1)[0] == on_paper.serial.rsplit("-", 1)[0]  # same prefix and year
    assert len(reissued.serial.rsplit("-", 1)[1]) == 3 + 4  # series + sequence
    assert certificates.verify(store, reissued.qr_text).status == "valid"


def test_honour_candidates_from_the_tally_equal_a_recount(demo_store):
    """Read from the yearly tally for county speed; must equal summing the attendance rows."""
    store = demo_store
    recount = store.execute(
        "SELECT v.id, v.name, sum(p.hours) h FROM participation p JOIN activity a ON a.id = p.activity_id"
        " JOIN volunteer v ON v.id = p.volunteer_id WHERE p.attended = 1 AND a.status = 'done' AND v.status = 'active'"
        " AND a.starts_at >= '2026-01-01' AND a.starts_at < '2027-01-01' GROUP BY v.id HAVING h >= 4"
        " ORDER BY h DESC, v.sort_name").fetchall()
    assert recount and certificates.honor_candidates(store, year=2026, min_hours=4) == recount
    assert certificates.honor_candidates(store, year=2025, min_hours=0.5) == []
    from stationdesk.services import activities

    assert activities.years(store) == sorted({a.starts_at.year for a in activities.list_activities(store)})


def test_the_paged_register_equals_the_full_one(served):
    store, vid, other = served
    for who in (vid, other, vid):
        certificates.issue_service_record(store, who, date(2026, 1, 1), date(2026, 12, 31), on=ON)
    serials = certificates.register_serials(store)
    assert certificates.register_rows(store, serials) == certificates.register(store) and len(serials) == 3
    assert certificates.register_rows(store, serials[1:2]) == certificates.register(store)[1:2]
