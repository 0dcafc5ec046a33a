from datetime import date, datetime, timedelta

import pytest

from stationdesk.domain.activity import ActivityDraft
from stationdesk.domain.pairing import BEHIND, MET, NOT_DUE, ON_TRACK
from stationdesk.errors import UserError
from stationdesk.services import activities, pairings
from stationdesk.services.pairings import UnitDraft

TODAY = date(2026, 11, 23)


def customs(store) -> int:
    return pairings.add_unit(store, UnitDraft(name="青山海关", title_level="全国文明单位", title_year=2023, kind="机关",
                                              contact_person="王科长", contact_phone="0571-86001234"))


def agreement(store, unit, start=date(2025, 7, 1), years=3) -> int:
    return pairings.create_pairing(store, unit, signed_on=start - timedelta(days=10), starts_on=start,
                                   ends_on=start.replace(year=start.year + years) - timedelta(days=1),
                                   unit_signatory="李关长", station_signatory="陈建国")


def co_host(store, pid, when, status_done=True) -> int:
    aid = activities.create_activity(store, ActivityDraft(title="共办活动", starts_at=when, ends_at=when + timedelta(hours=2),
                                                          pairing_id=pid, partner="青山海关"))
    if status_done:
        activities.set_status(store, aid, "done")
    return aid


def test_units_are_checked_masked_and_archived_not_deleted(store):
    unit = customs(store)
    with pytest.raises(UserError, match="已经登记过"):
        customs(store)
    with pytest.raises(UserError, match="联系电话"):
        pairings.add_unit(store, UnitDraft(name="县税务局", contact_phone="123"))
    row = pairings.list_units(store)[0]
    assert (row.name, row.contact_phone_masked) == ("青山海关", "0571-****1234")
    pairings.set_unit_archived(store, unit, True)
    assert pairings.list_units(store) == [] and len(pairings.list_units(store, include_archived=True)) == 1


def test_agreement_with_four_default_commitments_and_no_overlap(store):
    unit = customs(store)
    pid = agreement(store, unit)
    p = pairings.get_pairing(store, pid, today=TODAY)
    assert (p.status, p.ends_on) == ("active", date(2028, 6, 30))
    assert [c.aspect for c in pairings.fulfilment_for_year(store, pid, 2026, today=TODAY)] == [
        "阵地共享", "活动共办", "队伍共育", "项目共推"]
    with pytest.raises(UserError, match="时间重叠"):
        agreement(store, unit, start=date(2027, 1, 1))
    with pytest.raises(UserError, match="结束日期必须晚于开始日期"):
        pairings.create_pairing(store, unit, signed_on=date(2030, 1, 1), starts_on=date(2030, 1, 1),
                                ends_on=date(2029, 1, 1))
    with pytest.raises(UserError, match="正整数"):
        pairings.add_commitment(store, pid, aspect="工作共管", text="共同管理", target=0)
    pairings.end_pairing(store, pid, on=date(2026, 12, 31), reason="单位搬迁")
    assert agreement(store, unit, start=date(2027, 1, 1))  # pairs again after the early end


