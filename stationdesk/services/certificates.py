"""Certificates: the 志愿服务记录证明 (民发〔2015〕149号) and 荣誉证书, a register whose serials are never
reused, reprints that are the same document marked 补打 (and logged), voiding that keeps the record, and
verification by QR that says what the paper must show."""

import base64
import hashlib
import hmac
import json
import math
import secrets
import unicodedata
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from typing import TypedDict

from stationdesk.domain.amounts import figure
from stationdesk.domain.dates import chinese_date
from stationdesk.domain.masking import mask_id_number
from stationdesk.errors import UserError
from stationdesk.services import audit, station
from stationdesk.store.database import per_store
from stationdesk.store.models import Certificate, Setting

SERVICE_RECORD, HONOR = "service_record", "honor"
KIND_LABELS = {SERVICE_RECORD: "志愿服务记录证明", HONOR: "荣誉证书"}
QR_PREFIX = "SDC:"
SETTINGS_KEY, SECRET_KEY, TEMPLATE_KEY = "certificate_settings", "certificate_secret", "honor_template"
SERIES_KEY = "certificate_series"
SERIES_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: serials are typed back from paper
NO_ID_TYPE = "无（未登记证件）"


@dataclass(frozen=True)
class Issuer:
    """出具主体 and the people on the certificate (settings, defaulting to the station's particulars)."""

    name: str = ""
    manager: str = ""
    handler: str = ""
    contact: str = ""
    prefix: str = "SD"
    full_id_on_certificate: bool = True  # the volunteer's own proof carries the full number (a setting)


@dataclass(frozen=True)
class HonorTemplate:
    """The 荣誉证书 wording ({name}, {year} and {title} are filled in) and, for pre-printed certificate
    paper, how far to move the text (mm, right and up) so it lands in the printed boxes."""

    lines: tuple[str, ...] = ("在{year}年度志愿服务工作中表现突出，", "被评为“{title}”。", "特发此证，以资鼓励。")
    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0


@dataclass(frozen=True)
class Issued:
    serial: str
    check_code: str
    kind: str
    content: dict
    voided: bool
    void_reason: str
    voided_on: str = ""
    reprint: bool = False  # printed again from the register: the paper says 补打 and the original date
    qr_text: str = ""  # what the QR holds (qr_text()): the serial, its code, and what it certifies, keyed


@dataclass(frozen=True)
class Verdict:
    status: str  # valid | voided | needs_code | forged | unknown | unregistered (genuine QR, record not held)
    serial: str
    message: str
    name: str = ""  # the holder's name as printed on the paper
    kind: str = ""
    issued_on: str = ""
    period: tuple[str, str] | None = None  # a 志愿服务记录证明's period (ISO dates)
    hours: float | None = None  # … and its hours
    year: int | None = None  # a 荣誉证书's year …
    title: str = ""  # … and title
    check: str = ""  # what to compare on the paper, when the register vouches for it


def issuer(store) -> Issuer:
    row = Setting.get_or_none(Setting.key == SETTINGS_KEY)
    if row:
        return Issuer(**json.loads(row.value))
    info = station.get_station(store)
    return Issuer(name=info.name, manager=info.manager, contact=info.phone)


def _issuing(store) -> Issuer:
    """The issuer as printed: the 经办人 is the settings' name, else the person at the keyboard."""
    iss = issuer(store)
    return iss if iss.handler else replace(iss, handler=audit.operator())


def save_issuer(store, value: Issuer) -> None:
    if not value.name.strip():
        raise UserError("出具单位名称不能为空")
    if not value.prefix.isascii() or not value.prefix.isalnum() or len(value.prefix) > 8:
        raise UserError("证书编号前缀只能是 1–8 个英文字母或数字")
    with store.write():
        Setting.replace(key=SETTINGS_KEY, value=json.dumps(asdict(value), ensure_ascii=False)).execute()
        audit.record("set_issuer", "setting", None, name=value.name)


def honor_template(store) -> HonorTemplate:
    row = Setting.get_or_none(Setting.key == TEMPLATE_KEY)
    if row is None:
        return HonorTemplate()
    saved = json.loads(row.value)
    return HonorTemplate(tuple(saved["lines"]), saved["offset_x_mm"], saved["offset_y_mm"])


