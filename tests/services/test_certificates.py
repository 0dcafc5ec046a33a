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
    assert again.read_bytes() == out.read_bytes()  # drawn from the stored content alone


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
    altered = certificates.verify(store, nxt.qr_text)  # the stored record was altered: the paper still says
    assert altered.status == "unregistered" and altered.name == "张三"  # what it certified, and that they differ
    assert certificates.verify(store, f"{nxt.serial} {nxt.check_code}").status == "forged"


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
    # The first paper is genuine (its QR's particulars carry the key's code) but the register's record
    # under its serial is now someone else's: said so, with the first holder's particulars — never as
    # the new holder's paper, and never called forged.
    first_verdict = certificates.verify(store, first.qr_text)
    assert first_verdict.status == "unregistered" and "另一份记录" in first_verdict.message
    assert first_verdict.name == certificates.verify(store, first.qr_text).name != ""
    assert certificates.verify(store, f"{first.serial} {first.check_code}").status == "forged"  # typed: no particulars
    assert certificates.verify(store, second.qr_text).status == "valid"
    row = store.execute("SELECT content FROM certificate WHERE serial = ?", (second.serial,)).fetchone()[0]
    edited = row.replace('"hours": 5', '"hours": 50')
    assert edited != row
    store.execute("UPDATE certificate SET content = ?, digest = ? WHERE serial = ?",
                  (edited, hashlib.sha256(edited.encode()).hexdigest(), second.serial))
    altered = certificates.verify(store, second.qr_text)  # the paper's own particulars, not the edited record's
    assert altered.status == "unregistered" and altered.hours == 5 and "改动" in altered.message
    assert certificates.verify(store, f"{second.serial} {second.check_code}").status == "forged"


def test_after_restoring_an_older_backup_no_serial_is_issued_twice(served):
    """A certificate issued after the backup was taken is on paper but not in the restored register:
    the next one must carry another serial, so its QR can never name the first holder's paper."""
    from stationdesk.services import safety

    store, vid, other = served
    older = safety.backup_now(store)
    on_paper = certificates.issue_service_record(store, vid, date(2026, 1, 1), date(2026, 12, 31), on=ON)
    safety.restore(store, older)
    after = certificates.verify(store, on_paper.qr_text)  # genuine, issued after the backup: said so
    assert after.status == "unregistered" and "可能出具于所恢复的备份之后" in after.message
    assert (after.name, after.period, after.hours) == (on_paper.content["person"]["name"],
                                                       tuple(on_paper.content["period"]), on_paper.content["hours"])
    assert certificates.verify(store, f"{on_paper.serial} {on_paper.check_code}").status == "unknown"  # typed
    serial, code, particulars, mac = on_paper.qr_text.removeprefix("SDC:").split(":")
    doctored = f"SDC:{serial}:{code}:{particulars[:-2]}AA:{mac}"  # particulars changed, code kept
    assert certificates.verify(store, doctored).status == "forged"
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


# -- the proof as an official paper (#28 item 4) ------------------------------------------------------------
TITLES = ("清明文明祭扫宣传", "关爱留守儿童课业辅导", "村道环境整治", "防溺水安全宣传进村入户", "敬老院慰问演出")


@pytest.fixture
def long_served(store):
    """张三 with 70 activities from January 2025, one a week, each with its own title; the issuer set."""
    certificates.save_issuer(store, certificates.Issuer(name="青山村新时代文明实践站", manager="陈建国", handler="王芳",
                                                        contact="0571-88886666"))
    vid = roster.add_volunteer(store, VolunteerDraft(name="张三", id_number=make_id_number("330182", date(2005, 3, 1), 11)))
    days = []
    for i in range(70):
        start = datetime(2025, 1, 3, 9) + timedelta(days=7 * i)
        aid = activities.create_activity(store, ActivityDraft(title=f"{TITLES[i % 5]}第{i + 1}次", category="文化服务",
                                                              starts_at=start, ends_at=start + timedelta(hours=2)))
        attendance.record_attendance(store, aid, [Mark(vid, True)])
        days.append(start.date())
    return store, vid, days


