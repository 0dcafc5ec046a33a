"""One use case per printout: gather what the document needs and build it. The CLI and the UI both call
these, so no document is assembled twice. reportlab loads only when something is printed.

Certificates are issued and printed in one transaction: if the PDF cannot be written, the register
entry is rolled back, so "nothing changed" is true whenever printing fails.
"""

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from stationdesk.domain.ids import ActivityId
from stationdesk.domain.roster_filter import NO_FILTER, RosterFilter
from stationdesk.services import activities, attendance, certificates, station
from stationdesk.store.database import per_store


@dataclass(frozen=True)
class Printed:
    pages: int
    count: int = 0  # rows, people or certificates, for the message that follows
    issued: tuple = ()  # certificates.Issued, when the printout issued or reprinted certificates


def _name(store) -> str:
    return station.get_station(store).name


def roster(store, out: str | Path, *, narrow: RosterFilter = NO_FILTER, progress=None) -> Printed:
    """The roster of everyone on it, or of those the filters `narrow` leave (said under the title).
    `progress(done, total)` as it is laid out; what it raises (取消) leaves no file."""
    from stationdesk.reports.roster import build_roster
    from stationdesk.services import roster as roster_service

    rows = roster_service.search(store, "", narrow=narrow)
    return Printed(build_roster(rows, out, station=_name(store), printed_at=datetime.now(), narrowed=narrow.describe(),
                                progress=progress), len(rows))


def cards(store, out: str | Path) -> Printed:
    from stationdesk.reports.cards import build_cards
    from stationdesk.services import roster as roster_service

    rows = roster_service.card_rows(store)
    pages = build_cards(rows, out, station=_name(store), printed_at=datetime.now(), prefix=attendance.CARD_PREFIX)
    return Printed(pages, len(rows))


def signin(store, activity_id: int, out: str | Path, *, blank_rows: int = 10, beneficiaries: bool = False,
           landscape_page: bool = False) -> Printed:
    from stationdesk.reports.signin import build_signin_sheet

    rows = attendance.sheet_rows(store, activity_id)
    pages = build_signin_sheet(activities.get_activity(store, activity_id), rows, out, station=_name(store),
                               printed_at=datetime.now(), blank_rows=blank_rows, beneficiaries=beneficiaries,
                               landscape_page=landscape_page)
    return Printed(pages, len(rows))


def record(store, activity_id: int, out: str | Path) -> Printed:
    from stationdesk.reports.record import build_activity_record
    from stationdesk.services import photos

    shots = photos.photos(store, activity_id)
    pages = build_activity_record(activities.get_activity(store, activity_id), activities.get_draft(store, activity_id),
                                  shots, out, station=_name(store), printed_at=datetime.now(),
                                  corrections=[c.cells() for c in attendance.corrections(store, activity_id)])
    return Printed(pages, len(shots))


def service_record(store, volunteer_id: int, start: date, end: date, out: str | Path) -> Printed:
    """Issue a 志愿服务记录证明 and print it; registered only if the PDF was written."""
    from stationdesk.reports.certificates import build_service_record

    with store.write():
        issued = certificates.issue_service_record(store, volunteer_id, start, end)
        pages = build_service_record(issued, out)
    return Printed(pages, 1, (issued,))


def profile(store, volunteer_id: int, out: str | Path) -> Printed:
    """个人志愿服务档案: a volunteer's record on paper (nothing is issued or registered)."""
    from stationdesk.domain.amounts import points_text
    from stationdesk.domain.masking import mask_id_number, mask_phone
    from stationdesk.reports.profile import build_profile
    from stationdesk.services import points, roster

    v = roster.get_volunteer(store, volunteer_id)
    d = v.draft
    details = [("姓名", d.name), ("性别", d.gender), ("出生日期", str(d.birth_date or "")),
               ("身份证号码", mask_id_number(d.id_number)), ("联系电话", mask_phone(d.phone)),
               ("村民小组", d.village_group), ("政治面貌", d.political_status), ("所属队伍", "、".join(v.teams)),
               ("技能特长", d.skills), ("加入日期", str(d.joined_on or "")),
               ("状态", "在册" if v.status == "active" else "已归档"), ("志愿者编号", d.national_code)]
    served = [(str(day)[:10], title, category, hours) for day, title, category, hours in store.execute(
        "SELECT a.starts_at, a.title, a.category, p.hours FROM participation p JOIN activity a ON a.id = p.activity_id"
        " WHERE p.volunteer_id = ? AND p.attended = 1 AND a.status = 'done' ORDER BY a.starts_at, a.id", (volunteer_id,))]
    honours = [(str(year), title, level, by) for year, title, level, by in store.execute(
        "SELECT year, title, level, conferred_by FROM honor WHERE volunteer_id = ? ORDER BY year, title",
        (volunteer_id,))]
    issued = [(serial, certificates.KIND_LABELS.get(kind, kind), str(on), "已作废" if voided else "有效")
              for serial, kind, on, voided in store.execute(
                  "SELECT serial, kind, issued_on, voided_at IS NOT NULL FROM certificate WHERE volunteer_id = ?"
                  " ORDER BY issued_on, serial", (volunteer_id,))]
    account = next(iter(points.accounts_for(store, [volunteer_id])), None)
    earned, spent, balance = (account.earned, account.spent, account.balance) if account else (0, 0, 0)
    totals = (points_text(earned), points_text(spent), points_text(balance))
    fixed = [[f"{c.at:%Y-%m-%d %H:%M}", c.actor, f"{c.activity_day} {c.activity}", f"{c.old_hours:g}", f"{c.new_hours:g}",
              c.reason] for c in attendance.volunteer_corrections(store, volunteer_id)]
    pages = build_profile(details, served, honours, issued, totals, out, station=_name(store), printed_at=datetime.now(),
                          kept=_kept_records(store, volunteer_id), corrections=fixed)
    return Printed(pages, len(served))