def save_honor_template(store, template: HonorTemplate) -> None:
    lines = tuple(line.strip() for line in template.lines if line.strip())
    if not lines:
        raise UserError("证书正文不能为空。")
    try:
        for line in lines:
            line.format(name="张三", year=2026, title="优秀志愿者")
    except (KeyError, IndexError, ValueError):
        raise UserError("正文中只能使用 {name}（姓名）、{year}（年度）、{title}（称号）这三个字段。") from None
    if not all(-50 <= v <= 50 for v in (template.offset_x_mm, template.offset_y_mm)):
        raise UserError("位置微调应在 ±50 毫米之内。")
    value = {"lines": list(lines), "offset_x_mm": template.offset_x_mm, "offset_y_mm": template.offset_y_mm}
    with store.write():
        Setting.replace(key=TEMPLATE_KEY, value=json.dumps(value, ensure_ascii=False)).execute()
        audit.record("set_template", "setting", None)


def _secret(store) -> bytes:
    """A per-database key for check codes: a forged serial cannot carry a matching code."""
    row = Setting.get_or_none(Setting.key == SECRET_KEY)
    if row is None:
        with store.write():
            Setting.replace(key=SECRET_KEY, value=secrets.token_hex(16)).execute()
        row = Setting.get(Setting.key == SECRET_KEY)
    return bytes.fromhex(row.value)


def ensure_key(store) -> None:
    """Make the check-code key now if there is none, so every backup holds it: a paper issued after a
    backup that is later restored still verifies by its QR only if the restored file has the key."""
    _secret(store)


def check_code(store, content_text: str) -> str:
    """A keyed MAC over the whole stored content — serial, holder and ID, period, hours, issue date — so a
    genuine QR vouches only for what it certified: not for another holder of a reused serial (after an
    older backup was restored), nor for hours edited in the file with a recomputed digest."""
    return hmac.new(_secret(store), content_text.encode(), hashlib.sha256).hexdigest()[:10].upper()


def _vouched(serial: str, kind: str, content: dict) -> list[str]:
    """What the paper certifies, as its QR carries it: serial, kind, holder, issue date, and the period and
    hours of a proof or the year and title of an honour."""
    what = [serial, kind, content["person"]["name"], str(content["issued_on"])]
    if kind == SERVICE_RECORD:
        return [*what, *map(str, content["period"]), figure(content["hours"])]
    return [*what, str(content["year"]), content["title"]]


def qr_text(store, serial: str, code: str, kind: str, content: dict) -> str:
    """SDC:serial:code:particulars:mac — the particulars (base32 of `_vouched`) under their own keyed MAC,
    so a paper whose record the register no longer holds (issued after the backup a station restored)
    still proves what it certified, instead of looking forged. Upper case throughout: a QR's
    alphanumeric mode, and a scanner that shifts case changes nothing."""
    particulars = base64.b32encode(_SEPARATOR.join(_vouched(serial, kind, content)).encode()).decode().rstrip("=")
    return f"{QR_PREFIX}{serial}:{code}:{particulars}:{_particulars_code(store, particulars)}"


_SEPARATOR = "\x1f"  # the unit separator: no name, title or date holds it


def _particulars_code(store, particulars: str) -> str:
    return hmac.new(_secret(store), f"qr|{particulars}".encode(), hashlib.sha256).hexdigest()[:10].upper()


def _legacy_code(store, serial: str) -> str:
    """Certificates issued before the code covered the content (6 characters, over the serial only)."""
    return hmac.new(_secret(store), serial.encode(), hashlib.sha256).hexdigest()[:6].upper()


def start_new_series(store) -> str:
    """After a restore, serials issued since the backup exist on paper but not in the register: new ones
    carry a random series (32³ = 32,768 of them) so none is issued again to someone else. Call inside a
    write."""
    series = "".join(secrets.choice(SERIES_ALPHABET) for _ in range(3))
    Setting.replace(key=SERIES_KEY, value=series).execute()
    return series


def _serial(store, prefix: str, year: int, sequence: int) -> str:
    series = store.scalar("SELECT value FROM setting WHERE key = ?", (SERIES_KEY,)) or ""
    return f"{prefix}-{year}-{series}{sequence:04d}"