def test_co_hosted_activities_count_automatically_and_entries_for_the_rest(store):
    pid = agreement(store, customs(store))
    for month in (3, 6, 9):
        co_host(store, pid, datetime(2026, month, 10, 9))
    co_host(store, pid, datetime(2026, 11, 28, 9), status_done=False)  # planned: not counted yet
    co_host(store, pid, datetime(2025, 12, 20, 9))  # last year
    venue = next(c for c in pairings.fulfilment_for_year(store, pid, 2026, today=TODAY) if c.aspect == "阵地共享")
    for month in (2, 5, 8, 11):
        pairings.log_entry(store, venue.id, happened_on=date(2026, month, 1), what="共享会议室", people=20)
    with pytest.raises(UserError, match="自动计数"):
        pairings.log_entry(store, venue.id + 1, happened_on=date(2026, 5, 1), what="x")
    with pytest.raises(UserError, match="不在协议期限"):
        pairings.log_entry(store, venue.id, happened_on=date(2025, 1, 1), what="x")
    by = {c.aspect: c for c in pairings.fulfilment_for_year(store, pid, 2026, today=TODAY)}
    assert (by["活动共办"].done, by["活动共办"].status) == (3, ON_TRACK)  # 3 of 4 by late November
    assert (by["阵地共享"].done, by["阵地共享"].status) == (4, MET)
    assert by["队伍共育"].status == BEHIND and by["项目共推"].status == ON_TRACK  # 0 of 1: due by year end
    last_year = {c.aspect: c for c in pairings.fulfilment_for_year(store, pid, 2025, today=TODAY)}
    assert last_year["活动共办"].done == 1 and last_year["活动共办"].status == BEHIND
    assert pairings.fulfilment_for_year(store, pid, 2029, today=TODAY)[0].status == NOT_DUE
    reasons = [why for _, why in pairings.needing_attention(store, today=TODAY).items]
    assert reasons == ["本年落后：队伍共育"]


def test_an_activity_on_the_last_day_of_the_term_counts(store):
    pid = agreement(store, customs(store), start=date(2024, 1, 1), years=2)  # ends 2025-12-31
    co_host(store, pid, datetime(2025, 12, 31, 14))
    co_host(store, pid, datetime(2026, 1, 1, 9))  # the day after: not under this agreement's years
    assert next(c for c in pairings.fulfilment_for_year(store, pid, 2025, today=TODAY) if c.aspect == "活动共办").done == 1
    assert pairings.get_pairing(store, pid, today=TODAY).status == "expired"
    assert pairings.needing_attention(store, today=date(2025, 11, 15)).items[0][1] == "将于 2025-12-31 到期"


def test_station_defined_aspects_scans_and_liaison(store, tmp_path):
    from stationdesk.domain.volunteer import VolunteerDraft
    from stationdesk.services import roster

    unit = customs(store)
    pid = agreement(store, unit)
    cid = pairings.add_commitment(store, pid, aspect="工作共管", text="共同开展村务议事协商", target=2)
    pairings.log_entry(store, cid, happened_on=date(2026, 3, 3), what="召开议事会")
    assert [r.aspect for r in pairings.fulfilment_for_year(store, pid, 2026, today=TODAY)][-1] == "工作共管"
    scan = tmp_path / "协议扫描件.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned")
    pairings.attach_scan(store, pid, scan)
    assert pairings.scan_of(store, pid) == ("协议扫描件.pdf", b"%PDF-1.4 scanned")
    with pytest.raises(UserError, match="PDF、JPG 或 PNG"):
        pairings.attach_scan(store, pid, tmp_path / "x.docx")
    vid = roster.add_volunteer(store, VolunteerDraft(name="联络员甲"))
    pairings.set_liaison(store, unit, vid)
    assert pairings.list_units(store)[0].liaison == "联络员甲"
    assert pairings.papers(store, pid, 2026, today=TODAY).liaison == "联络员甲"


def test_every_agreements_fulfilment_at_once_equals_a_count_of_its_own(demo_store):
    """首页 and the statistics read all agreements in three queries: each commitment's count is still
    its own (no evidence of one agreement counted for another), checked against a plain count."""
    from stationdesk.domain.pairing import CO_HOSTED

    today = date.today()
    everyone = pairings.list_pairings(demo_store, today=today)
    assert len(everyone) > 1
    for year in (today.year - 1, today.year):
        batch = pairings.year_fulfilment(demo_store, everyone, year, today=today)
        for p in everyone:
            span = p.term.year_span(year)
            for row in batch[p.id]:
                if not span:
                    assert row.done == 0
                    continue
                first, last = (d.isoformat() for d in span)
                if row.aspect == CO_HOSTED:
                    expected = demo_store.scalar(
                        "SELECT count(*) FROM activity WHERE pairing_id = ? AND status = 'done'"
                        " AND substr(starts_at, 1, 10) BETWEEN ? AND ?", (p.id, first, last))
                else:
                    expected = demo_store.scalar("SELECT count(*) FROM commitment_entry WHERE commitment_id = ?"
                                                 " AND happened_on BETWEEN ? AND ?", (row.id, first, last))
                assert row.done == len(row.evidence) == expected, (p.unit_name, row.aspect, year)
    assert any(row.done for rows in batch.values() for row in rows)