def safety_check(store, activity_id: ActivityId, out: str | Path) -> Printed:
    """活动安全核查表: each signed-up volunteer's standing on the activity's day, and what is missing."""
    from stationdesk.reports.safety_check import build_safety_check
    from stationdesk.services import people

    a = activities.get_activity(store, activity_id)
    rules, lines, missing = people.activity_roll(store, activity_id)
    wanted = [w for w, on in (("有风险，须当天有效的意外保险", rules.risky),
                              (f"须持有效的“{rules.needs_qualification}”", bool(rules.needs_qualification))) if on]
    rows = [[str(n), r.name, "" if r.age is None else str(r.age), f"{r.trainings} 次" if r.trainings else "无",
             r.insured or "无", r.consent or "未登记", r.qualified] for n, r in enumerate(lines, start=1)]
    pages = build_safety_check(a.title, f"{a.starts_at:%Y-%m-%d %H:%M}", "；".join(wanted) or "无特别要求（未满18岁须监护人同意）",
                               rows, missing, out, station=_name(store), printed_at=datetime.now())
    return Printed(pages, len(lines))


def _kept_records(store, volunteer_id: int) -> list[tuple[str, list[str], list[list[str]], list[float]]]:
    """The 条例's records of one volunteer as the profile's tables."""
    from stationdesk.domain.amounts import figure
    from stationdesk.services import people

    r = people.records(store, volunteer_id)
    consent = ([[r.consent.guardian, r.consent.relation, str(r.consent.given_on)]] if r.consent else [])
    return [
        ("培训", ["日期", "培训内容", "学时", "授课人"],
         [[str(t.held_on), t.subject, figure(t.hours), t.trainer] for t in reversed(r.trainings)], [24, 86, 20, 40]),
        ("资质", ["资质", "证书编号", "发证机构", "有效期至"],
         [[q.kind, q.number, q.issued_by, str(q.valid_until or "长期")] for q in r.qualifications], [40, 44, 56, 30]),
        ("意外保险", ["保险公司", "保单号", "保险期间", "所属活动"],
         [[i.insurer, i.policy, f"{i.starts_on}至{i.ends_on}", i.activity] for i in r.insurances], [36, 40, 50, 44]),
        ("监护人同意（未成年人）", ["监护人", "关系", "同意日期"], consent, [60, 50, 60]),
        ("评价", ["年度", "活动", "评价", "评语"],
         [[str(e.year), e.activity, "★" * e.rating, e.comment] for e in r.evaluations], [18, 60, 30, 62]),
    ]


def honors(store, volunteer_ids: list[int], out: str | Path, *, year: int, title: str, border: bool = True,
           progress=None) -> Printed:
    """Issue a batch of 荣誉证书 and print them; registered only if the PDF was written (one transaction:
    a failure or 取消 — `progress(done, total)` raising — leaves neither register entries nor a file)."""
    from stationdesk.reports.certificates import build_honors

    with store.write():
        batch = certificates.issue_honors(store, volunteer_ids, year=year, title=title, border=border,
                                          progress=_share(progress, 0, 20))
        pages = build_honors(_Reporting(batch, _share(progress, 20, 80)), out)
    return Printed(pages, len(batch), tuple(batch))