def _service_rows(store, volunteer_id: int, start: date, end: date) -> list[tuple[str, str, str, float]]:
    return store.execute(
        "SELECT substr(a.starts_at, 1, 10), a.title, a.category, p.hours FROM participation p"
        " JOIN activity a ON a.id = p.activity_id WHERE p.volunteer_id = ? AND p.attended = 1 AND p.hours > 0"
        " AND a.status = 'done'"
        " AND a.starts_at >= ? AND a.starts_at < ? ORDER BY a.starts_at",
        (volunteer_id, start.isoformat(), date.fromordinal(end.toordinal() + 1).isoformat())).fetchall()


def _issue(store, kind: str, volunteer_id: int, content: dict, *, title: str = "", period=(None, None),
           hours: float = 0.0, on: date) -> Issued:
    prefix = content["issuer"]["prefix"]
    with store.write():  # BEGIN IMMEDIATE: two issuers cannot take the same sequence
        sequence = (store.scalar("SELECT max(sequence) FROM certificate WHERE year = ?", (on.year,)) or 0) + 1
        serial = _serial(store, prefix, on.year, sequence)
        content = {**content, "serial": serial}
        text = json.dumps(content, ensure_ascii=False, sort_keys=True)
        code = check_code(store, text)
        Certificate.insert(serial=serial, kind=kind, volunteer=volunteer_id, year=on.year, sequence=sequence,
                           title=title, period_from=period[0], period_to=period[1], hours=hours, content=text,
                           digest=hashlib.sha256(text.encode()).hexdigest(), check_code=code, issued_on=on,
                           created_at=datetime.now()).execute()
        audit.record("issue", "certificate", None, serial=serial, kind=kind, volunteer_id=volunteer_id)
    return Issued(serial, code, kind, content, False, "", qr_text=qr_text(store, serial, code, kind, content))


def _person(store, volunteer_id: int, iss: Issuer) -> dict:
    row = store.execute("SELECT name, id_number, national_code FROM volunteer WHERE id = ?", (volunteer_id,)).fetchone()
    if row is None:
        raise UserError(f"找不到编号为 {volunteer_id} 的志愿者。")
    name, number, code = row
    shown = (number if iss.full_id_on_certificate else mask_id_number(number)) if number else ""
    return {"name": name, "id_type": "居民身份证" if number else NO_ID_TYPE, "id_number": shown,
            "national_code": code or ""}


def proof_warnings(store, volunteer_id: int, start: date, end: date) -> list[str]:
    """What the operator should know before issuing a proof (each a sentence; empty when nothing): the
    volunteer has no ID number (the paper would read 无（未登记证件）, which a school or employer may not
    accept), or a proof still in force already covers part of the period (the same hours certified twice).
    The GUI asks to go on; the CLI prints them on stderr and issues."""
    row = store.execute("SELECT name, id_number FROM volunteer WHERE id = ?", (volunteer_id,)).fetchone()
    if row is None:
        raise UserError(f"找不到编号为 {volunteer_id} 的志愿者。")
    name, number = row
    found = []
    if not (number or "").strip():
        found.append(f"{name}没有登记证件号码：证明上的证件类型将写“{NO_ID_TYPE}”，接收单位可能不认可。"
                     "如有身份证，请先在志愿者资料中补登号码再出具。")
    for serial, since, until, hours, issued_on in store.execute(
            "SELECT serial, period_from, period_to, hours, issued_on FROM certificate WHERE volunteer_id = ?"
            " AND kind = ? AND voided_at IS NULL AND period_from <= ? AND period_to >= ? ORDER BY year, sequence",
            (volunteer_id, SERVICE_RECORD, end.isoformat(), start.isoformat())):
        found.append(f"{name}已有一份志愿服务记录证明 {serial}（{chinese_date(since)}至{chinese_date(until)}，"
                     f"{figure(hours)} 小时，{chinese_date(issued_on)}出具），与本次期间重叠：重叠部分的时长会被"
                     "证明两次。原件遗失请用“补打”；原件有误请先作废。")
    return found


