"""What a careful reader of the rendered pages found wrong (issue 28's last look), each kept fixed:
ideographic spaces collapsed to a hair space, dates printed as 12月07日, a 签到表 ending in a page of
six blank rows with room for fifteen more."""

import re
import shutil
from datetime import date, datetime, timedelta

import pytest
from reportlab.lib.units import mm

from stationdesk.domain.activity import ActivityDraft
from stationdesk.domain.dates import chinese_date
from stationdesk.reports.layout import BODY, PageInfo, build_pdf
from stationdesk.reports.linebreak import Paragraph
from stationdesk.services import activities, attendance, documents, roster, station
from stationdesk.services.attendance import Mark
from stationdesk.store import open_database
from tests.reports.test_every_printout import raw_text, word_boxes, words_of

PADDED = re.compile(r"年0\d月|月0\d日|^0\d月")


@pytest.fixture(scope="module")
def signed_station(tmp_path_factory):
    """34 people signed up for one activity last year (always past: attendance is recorded)."""
    path = tmp_path_factory.mktemp("review") / "station.sqlite3"
    with open_database(path) as store:
        station.save_station(store, station.StationInfo(name="某某村新时代文明实践站", manager="陈建国"))
        people = [roster.add_volunteer(store, roster.VolunteerDraft(name="王李张刘陈杨"[n % 6] + "一二三四五六七八九十"[n // 6] + "明"))
              for n in range(34)]
        start = datetime(date.today().year - 1, 3, 5, 9)
        aid = activities.create_activity(store, ActivityDraft(title="敬老助残", category="关爱帮扶", place="村委会",
                                                              starts_at=start, ends_at=start + timedelta(hours=2)))
        attendance.sign_up(store, aid, people)
        attendance.record_attendance(store, aid, [Mark(v, True) for v in people])
    return path, aid, people


def test_ideographic_spaces_keep_their_width(tmp_path):
    """“证明编号：…　校验码”, “制表人：____　　审核人”: each 　 is an em, not reportlab's collapsed space."""
    pdf = tmp_path / "spaces.pdf"
    build_pdf(pdf, PageInfo("测试", "站", datetime(2026, 1, 1)), [Paragraph("甲：1　　乙：2　丙", BODY)])
    words = sorted((w for w in words_of(next(word_boxes(pdf))) if w[4][:1] in "甲乙丙"), key=lambda w: w[0])
    assert [w[4] for w in words] == ["甲：1", "乙：2", "丙"]
    assert words[1][0] - words[0][2] >= 2 * BODY.fontSize - 0.5
    assert BODY.fontSize - 0.5 <= words[2][0] - words[1][2] <= BODY.fontSize + 0.5
    assert Paragraph("甲　乙", BODY).getPlainText() == "甲　乙"


def test_chinese_dates_are_not_zero_padded(signed_station, tmp_path):
    path, aid, people = signed_station
    db = tmp_path / "station.sqlite3"
    shutil.copy(path, db)
    today = chinese_date(date.today())
    with open_database(db) as store:
        for kind, job, shows in (
                ("signin", lambda p: documents.signin(store, aid, p), "年3月5日"),
                ("record", lambda p: documents.record(store, aid, p), "年3月5日"),
                ("profile", lambda p: documents.profile(store, people[0], p), f"截至{today}"),
                ("roster", lambda p: documents.roster(store, p), f"截至{today}"),
                ("ledger", lambda p: documents.ledger(store, date.today().year - 1, p,
                                                      sections=("activities",)), "3月5日敬老助残")):
            job(tmp_path / f"{kind}.pdf")
            text = raw_text(tmp_path / f"{kind}.pdf")
            assert shows in text, f"{kind}: {shows} not printed"
            assert not PADDED.search(text), f"{kind}: a zero-padded Chinese date: {PADDED.search(text)}"


@pytest.mark.parametrize("variant", [{}, {"landscape_page": True}, {"beneficiaries": True}])
def test_the_signin_sheets_blank_rows_run_to_the_last_pages_foot(signed_station, tmp_path, variant):
    """At least the blank rows asked for, and as many more as the last page holds: one more would need a
    new page. None when none are asked for."""
    path, aid, _ = signed_station
    signed = 0 if variant.get("beneficiaries") else 34
    with open_database(path) as store:
        printed = documents.signin(store, aid, tmp_path / "sheet.pdf", **variant)
        last_page = list(word_boxes(tmp_path / "sheet.pdf"))[-1]
        numbers = [int(w[4]) for w in words_of(last_page) if w[4].isdigit() and w[0] < 25 * mm]
        blank = max(numbers) - signed
        assert blank >= 10
        more = documents.signin(store, aid, tmp_path / "more.pdf", blank_rows=blank + 1, **variant)
        assert more.pages == printed.pages + 1, f"the last page had room for more than {blank} blank rows"
        if not variant.get("beneficiaries"):
            documents.signin(store, aid, tmp_path / "none.pdf", blank_rows=0, **variant)
            pages = list(word_boxes(tmp_path / "none.pdf"))
            assert max(int(w[4]) for page in pages for w in words_of(page) if w[4].isdigit() and w[0] < 25 * mm) == signed
