import subprocess
from datetime import date, datetime, timedelta

import pytest

from stationdesk.domain.activity import ActivityDraft
from stationdesk.reports.pairing_docs import build_agreement, build_pairing_report, build_thanks_letter
from stationdesk.services import activities, pairings, station
from stationdesk.services.pairings import UnitDraft

NOW = datetime(2026, 11, 23, 10)


def flat(pdf) -> str:
    return "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())


@pytest.fixture
def paired(store):
    station.save_station(store, station.StationInfo(name="青山村新时代文明实践站"))
    unit = pairings.add_unit(store, UnitDraft(name="青山海关", contact_person="王科长"))
    pid = pairings.create_pairing(store, unit, signed_on=date(2025, 6, 20), starts_on=date(2025, 7, 1),
                                  ends_on=date(2028, 6, 30), unit_signatory="李关长", station_signatory="陈建国")
    start = datetime(2026, 5, 5, 9)
    aid = activities.create_activity(store, ActivityDraft(title="关地共建·禁毒宣传", starts_at=start,
                                                          ends_at=start + timedelta(hours=2), pairing_id=pid))
    activities.set_status(store, aid, "done")
    return store, pid


def test_agreement_names_both_parties_term_commitments_and_signatures(paired, tmp_path):
    store, pid = paired
    paper = pairings.papers(store, pid, 2026, today=NOW.date())
    out = tmp_path / "agreement.pdf"
    build_agreement(paper.pairing, paper.unit, paper.rows, station.get_station(store), paper.liaison, out, printed_at=NOW)
    text = flat(out)
    for needle in ("结对共建协议书", "甲方：青山海关", "乙方：青山村新时代文明实践站", "2025年7月1日起至2028年6月30日止",
                   "阵地共享", "活动共办", "队伍共育", "项目共推", "每年不少于4次", "甲方联络人：王科长", "李关长", "陈建国",
                   "（盖章）", "2025年6月20日"):
        assert needle in text, needle


def test_yearly_report_and_thank_you_letter(paired, tmp_path):
    store, pid = paired
    paper = pairings.papers(store, pid, 2026, today=NOW.date())
    report = tmp_path / "report.pdf"
    build_pairing_report(paper.pairing, paper.unit.name, 2026, paper.rows, "青山村新时代文明实践站", report, printed_at=NOW)
    text = flat(report)
    assert "2026年度结对共建工作情况" in text and "关地共建·禁毒宣传" in text and "2026-05-05" in text
    assert "落后" in text and "负责人签字" in text
    letter = tmp_path / "thanks.pdf"
    assert build_thanks_letter("青山海关", "青山村新时代文明实践站", 2026, paper.rows, letter, printed_at=NOW) == 1
    text = flat(letter)
    assert "感谢信" in text and "青山海关：" in text and "活动共办1次" in text and "2026年11月23日" in text