def issue_service_record(store, volunteer_id: int, start: date, end: date, *, on: date | None = None) -> Issued:
    """Certify the hours recorded for a volunteer in a period (refused when there are none). Every activity
    is listed (the paper continues on numbered pages); ask `proof_warnings` first."""
    if end < start:
        raise UserError("证明期间的结束日期不能早于开始日期。")
    on = on or date.today()
    iss = _issuing(store)
    person = _person(store, volunteer_id, iss)
    rows = _service_rows(store, volunteer_id, start, end)
    if not rows:
        raise UserError(f"{person['name']}在 {start} 至 {end} 期间没有登记服务时长，无法出具证明。")
    total = round(sum(r[3] for r in rows), 2)
    listed = [[day, title, hours] for day, title, _, hours in rows]
    content = {"kind": SERVICE_RECORD, "person": person, "period": [start.isoformat(), end.isoformat()],
               "hours": total, "activities": len(rows),
               "rows": listed,
               "categories": sorted({r[2] for r in rows if r[2]}), "issuer": asdict(iss), "issued_on": on.isoformat()}
    return _issue(store, SERVICE_RECORD, volunteer_id, content, period=(start, end), hours=total, on=on)


def issue_honors(store, volunteer_ids: list[int], *, year: int, title: str, border: bool = True,
                 on: date | None = None, progress=None) -> list[Issued]:
    """One 荣誉证书 per volunteer, in one go; `border=False` for pre-printed certificate paper (kept with
    the certificate, so a reprint looks the same). `progress(done, total)` every 20 people: call inside
    the transaction that prints them, so what it raises (取消) takes back every entry."""
    if not title.strip():
        raise UserError("请填写荣誉称号，如“优秀志愿者”。")
    if not volunteer_ids:
        raise UserError("没有选中任何志愿者。")
    on = on or date.today()
    iss = _issuing(store)
    template = honor_template(store)
    out = []
    for done, vid in enumerate(volunteer_ids):
        if progress and done % 20 == 0:
            progress(done, len(volunteer_ids))
        person = _person(store, vid, iss)
        lines = [line.format(name=person["name"], year=year, title=title.strip()) for line in template.lines]
        content = {"kind": HONOR, "person": person, "year": year, "title": title.strip(), "lines": lines,
                   "offset_mm": [template.offset_x_mm, template.offset_y_mm], "border": border,
                   "issuer": asdict(iss), "issued_on": on.isoformat()}
        out.append(_issue(store, HONOR, vid, content, title=title.strip(), on=on))
    return out


def already_honoured(store, volunteer_ids: list[int], *, year: int, title: str) -> dict[int, str]:
    """{volunteer id: serial} for those among `volunteer_ids` who already hold a 荣誉证书 in force for this
    year and title: a second batch skips them unless asked to issue again."""
    wanted = set(volunteer_ids)
    found: dict[int, str] = {}
    for vid, serial in store.execute(  # one pass over the title's certificates, however many are asked about
            "SELECT volunteer_id, serial FROM certificate WHERE kind = 'honor' AND voided_at IS NULL AND title = ?"
            " AND json_extract(content, '$.year') = ? ORDER BY year, sequence", (title.strip(), year)):
        if vid in wanted:
            found.setdefault(vid, serial)
    return found


def honor_candidates(store, *, year: int, min_hours: float) -> list[tuple[int, str, float]]:
    """(volunteer id, name, hours that year) for everyone at or above `min_hours` in `year`, read from the
    yearly tally (one row a volunteer, kept by triggers) — a county's 2M participations are not summed."""
    return store.execute(
        "SELECT v.id, v.name, t.hours FROM volunteer_tally t JOIN volunteer v ON v.id = t.volunteer_id"
        " WHERE t.period = ? AND v.status = 'active' AND t.hours >= ? ORDER BY t.hours DESC, v.sort_name",
        (str(year), min_hours)).fetchall()


HONOR_FLOOR_HOURS = 20  # the default threshold wherever it leaves a batch of sensible size
HONOR_MOST_SHARE = 0.10  # … sensible: at most 10 % of the year's volunteers (or 10 people) pass it;
HONOR_TOP_SHARE = 0.05  # beyond that, the threshold rises to the hours of the year's top 5 %
HONOR_TOP_LEAST = 10
LARGE_BATCH = 200  # certificates: more than this is asked about before it starts