def _attention_from_every_agreements_year(store, today: date) -> pairings.Attention:
    """The oracle: 首页's 结对共建 as it was counted before one query did it — every agreement in force,
    its whole year's fulfilment, and the status rules in Python."""
    from stationdesk.domain.pairing import ENDED, EXPIRED, EXPIRING

    current = [p for p in pairings.list_pairings(store, today=today) if p.status not in (ENDED, EXPIRED)]
    rows = pairings.year_fulfilment(store, current, today.year, today=today, evidence=False)
    items = []
    for p in current:
        if p.status == EXPIRING:
            items.append((p, f"将于 {p.ends_on} 到期"))
        behind = [c.aspect for c in rows[p.id] if c.status == BEHIND]
        if behind:
            items.append((p, "本年落后：" + "、".join(behind)))
    late = len({p.id for p, why in items if why.startswith("本年落后")})
    return pairings.Attention(late, len(items) - late, items)


def test_attention_in_one_query_agrees_with_every_agreements_year_fulfilment(store):
    """首页's to-dos and figures come from one query; on a generated station (agreements on time, behind,
    ended early, expired, not yet started, ending soon; entries and co-hosted activities near the span
    edges) they equal the full computation on every day around every agreement's boundaries."""
    import random

    rng = random.Random(30)
    days = {date(y, m, d) for y in (2024, 2025, 2026, 2027) for m, d in ((1, 1), (2, 28), (6, 30), (12, 31))}
    for n in range(30):
        unit = pairings.add_unit(store, UnitDraft(name=f"结对单位{n}"))
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(3 * 365))
        end = start + timedelta(days=rng.choice((120, 365, 700, 3 * 365)) - 1)
        pid = pairings.create_pairing(store, unit, signed_on=start, starts_on=start, ends_on=end)
        if rng.random() < 0.3:
            pairings.add_commitment(store, pid, aspect="工作共管", text="共同议事", target=rng.randrange(1, 7))
        last = end
        if rng.random() < 0.25:
            last = start + timedelta(days=rng.randrange((end - start).days))
            pairings.end_pairing(store, pid, on=last, reason="单位调整")
        span = (last - start).days
        for cid, aspect in store.execute("SELECT id, aspect FROM commitment WHERE pairing_id = ?", (pid,)).fetchall():
            for _ in range(rng.randrange(4)):
                on = start + timedelta(days=rng.choice((0, span, rng.randrange(span + 1))))
                if aspect == "活动共办":
                    co_host(store, pid, datetime.combine(on, datetime.min.time()).replace(hour=rng.choice((0, 9, 23))),
                            status_done=rng.random() < 0.8)
                else:
                    pairings.log_entry(store, cid, happened_on=on, what="按协议开展")
        for edge in (start, last, end, end - pairings.EXPIRING_WITHIN):
            days |= {edge - timedelta(days=1), edge, edge + timedelta(days=1)}
    seen = set()
    for today in sorted(days):
        expected = _attention_from_every_agreements_year(store, today)
        assert pairings.needing_attention(store, today=today) == expected, today
        assert pairings.needing_attention(store, today=today, limit=3) == pairings.Attention(
            expected.late, expected.ending, expected.items[:3]), today
        listed = pairings.list_pairings(store, today=today)
        on_time = {p.id for p in listed if p.status == "active"} - {p.id for p, _ in expected.items}
        seen |= {why[:2] for _, why in expected.items} | {p.status for p in listed} | ({"on time"} if on_time else set())
    assert seen == {"本年", "将于", "on time", "active", "expiring", "expired", "ended", "not_started"}