def pages_of(pdf) -> list[str]:
    """Each page's text, spaces removed (pdftotext separates pages with a form feed)."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return ["".join(page.split()) for page in out.split("\f") if page.strip()]


def proof_of(store, vid, days, n, out):
    from stationdesk.services import documents

    done = documents.service_record(store, vid, days[0], days[n - 1], out)
    return done.issued[0], done.pages


def test_fifteen_activities_fit_one_page_with_the_seal_and_room_to_sign(long_served, tmp_path):
    store, vid, days = long_served
    issued, pages = proof_of(store, vid, days, 15, tmp_path / "p15.pdf")
    text = pages_of(tmp_path / "p15.pdf")
    assert pages == 1 and len(text) == 1, "15 activities, the issuer, seal area and QR: one page"
    page = text[0]
    assert all(f"{TITLES[i % 5]}第{i + 1}次" in page for i in range(15))
    assert "参加活动" not in page and "合计共15次活动30" in page
    assert page.index("第15次") < page.index("出具单位：青山村新时代文明实践站") and "盖章处" in page
    # the printed names, each followed by a place to sign (the blank line is drawn after 签字：)
    assert "负责人：陈建国签字：" in page and "经办人：王芳签字：" in page and "联系电话：0571-88886666" in page
    assert "第1页/共1页" in page and f"证明编号：{issued.serial}" in page and len(issued.content["rows"]) == 15


@pytest.mark.parametrize("n, expected_pages", [(16, None), (20, 2), (70, 3)])
def test_more_activities_continue_on_numbered_pages_and_the_seal_follows_the_last(long_served, tmp_path, n,
                                                                                expected_pages):
    store, vid, days = long_served
    issued, pages = proof_of(store, vid, days, n, tmp_path / "p.pdf")
    text = pages_of(tmp_path / "p.pdf")
    assert len(text) == pages and (expected_pages is None or pages == expected_pages)
    whole = "".join(text)
    for i in range(n):  # every activity listed, none summarised into a monthly count
        assert whole.count(f"{TITLES[i % 5]}第{i + 1}次") == 1, i
    assert "参加活动" not in whole and f"合计共{n}次活动{2 * n}" in whole
    for number, page in enumerate(text, start=1):
        assert f"第{number}页/共{pages}页" in page
        if number > 1:  # a continuation says so, names the proof and repeats the table's header
            assert "志愿服务记录证明（续表）" in page and f"证明编号：{issued.serial}" in page
            assert page.count("日期服务内容时长（小时）") == 1
        else:
            assert "续表" not in page
        assert ("盖章处" in page) == (number == pages), "the seal area is on the last page only"
    last = text[-1]
    assert f"第{n - 1}次" in last and f"第{n}次" in last, "the last rows go with the seal block, never the block alone"
    assert last.index(f"第{n}次") < last.index("合计") < last.index("特此证明") < last.index("出具单位：")


def test_an_old_proof_summarised_by_month_still_reprints_as_issued(served, tmp_path):
    """Proofs issued before every activity was listed carry monthly lines in their stored content: a
    reprint draws those, not today's rows."""
    store, vid, _ = served
    issued = certificates.issue_service_record(store, vid, date(2026, 1, 1), date(2026, 12, 31), on=ON)
    old = replace_content(store, issued.serial, rows=[["2026-03", "参加活动 1 次", 2.0], ["2026-06", "参加活动 1 次", 3.0]])
    out = tmp_path / "old.pdf"
    build_service_record(certificates.get(store, old), out)
    assert "2026-03参加活动1次2" in text_of(out)


def replace_content(store, serial, **changes) -> str:
    import json

    row = store.execute("SELECT content FROM certificate WHERE serial = ?", (serial,)).fetchone()[0]
    content = {**json.loads(row), **changes}
    store.execute("UPDATE certificate SET content = ? WHERE serial = ?", (json.dumps(content, ensure_ascii=False), serial))
    return serial


def test_warnings_before_a_proof_no_id_number_and_an_overlapping_period(served):
    store, vid, other = served
    assert certificates.proof_warnings(store, vid, date(2026, 1, 1), date(2026, 12, 31)) == []
    (no_id,) = certificates.proof_warnings(store, other, date(2026, 1, 1), date(2026, 12, 31))
    assert "没有登记证件号码" in no_id and "无（未登记证件）" in no_id
    first = certificates.issue_service_record(store, vid, date(2026, 1, 1), date(2026, 6, 30), on=ON)
    (overlap,) = certificates.proof_warnings(store, vid, date(2026, 6, 1), date(2026, 12, 31))
    assert first.serial in overlap and "2026年1月1日至2026年6月30日" in overlap and "重叠" in overlap
    assert certificates.proof_warnings(store, vid, date(2026, 7, 1), date(2026, 12, 31)) == []  # next to it: fine
    certificates.void(store, first.serial, reason="期间有误")
    assert certificates.proof_warnings(store, vid, date(2026, 6, 1), date(2026, 12, 31)) == []  # voided: not in force
    with pytest.raises(UserError, match="找不到"):
        certificates.proof_warnings(store, 9999, date(2026, 1, 1), date(2026, 12, 31))