def default_min_hours(store, *, year: int) -> float:
    """The 荣誉证书 threshold a page starts with: 20 h while that picks at most 10 % of those who served
    that year (or at most 10 people); otherwise the whole hours (rounded down) of the person at the top
    5 %, so a county where 98 % pass 20 h gets a batch of its best ~5 %, not of everyone."""
    served = store.scalar("SELECT count(*) FROM volunteer_tally t JOIN volunteer v ON v.id = t.volunteer_id"
                          " WHERE t.period = ? AND v.status = 'active' AND t.hours > 0", (str(year),)) or 0
    passing = store.scalar("SELECT count(*) FROM volunteer_tally t JOIN volunteer v ON v.id = t.volunteer_id"
                           " WHERE t.period = ? AND v.status = 'active' AND t.hours >= ?",
                           (str(year), HONOR_FLOOR_HOURS)) or 0
    if passing <= max(HONOR_TOP_LEAST, served * HONOR_MOST_SHARE):
        return float(HONOR_FLOOR_HOURS)
    rank = max(HONOR_TOP_LEAST, math.ceil(served * HONOR_TOP_SHARE))
    hours = store.scalar("SELECT t.hours FROM volunteer_tally t JOIN volunteer v ON v.id = t.volunteer_id"
                         " WHERE t.period = ? AND v.status = 'active' ORDER BY t.hours DESC LIMIT 1 OFFSET ?",
                         (str(year), rank - 1))
    return float(max(HONOR_FLOOR_HOURS, math.floor(hours or 0)))


@dataclass(frozen=True)
class BatchPlan:
    """What a 荣誉证书 batch will make, said before it starts."""

    people: int
    pages: int
    size_bytes: int

    @property
    def large(self) -> bool:
        return self.people > LARGE_BATCH

    def describe(self) -> str:
        size = self.size_bytes / 1e6
        shown = f"{size:.1f} MB" if size >= 1 else f"{max(1, round(self.size_bytes / 1e3))} KB"
        return f"将出具 {self.people} 张荣誉证书：{self.pages} 页 A4 横向，PDF 文件约 {shown}"


# Measured on the demo station: 27 KB of embedded fonts once, then 1.8 KB a certificate (~14 ms each).
_PDF_BASE_BYTES, _PDF_BYTES_EACH = 28_000, 1_800


def plan_honors(count: int) -> BatchPlan:
    """One landscape page per certificate; the file size from what the drawing measured."""
    return BatchPlan(count, count, _PDF_BASE_BYTES + _PDF_BYTES_EACH * count)


def get(store, serial: str) -> Issued:
    c = Certificate.get_or_none(Certificate.serial == serial.strip().upper())
    if c is None:
        raise UserError(f"证书登记簿中没有编号 {serial}。")
    content = json.loads(c.content)
    return Issued(c.serial, c.check_code, c.kind, content, c.voided_at is not None, c.void_reason,
                  str(c.voided_at)[:10] if c.voided_at else "",
                  qr_text=qr_text(store, c.serial, c.check_code, c.kind, content))


def reprinted(store, serial: str) -> Issued:
    """The certificate as issued, to print again: marked 补打 with its original date, and logged. Call
    inside the write that prints it, so a reprint that failed to print is not logged."""
    issued = replace(get(store, serial), reprint=True)
    vid = store.scalar("SELECT volunteer_id FROM certificate WHERE serial = ?", (issued.serial,))
    with store.write():
        audit.record("reprint", "certificate", None, serial=issued.serial, kind=issued.kind, volunteer_id=vid,
                     voided=issued.voided)
    return issued


def void(store, serial: str, *, reason: str) -> None:
    issued = get(store, serial)
    if issued.voided:
        raise UserError(f"证书 {issued.serial} 已经作废过了（{issued.void_reason}）。")
    if not reason.strip():
        raise UserError("作废证书必须填写原因。")
    with store.write():
        Certificate.update(voided_at=datetime.now(), void_reason=reason.strip()).where(
            Certificate.serial == issued.serial).execute()
        audit.record("void", "certificate", None, serial=issued.serial, reason=reason.strip())


_SERIAL_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")