def _share(progress, start: int, span: int):
    """`progress` for one phase of a job: its (done, total) mapped into start…start+span of 100."""
    if progress is None:
        return None
    return lambda done, total: progress(start + span * done // max(total, 1), 100)


class _Reporting(list):
    """A batch that reports `progress(done, total)` as a builder walks through it (every tenth item)."""

    def __init__(self, items, progress):
        super().__init__(items)
        self.progress = progress

    def __iter__(self):
        for done, item in enumerate(super().__iter__()):
            if self.progress and done % 10 == 0:
                self.progress(done, len(self))
            yield item


def reprint(store, serial: str, out: str | Path) -> Printed:
    """The certificate as it was issued, marked 补打 with its original date (voided ones marked 作废 too);
    logged in the same transaction that writes the PDF, so a failed print logs nothing."""
    from stationdesk.reports.certificates import build_honors, build_service_record

    with store.write():
        issued = certificates.reprinted(store, serial)
        build = build_service_record if issued.kind == certificates.SERVICE_RECORD else (
            lambda one, target: build_honors([one], target))
        pages = build(issued, out)
    return Printed(pages, 1, (issued,))


def public_list(store, start: date, end: date, out: str | Path) -> Printed:
    from stationdesk.reports.certificates import build_public_list

    rows = certificates.public_list(store, start, end)
    pages = build_public_list(rows, out, station=_name(store), start=start, end=end, printed_at=datetime.now())
    return Printed(pages, len(rows))


def stats_report(store, period, out: str | Path, *, computed=None) -> Printed:
    """`computed`: the statistics already on screen, when the caller has them."""
    from stationdesk.reports.stats_report import build_stats_report
    from stationdesk.services import stats

    s = computed or stats.compute(store, period)
    return Printed(build_stats_report(s, out, station=_name(store), printed_at=datetime.now()))


def ledger(store, year: int, out: str | Path, *, sections, progress=None) -> Printed:
    from stationdesk.reports.ledger import build_ledger
    from stationdesk.services.ledger import gather

    data = gather(store, year)
    pages = build_ledger(data, out, sections=sections, printed_at=datetime.now(), progress=progress)
    return Printed(pages, len(data.activities))


PAIRING_PAPERS = ("agreement", "pairing-report", "thanks")


def pairing_paper(store, kind: str, pairing_id: int, year: int, out: str | Path) -> Printed:
    """`kind`: agreement (协议书), pairing-report (年度工作情况) or thanks (感谢信)."""
    from stationdesk.reports import pairing_docs
    from stationdesk.services import pairings

    paper = pairings.papers(store, pairing_id, year)
    info = station.get_station(store)
    now = datetime.now()
    if kind == "agreement":
        pages = pairing_docs.build_agreement(paper.pairing, paper.unit, paper.rows, info, paper.liaison, out,
                                             printed_at=now)
    elif kind == "pairing-report":
        pages = pairing_docs.build_pairing_report(paper.pairing, paper.unit.name, year, paper.rows, info.name, out,
                                                  printed_at=now)
    else:
        pages = pairing_docs.build_thanks_letter(paper.unit.name, info.name, year, paper.rows, out, printed_at=now)
    return Printed(pages)


def request_slip(store, request_id: int, out: str | Path) -> Printed:
    from stationdesk.reports.practice_docs import build_request_slip
    from stationdesk.services import requests

    return Printed(build_request_slip(requests.get_request(store, request_id), _name(store), out,
                                      printed_at=datetime.now()))


def request_list(store, start: date | None, end_exclusive: date | None, title: str, out: str | Path, *,
                 state: str | None = None) -> Printed:
    from stationdesk.reports.practice_docs import build_request_list
    from stationdesk.services import requests

    rows = requests.list_requests(store, state=state, start=start, end_exclusive=end_exclusive)
    return Printed(build_request_list(rows, title, _name(store), out, printed_at=datetime.now()), len(rows))


def receipt(store, redemption_id: int, out: str | Path) -> Printed:
    from stationdesk.reports.practice_docs import build_receipt
    from stationdesk.services import points

    return Printed(build_receipt(points.receipt(store, redemption_id), _name(store), out, printed_at=datetime.now()))


def fund_statement(store, year: int, out: str | Path) -> Printed:
    from stationdesk.reports.practice_docs import build_fund_statement
    from stationdesk.services import funds

    entries = funds.entries(store, year)
    return Printed(build_fund_statement(year, funds.balances(store, year), entries, _name(store), out,
                                        printed_at=datetime.now()), len(entries))


def assessment(store, year: int, out: str | Path, *, today: date | None = None) -> Printed:
    """The 自评表 of `year` against the sheet the station keeps (services.assessment's score)."""
    from stationdesk.reports.assessment import build_assessment
    from stationdesk.services import assessment as assessing

    result = assessing.score(store, year, today=today)
    return Printed(build_assessment(result, out, station=_name(store), printed_at=datetime.now()), len(result.items()))


per_store(globals())  # model queries run on the store each function is given
