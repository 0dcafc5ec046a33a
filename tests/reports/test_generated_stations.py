"""Issue 28's last check: every document printed from generated stations (hypothesis), built through the
production services on a real SQLite copy — names from the common and the rare CJK blocks (Extension A,
B–H, I) and Latin ones, short and long titles, places and content, none to a few activities, attendance,
a proof, honours and a pairing. For each paper: it builds (or refuses in Chinese), every font is embedded,
every name comes back exactly or as reports.fonts.as_printed shows it, and no word leaves the page frame."""

import re
import shutil
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stationdesk.domain.activity import ActivityDraft
from stationdesk.errors import UserError
from stationdesk.reports.fonts import as_printed
from stationdesk.services import activities, attendance, documents, pairings, roster, station
from stationdesk.services.attendance import Mark
from stationdesk.services.stats import period_of
from stationdesk.store import open_database
from tests.reports.test_every_printout import embedded_fonts, outside, raw_text, word_boxes

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
RARE = st.one_of(
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DB5),  # Extension A
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6D6),  # Extension B
    st.sampled_from([chr(c) for c in (0x2A700, 0x2B740, 0x2B820, 0x2CEB0, 0x30000, 0x31350, 0xF900, 0x2F800)]),
    st.characters(min_codepoint=0x2EBF0, max_codepoint=0x2EE5D),  # Extension I: printed as □
)
CJK_NAMES = st.lists(st.one_of(HAN, HAN, HAN, RARE), min_size=1, max_size=8).map("".join)
MINORITY_NAMES = st.tuples(CJK_NAMES, CJK_NAMES).map("·".join)
LATIN_NAMES = st.lists(st.sampled_from(["Anna", "O'Connor-Smith", "Jean-Luc", "Müller", "Li", "Patrick"]),
                       min_size=1, max_size=3).map(" ".join)
NAMES = st.one_of(CJK_NAMES, CJK_NAMES, MINORITY_NAMES, LATIN_NAMES).map(lambda name: name[:30].strip(" ·-")).filter(bool)  # 30: the form's limit
WORDS = st.sampled_from(["文明实践", "志愿服务", "移风易俗", "“我们的节日”", "，", "。", "2 小时", "O'Connor-Smith",
                         "A&B <b>", "（第三网格）", "300份", "\n", "2026年1月1日", "敬老"])
TITLES = st.one_of(st.lists(WORDS, min_size=1, max_size=3), st.lists(WORDS, min_size=10, max_size=20)).map(
    lambda parts: "".join("".join(parts).split()) or "活动")
PLACES = st.one_of(st.just(""), TITLES)
CONTENT = st.one_of(st.just(""), st.lists(WORDS, min_size=1, max_size=120).map("".join))
HAS_CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def empty_station(tmp_path_factory):
    path = tmp_path_factory.mktemp("generated") / "empty.sqlite3"
    with open_database(path) as store:
        station.save_station(store, station.StationInfo(name="某某村新时代文明实践站", manager="陈建国"))
    return path


def stations():
    return st.fixed_dictionaries({
        "names": st.lists(NAMES, min_size=1, max_size=5),
        "activities": st.lists(st.fixed_dictionaries({"title": TITLES, "place": PLACES, "content": CONTENT,
                                                      "present": st.lists(st.booleans(), min_size=5, max_size=5)}),
                               max_size=3),
        "unit": TITLES,
    })


def build_station(store, shape: dict) -> dict:
    """The generated station through the services, as the UI and the CLI write it."""
    people = [roster.add_volunteer(store, roster.VolunteerDraft(name=name)) for name in shape["names"]]
    first_day = datetime.now().replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=2)
    year = first_day.year
    held = []
    for n, spec in enumerate(shape["activities"]):
        start = max(first_day - timedelta(days=n), datetime(year, 1, 1, 9))
        aid = activities.create_activity(store, ActivityDraft(
            title=spec["title"], category="文化服务", place=spec["place"], content=spec["content"],
            summary=spec["content"][::-1], starts_at=start, ends_at=start + timedelta(hours=2)))
        attendance.sign_up(store, aid, people)
        attendance.record_attendance(store, aid, [Mark(v, p) for v, p in zip(people, spec["present"], strict=False)])
        held.append(aid)
    unit = pairings.add_unit(store, pairings.UnitDraft(name=shape["unit"][:60], contact_person=shape["names"][0]))
    pid = pairings.create_pairing(store, unit, signed_on=date(year, 1, 1), starts_on=date(year, 1, 1),
                                  ends_on=date(year + 1, 12, 31), unit_signatory=shape["names"][0],
                                  station_signatory=shape["names"][-1])
    return {"people": people, "activities": held, "pid": pid, "year": year}