def _parse(text: str) -> tuple[str, str | None, tuple[str, str] | None]:
    """(serial, code, (particulars, their code)) from a scanned QR ("SDC:serial:code[:particulars:mac]") or
    typed "serial code"; code None if absent, particulars None unless the QR carries them.
    What an input method or a paste adds is undone first: full-width letters, digits and colons become
    ASCII (NFKC) and invisible characters (zero-width spaces, bidi marks) go. Anything else that no
    serial or code holds is refused in plain words (a UserError), never compared."""
    text = "".join(ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch) != "Cf")
    text = text.strip().upper()
    code: str | None
    if text.startswith(QR_PREFIX):
        parts = text[len(QR_PREFIX):].split(":")
        serial, code = parts[0], parts[1] if len(parts) > 1 else ""
        carried = (parts[2], parts[3]) if len(parts) == 4 else None  # base32 and its code: checked before shown
    else:
        parts = text.replace(":", " ").split()
        serial, code, carried = (parts[0] if parts else ""), (parts[1] if len(parts) > 1 else None), None
    stray = sorted({ch for ch in f"{serial}{code or ''}{''.join(carried or ())}" if ch not in _SERIAL_CHARS})
    if stray:
        shown = "、".join(f"“{ch}”" if ch.isprintable() and not ch.isspace() else f"U+{ord(ch):04X}" for ch in stray[:5])
        raise UserError(f"证书编号和校验码只含英文字母、数字和“-”，输入的内容里有 {shown}。"
                        "请照证书上印的编号和校验码重新输入，或扫描二维码。")
    if not serial:
        raise UserError("请输入证书编号和校验码，或扫描证书上的二维码。")
    return serial, code, carried


def _not_in_register(store, serial: str) -> str:
    """An unknown serial, said plainly: the register cannot check its code, which is not proof of forgery.
    A station that restored a backup has papers issued after that backup and missing from its register."""
    restored = store.execute("SELECT at, detail FROM audit_entry WHERE action = 'restore' ORDER BY at DESC LIMIT 1"
                             ).fetchone()
    if restored:
        when = str(restored[0])[:10]
        try:
            backup = json.loads(restored[1]).get("backup", "")
        except (ValueError, AttributeError):
            backup = ""
        why = (f"登记簿中没有（可能是恢复备份前出具的）：本站于 {when} 用备份{('“' + backup + '”') if backup else ''}"
               "恢复过数据，所恢复的备份之后出具的证书都不在当前登记簿中。")
    else:
        why = "登记簿中没有：可能是编号输错了、是别的单位出具的，或是本站恢复备份前出具的。"
    return (f"编号 {serial}：{why}\n登记簿中没有这份证书，校验码无法在这里核对，不能据此认定真伪。"
            "请核对编号是否输入正确，再核对纸面上的出具单位和公章，并向出具单位查询"
            "（本站出具的，可查出具时的打印件、操作记录或持证人的原件）。")


def _carried(store, serial: str, carried: tuple[str, str] | None) -> list[str] | None:
    """The particulars a QR carries, if its code proves this station's key made them for this serial."""
    if not carried:
        return None
    particulars, mac = carried
    if not hmac.compare_digest(mac, _particulars_code(store, particulars)):
        return None
    try:
        fields = base64.b32decode(particulars + "=" * (-len(particulars) % 8)).decode().split(_SEPARATOR)
    except (ValueError, UnicodeDecodeError):
        return None
    return fields if len(fields) >= 6 and fields[0] == serial else None


class _Shown(TypedDict, total=False):
    """What a verdict shows of a certificate's content: a proof's period and hours, or an honour's year and title."""

    period: tuple[str, str]
    hours: float
    year: int
    title: str


def _unregistered(serial: str, vouched: list[str], *, held: bool) -> Verdict:
    """A paper this station's key signed whose record the register does not hold (as it was): issued after
    the backup that was restored, or its serial since given to another record. Genuine, said so, with what
    it certified for the checker to compare."""
    from stationdesk.reports.text import as_printed

    _, kind, name, issued_on, *rest = vouched
    if kind == SERVICE_RECORD:
        lines = [f"期间：{chinese_date(rest[0])}至{chinese_date(rest[1])}", f"时长：{rest[2]} 小时"]
        check = "请核对纸面上的姓名、期间和时长是否与此一致。"
        shown: _Shown = {"period": (rest[0], rest[1]), "hours": float(rest[2].replace(",", ""))}
    else:
        lines = [f"年度：{rest[0]}年度", f"称号：{rest[1]}"]
        check = "请核对纸面上的姓名、年度和称号是否与此一致。"
        shown = {"year": int(rest[0]), "title": rest[1]}
    where = ("登记簿中这个编号现在是另一份记录（恢复备份后编号被重用，或登记簿被改动过）" if held else
             "该证明不在当前登记簿中，可能出具于所恢复的备份之后")
    name = as_printed(name)
    return Verdict("unregistered", serial,
                   f"二维码经本站密钥核验，是本站签发的：证书 {serial}。但{where}。二维码所载内容：\n"
                   f"持证人：{name}\n类别：{KIND_LABELS.get(kind, kind)}\n" + "\n".join(lines)
                   + f"\n出具日期：{chinese_date(issued_on)}\n{check}", name, KIND_LABELS.get(kind, kind), issued_on,
                   **shown, check=check)