# -- verification says what to compare (#28 item 5) ---------------------------------------------------------
def test_verify_names_what_the_paper_must_show(served):
    store, vid, _ = served
    issued = certificates.issue_service_record(store, vid, date(2026, 1, 1), date(2026, 12, 31), on=ON)
    v = certificates.verify(store, issued.qr_text)
    assert v.status == "valid" and v.name == "张三" and v.kind == "志愿服务记录证明"
    assert v.period == ("2026-01-01", "2026-12-31") and v.hours == 5 and v.issued_on == "2026-11-23"
    for line in ("持证人：张三", "类别：志愿服务记录证明", "期间：2026年1月1日至2026年12月31日", "时长：5 小时",
                 "出具日期：2026年11月23日", "请核对纸面上的姓名、期间和时长是否与此一致"):
        assert line in v.message, line
    assert v.check == "请核对纸面上的姓名、期间和时长是否与此一致。"
    honour = certificates.issue_honors(store, [vid], year=2026, title="最美志愿者", on=ON)[0]
    h = certificates.verify(store, honour.qr_text)
    assert h.status == "valid" and h.year == 2026 and h.title == "最美志愿者" and h.hours is None
    assert "年度：2026年度" in h.message and "称号：最美志愿者" in h.message and "持证人：张三" in h.message
    certificates.void(store, issued.serial, reason="时长有误")
    voided = certificates.verify(store, issued.qr_text)
    assert voided.status == "voided" and "时长：5 小时" in voided.message and not voided.check
    forged = certificates.verify(store, f"{certificates.QR_PREFIX}{honour.serial}:ABCDEFGHIJ")
    assert forged.status == "forged" and "持证人" not in forged.message  # a wrong code learns nothing more


# -- reprints marked and logged; repeats warned or skipped (#28 item 6) -------------------------------------
def test_a_reprint_says_so_with_the_original_date_and_is_logged(served, tmp_path):
    from stationdesk.services import documents

    store, vid, _ = served
    out = tmp_path / "original.pdf"
    issued = documents.service_record(store, vid, date(2026, 1, 1), date(2026, 12, 31), out).issued[0]
    assert "补打" not in text_of(out)
    first, second = tmp_path / "r1.pdf", tmp_path / "r2.pdf"
    assert documents.reprint(store, issued.serial, first).issued[0].reprint
    documents.reprint(store, issued.serial, second)
    assert first.read_bytes() == second.read_bytes() != out.read_bytes()  # reprints: the same document, marked
    on_paper = text_of(first)
    assert f"补打件：原件于{date.today().year}年{date.today().month}月{date.today().day}日出具" in on_paper
    logged = store.execute("SELECT detail FROM audit_entry WHERE action = 'reprint' ORDER BY id").fetchall()
    assert len(logged) == 2 and all(issued.serial in d for (d,) in logged)
    with pytest.raises(Exception):  # noqa: B017  (the PDF cannot be written: nothing is logged)
        documents.reprint(store, issued.serial, tmp_path / "missing" / "r3.pdf")
    assert store.scalar("SELECT count(*) FROM audit_entry WHERE action = 'reprint'") == 2
    honour = documents.honors(store, [vid], tmp_path / "h.pdf", year=2026, title="优秀志愿者").issued[0]
    documents.reprint(store, honour.serial, tmp_path / "h2.pdf")
    assert "补打件：原件于" in text_of(tmp_path / "h2.pdf") and "补打" not in text_of(tmp_path / "h.pdf")


def test_who_already_holds_this_years_honour(served):
    store, vid, other = served
    assert certificates.already_honoured(store, [vid, other], year=2026, title="优秀志愿者") == {}
    first = certificates.issue_honors(store, [vid], year=2026, title="优秀志愿者", on=ON)[0]
    assert certificates.already_honoured(store, [vid, other], year=2026, title="优秀志愿者") == {vid: first.serial}
    assert certificates.already_honoured(store, [vid], year=2025, title="优秀志愿者") == {}
    assert certificates.already_honoured(store, [vid], year=2026, title="最美志愿者") == {}
    certificates.void(store, first.serial, reason="称号写错")
    assert certificates.already_honoured(store, [vid], year=2026, title="优秀志愿者") == {}


def test_verify_gives_the_name_as_the_paper_shows_it(store, tmp_path):
    """A character no shipped font draws prints as □: the checker compares with the paper, so 核验 says □ too."""
    from stationdesk.reports.fonts import PLACEHOLDER

    vid = roster.add_volunteer(store, VolunteerDraft(name="王\U0002EBF0"))  # CJK Extension I: no font has it
    start = datetime(2026, 3, 5, 9)
    aid = activities.create_activity(store, ActivityDraft(title="村道保洁", starts_at=start, ends_at=start + timedelta(hours=2)))
    attendance.record_attendance(store, aid, [Mark(vid, True)])
    issued = certificates.issue_service_record(store, vid, date(2026, 1, 1), date(2026, 12, 31), on=ON)
    out = tmp_path / "p.pdf"
    build_service_record(issued, out)
    assert f"王{PLACEHOLDER}" in text_of(out)
    v = certificates.verify(store, issued.qr_text)
    assert v.name == f"王{PLACEHOLDER}" and f"持证人：王{PLACEHOLDER}" in v.message