def papers(store, ids: dict) -> dict:
    """Every document the station prints, with the names each must show."""
    people, year = ids["people"], ids["year"]
    first = people[0]
    jobs = {
        "roster": (lambda p: documents.roster(store, p), people),
        "cards": (lambda p: documents.cards(store, p), people),
        "profile": (lambda p: documents.profile(store, first, p), [first]),
        "service_record": (lambda p: documents.service_record(store, first, date(year, 1, 1), date(year, 12, 31), p),
                           [first]),
        "honors": (lambda p: documents.honors(store, people, p, year=year, title="优秀志愿者"), people),
        "public_list": (lambda p: documents.public_list(store, date(year, 1, 1), date(year, 12, 31), p), []),
        "stats": (lambda p: documents.stats_report(store, period_of(year, None), p), []),
        "ledger": (lambda p: documents.ledger(store, year, p, sections=(
            "profile", "roster", "activities", "pairings", "certificates", "practices", "stats")), people),
        "agreement": (lambda p: documents.pairing_paper(store, "agreement", ids["pid"], year, p), [first]),
        "pairing_report": (lambda p: documents.pairing_paper(store, "pairing-report", ids["pid"], year, p), []),
        "thanks": (lambda p: documents.pairing_paper(store, "thanks", ids["pid"], year, p), []),
        "requests": (lambda p: documents.request_list(store, date(year, 1, 1), date(year + 1, 1, 1), "点单清单", p), []),
        "funds": (lambda p: documents.fund_statement(store, year, p), []),
    }
    if ids["activities"]:
        aid = ids["activities"][0]
        jobs |= {
            "signin": (lambda p: documents.signin(store, aid, p), people),
            "signin_landscape": (lambda p: documents.signin(store, aid, p, landscape_page=True), people),
            "beneficiaries": (lambda p: documents.signin(store, aid, p, beneficiaries=True), []),
            "record": (lambda p: documents.record(store, aid, p), []),
            "safety": (lambda p: documents.safety_check(store, aid, p), people),
        }
    return jobs


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow, HealthCheck.data_too_large])
@given(shape=stations())
def test_every_document_of_a_generated_station_prints(empty_station, tmp_path_factory, shape):
    folder = tmp_path_factory.mktemp("station")
    db = folder / "station.sqlite3"
    shutil.copy(empty_station, db)
    with open_database(db) as store:
        ids = build_station(store, shape)
        saved = {vid: roster.get_volunteer(store, vid).draft.name for vid in ids["people"]}
        built = 0
        for kind, (job, shown) in papers(store, ids).items():
            pdf = folder / f"{kind}.pdf"
            try:
                job(pdf)
            except UserError as refusal:  # a refusal is fine if it is the operator's language
                words = str(refusal)
                for name in saved.values():
                    words = words.replace(name, "")
                assert HAS_CJK.search(words) and not re.search(r"[A-Za-z]{4,}", words), f"{kind}: refused with {refusal}"
                continue
            built += 1
            assert embedded_fonts(pdf) == {"yes"}, f"{kind}: a font is not embedded"
            for number, page in enumerate(word_boxes(pdf), start=1):
                assert not outside(kind, page), f"{kind} p{number}: text leaves its frame: {outside(kind, page)[:3]}"
            text = raw_text(pdf)
            for vid in shown:
                printed = "".join(as_printed(saved[vid]).split())
                assert printed in text, f"{kind}: the name {saved[vid]!r} did not come back as {printed!r}"
        assert built >= 10