def _genuine(store, c, code: str | None) -> bool:
    """The code proves the paper (no code proves nothing)."""
    if code is None:
        return False
    if len(c.check_code) == 6:  # issued before the code covered the content
        return (hmac.compare_digest(code, c.check_code) and hmac.compare_digest(code, _legacy_code(store, c.serial))
                and hashlib.sha256(c.content.encode()).hexdigest() == c.digest)
    return hmac.compare_digest(code, c.check_code) and hmac.compare_digest(code, check_code(store, c.content))


def _particulars(c, content: dict) -> dict:
    """What the register certified, in the words and forms the paper prints, for the checker to compare:
    the holder's name as printed, the kind, the period and hours (a proof) or the year and title (an
    honour), and the issue date. A character no shipped font draws is shown as the paper shows it (□)."""
    from stationdesk.reports.text import as_printed  # fonts' coverage, without loading reportlab

    name = as_printed(content["person"]["name"])
    if c.kind == SERVICE_RECORD:
        start, end = content["period"]
        lines = [f"期间：{chinese_date(start)}至{chinese_date(end)}", f"时长：{figure(content['hours'])} 小时"]
        check = "请核对纸面上的姓名、期间和时长是否与此一致。"
        fields = {"period": (start, end), "hours": content["hours"]}
    else:
        lines = [f"年度：{content['year']}年度", f"称号：{content['title']}"]
        check = "请核对纸面上的姓名、年度和称号是否与此一致。"
        fields = {"year": content["year"], "title": content["title"]}
    text = "\n".join([f"持证人：{name}", f"类别：{KIND_LABELS[c.kind]}", *lines,
                      f"出具日期：{chinese_date(content['issued_on'])}"])
    return {"name": name, "kind": KIND_LABELS[c.kind], "issued_on": str(c.issued_on), "text": text, "check": check,
            **fields}


def verify(store, text: str) -> Verdict:
    """Check a scanned QR or a typed serial and check code against the register. A bare serial only says
    whether the register has it: anyone can copy a serial, only the code proves the paper. A genuine or
    voided certificate's verdict says what it certified (name as printed, kind, period and hours or year
    and title, issue date), so the checker compares the paper in hand with it: a genuine QR copied onto
    altered paper shows itself."""
    serial, code, carried = _parse(text)
    vouched = _carried(store, serial, carried)
    c = Certificate.get_or_none(Certificate.serial == serial)
    if c is None or (vouched and not _genuine(store, c, code)):
        if vouched:
            return _unregistered(serial, vouched, held=c is not None)
        if carried:
            return Verdict("forged", serial, f"编号 {serial} 的二维码内容与校验码不符：这不是本站签发的二维码。")
        return Verdict("unknown", serial, _not_in_register(store, serial))
    content = json.loads(c.content)
    p = _particulars(c, content)
    name, kind, issued_on = p["name"], p["kind"], p["issued_on"]
    shown = {k: p[k] for k in ("period", "hours", "year", "title") if k in p}
    if c.voided_at is not None:  # the register alone says so: no code needed to know it is not valid
        return Verdict("voided", serial, f"证书 {serial} 已于 {str(c.voided_at)[:10]} 作废：{c.void_reason}\n"
                       f"作废的证书不能作为证明。登记簿中的原内容：\n{p['text']}", name, kind, issued_on, **shown)
    if code is None:
        return Verdict("needs_code", serial, f"登记簿中有编号 {serial}（{name}的{kind}，{issued_on} 出具）。仅凭编号不能"
                       "证明真伪：请扫描证书上的二维码，或输入编号和二维码旁的校验码。", name, kind, issued_on)
    if not _genuine(store, c, code):
        return Verdict("forged", serial, f"编号 {serial} 的校验码不符：这张证书不是本站出具的原件。", name, kind, issued_on)
    return Verdict("valid", serial, f"真实有效：证书 {serial} 是本站出具的原件，登记内容如下。\n{p['text']}\n{p['check']}",
                   name, kind, issued_on, **shown, check=p["check"])


_REGISTER_SQL = ("SELECT c.serial, v.name, c.kind, c.issued_on, c.hours, c.title, c.voided_at, c.void_reason"
                 " FROM certificate c JOIN volunteer v ON v.id = c.volunteer_id")


def _register_row(r) -> tuple:
    serial, name, kind, issued_on, hours, title, voided, reason = r
    return (serial, name, KIND_LABELS[kind], str(issued_on), f"{hours:g} 小时" if kind == SERVICE_RECORD else title,
            f"已作废：{reason}" if voided else "有效")


def register(store, *, year: int | None = None) -> list[tuple]:
    """(serial, name, kind, issued_on, hours/title, status) newest first — the 证书登记簿."""
    where, params = ("WHERE c.year = ?", (year,)) if year else ("", ())
    return [_register_row(r) for r in store.execute(
        f"{_REGISTER_SQL} {where} ORDER BY c.year DESC, c.sequence DESC", params)]


def register_serials(store) -> list[str]:
    """The register's serials, newest first: what the page lists, its rows fetched as shown."""
    return [r[0] for r in store.execute("SELECT serial FROM certificate ORDER BY year DESC, sequence DESC")]


def register_rows(store, serials: list[str]) -> list[tuple]:
    found = {r[0]: _register_row(r) for r in store.query_in(f"{_REGISTER_SQL} WHERE c.serial IN ({{in}})", serials)}
    return [found[s] for s in serials if s in found]


@dataclass(frozen=True)
class Milestone:
    volunteer_id: int
    name: str
    hours: float
    level: int  # the star level reached and not yet recognised


def milestones(store) -> list[Milestone]:
    """Who has reached a star level above the last one the station recognised (settings' thresholds).
    The all-time hours of held activities come from the tally (migration 6, period ''): 100k volunteers
    with 2M participations are read in milliseconds, so 首页 can ask on every start and save."""
    from stationdesk.domain.hours import star_level
    from stationdesk.services import rules

    levels = rules.star_levels(store)
    totals = {vid: round(hours, 6) for vid, hours in store.execute(
        "SELECT volunteer_id, hours FROM volunteer_tally WHERE period = '' AND hours >= ?", (levels[0] - 1e-6,))}
    rows = store.query_in(
        "SELECT v.id, v.name, v.sort_name, (SELECT max(r.level) FROM recognition r WHERE r.volunteer_id = v.id)"
        " FROM volunteer v WHERE v.status = 'active' AND v.id IN ({in})", list(totals))
    rows.sort(key=lambda r: (-totals[r[0]], r[2]))  # most hours first, then in name order
    return [Milestone(vid, name, totals[vid], star_level(totals[vid], levels)) for vid, name, _, done in rows
            if star_level(totals[vid], levels) > (done or 0)]


def mark_recognised(store, volunteer_id: int, level: int, *, on: date | None = None) -> None:
    with store.write():
        store.execute("INSERT INTO recognition (volunteer_id, level, recognised_on) VALUES (?, ?, ?)"
                      " ON CONFLICT (volunteer_id, level) DO NOTHING",
                      (volunteer_id, level, (on or date.today()).isoformat()))
        audit.record("recognise", "volunteer", volunteer_id, level=level)


def public_list(store, start: date, end: date) -> list[tuple[str, str, str, str, str]]:
    """Certificates issued in a period for the 公示 notice board: serial, name, masked ID, kind, date."""
    rows = store.execute(
        "SELECT c.serial, v.name, v.id_number, c.kind, c.issued_on, c.title FROM certificate c"
        " JOIN volunteer v ON v.id = c.volunteer_id WHERE c.voided_at IS NULL AND c.issued_on BETWEEN ? AND ?"
        " ORDER BY c.year, c.sequence", (start.isoformat(), end.isoformat())).fetchall()
    return [(s, n, mask_id_number(i), KIND_LABELS[k] + (f"（{t}）" if t else ""), str(d)) for s, n, i, k, d, t in rows]


per_store(globals())  # model queries run on the store each function is given
