"""Importing a roster spreadsheet: a preview plan first, then one transaction for the whole file."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from stationdesk.domain.duplicates import Index, Pair, Person
from stationdesk.domain.masking import mask_id_number
from stationdesk.domain.pinyin_keys import pinyin_keys
from stationdesk.domain.volunteer import Problem, VolunteerDraft
from stationdesk.errors import UserError
from stationdesk.exchange.error_workbook import write_error_workbook
from stationdesk.exchange.tables import Grid, read_grid
from stationdesk.exchange.volunteer_sheet import ParsedSheet, SheetRow, parse_grid
from stationdesk.files import check_output
from stationdesk.reports import fonts
from stationdesk.services import audit, duplicates, roster, safety, teams
from stationdesk.store.database import per_store

NEW, UPDATE, SKIP, REJECT = "new", "update", "skip", "reject"
STATUS_LABELS = {NEW: "新增", UPDATE: "更新", SKIP: "跳过（已存在）", REJECT: "有错误"}


@dataclass(frozen=True)
class PlannedRow:
    source: SheetRow
    status: str
    reasons: tuple[Problem, ...] = ()  # why rejected (or skipped), or which record it probably is
    existing_id: int | None = None
    update_with: VolunteerDraft | None = None  # a probable match updated: its fields, the row's where given
    probably: int | None = None  # the registered record this row probably is (疑似已登记)

    @property
    def row(self) -> int:
        return self.source.row

    @property
    def draft(self) -> VolunteerDraft:
        return self.source.draft

    @property
    def updated_id(self) -> int:
        """The registered record an UPDATE row overwrites (every one names it)."""
        if self.status != UPDATE or self.existing_id is None:
            raise ValueError(f"row {self.row} updates no registered record")
        return self.existing_id


@dataclass
class ImportPlan:
    path: Path
    sheet: ParsedSheet
    update_existing: bool
    rows: list[PlannedRow] = field(default_factory=list)

    @property
    def probable(self) -> int:
        """Rows that are probably someone already registered (no ID number to be sure)."""
        return sum(r.probably is not None for r in self.rows)

    def with_status(self, status: str) -> list[PlannedRow]:
        return [r for r in self.rows if r.status == status]

    def counts(self) -> dict[str, int]:
        return {s: len(self.with_status(s)) for s in (NEW, UPDATE, SKIP, REJECT)}


@dataclass(frozen=True)
class ImportResult:
    imported: int
    updated: int
    skipped: int
    rejected: list[dict]
    warnings: list[dict]
    backup: Path | None = None

    def as_json(self) -> dict:
        return {"imported": self.imported, "updated": self.updated, "skipped": self.skipped,
                "rejected": self.rejected, "warnings": self.warnings}


def problem_dicts(rows: list[PlannedRow], *, warnings: bool = False) -> list[dict]:
    out = []
    for r in rows:
        for p in (r.source.warnings if warnings else r.reasons):
            out.append({"row": r.row, "column": p.label, "reason": p.message})
    return out


def _existing_ids(store, numbers: list[str]) -> dict[str, tuple[int, str]]:
    rows = store.query_in("SELECT id, id_number, name FROM volunteer WHERE id_number IN ({in})", numbers)
    return {number: (vid, name) for vid, number, name in rows}


def plan_import(store, path: str | Path, *, update_existing: bool = False, probable: str = SKIP) -> ImportPlan:
    """Read and check a file against the roster without writing anything (the preview)."""
    return plan_grid(store, read_grid(path), Path(path), update_existing=update_existing, probable=probable)


def plan_grid(store, grid: Grid, path: Path, *, update_existing: bool = False, probable: str = SKIP) -> ImportPlan:
    """The preview for cells already read (`path` names their file in messages and the audit log). A new
    row that is probably someone already registered (疑似重复: same name and phone, name and birth date…)
    is skipped, added or used to update that record as `probable` says — never added silently."""
    sheet = parse_grid(grid)
    plan = ImportPlan(path, sheet, update_existing)
    matcher = _Matcher(store)
    existing = _existing_ids(store, [r.draft.id_number for r in sheet.rows if r.draft.id_number])
    first_seen: dict[tuple, int] = {}
    for sr in sheet.rows:
        sr = _warn_unprintable(sr)
        if sr.errors:
            plan.rows.append(PlannedRow(sr, REJECT, sr.errors))
            continue
        d = sr.draft
        key = ("id", d.id_number) if d.id_number else ("name+phone", d.name, d.phone)
        if key in first_seen:
            what = "身份证号码" if d.id_number else "姓名和电话"
            plan.rows.append(PlannedRow(sr, REJECT, (Problem(
                "id_number" if d.id_number else "name", f"{what}与本表第 {first_seen[key]} 行重复"),)))
            continue
        first_seen[key] = sr.row
        if d.id_number in existing:
            vid, name = existing[d.id_number]
            status = UPDATE if update_existing else SKIP
            reason = () if update_existing else (Problem("id_number", f"已登记为“{name}”，按选择跳过"),)
            plan.rows.append(PlannedRow(sr, status, reason, existing_id=vid))
        elif (match := matcher.best(d)) is not None:
            plan.rows.append(_probable(store, sr, match, probable))
        else:
            plan.rows.append(PlannedRow(sr, NEW))
    return plan


def _warn_unprintable(sr: SheetRow) -> SheetRow:
    """A name with a character no shipped font draws is imported all the same, with a warning that it
    prints as □ (papers carry the name: 证明, 荣誉证书, 签到表, 花名册, 志愿者证, 公示)."""
    warning = fonts.unprintable_warning(sr.draft.name or "")
    return replace(sr, warnings=(*sr.warnings, Problem("name", f"{warning}。", is_warning=True))) if warning else sr


class _Matcher:
    """The roster indexed by what evidence can share, built on the first row that needs it."""

    def __init__(self, store):
        self.store = store
        self.index: Index | None = None

    def best(self, d: VolunteerDraft) -> Pair | None:
        if self.index is None:
            self.index = Index(duplicates.people(self.store))
        row = Person(0, d.name, d.phone, d.id_number or "", d.birth_date)
        if not self.index.candidates(row):  # most rows: no shared key, and no pinyin to compute
            return None
        return self.index.best(replace(row, reading=pinyin_keys(d.name).full))


def _probable(store, sr: SheetRow, match: Pair, choice: str) -> PlannedRow:
    name = store.scalar("SELECT name FROM volunteer WHERE id = ?", (match.first,))
    why = Problem("name", f"可能与已登记的“{name}”（编号 {match.first}）是同一人：{'；'.join(match.reasons)}")
    if choice == NEW:
        return PlannedRow(sr, NEW, (why,), probably=match.first)
    if choice == UPDATE:
        held = roster.get_volunteer(store, match.first).draft
        given = {k: v for k, v in vars(sr.draft).items() if v not in ("", None)}
        return PlannedRow(sr, UPDATE, (why,), existing_id=match.first, probably=match.first,
                          update_with=VolunteerDraft(**{**vars(held), **given}))
    return PlannedRow(sr, SKIP, (why,), existing_id=match.first, probably=match.first)


def commit_import(store, plan: ImportPlan, *, progress=None) -> ImportResult:
    """Write the accepted rows of a plan in one transaction (all or nothing), after a verified backup.

    `progress(done, total)` is called now and then, from this thread.
    """
    todo = [r for r in plan.rows if r.status in (NEW, UPDATE)]
    backup = None
    if todo and roster.count(store, None) > 0:
        backup = safety.backup_now(store, label="before-import")
    now = datetime.now()
    with store.write():
        _refuse_if_changed_since_preview(store, todo)
        memberships: list[tuple[str, int]] = []
        for done, r in enumerate(todo, start=1):
            if r.status == NEW:
                vid = store.insert_row("volunteer", roster.new_volunteer_values(r.draft, now))
            else:
                vid = r.updated_id
                roster.overwrite_volunteer(store, vid, r.update_with or r.draft, now=now)
            memberships += [(name, vid) for name in r.source.teams]
            if progress and done % 500 == 0:
                progress(done, len(todo))
        _add_memberships(store, memberships, updated=[r.updated_id for r in todo if r.status == UPDATE])
        audit.record("import", "volunteer", None, file=plan.path.name, rows=len(todo))
    if progress:
        progress(len(todo), len(todo))
    return summarize(plan, backup=backup)


def _refuse_if_changed_since_preview(store, todo: list[PlannedRow]) -> None:
    new_numbers = [r.draft.id_number for r in todo if r.status == NEW and r.draft.id_number]
    clash = _existing_ids(store, new_numbers)
    if clash:
        number, (_, name) = next(iter(clash.items()))
        raise UserError(f"预览之后花名册有了变化：身份证号码 {mask_id_number(number)} 已登记为“{name}”。"
                        "请重新预览后再导入，本次没有写入任何数据。")


def _add_memberships(store, memberships: list[tuple[str, int]], *, updated: list[int]) -> None:
    """Team memberships named in the file (teams created as needed), skipping those already held."""
    held = set(store.query_in("SELECT team_id, volunteer_id FROM team_member WHERE volunteer_id IN ({in})",
                              updated))
    team_ids = {name: teams.team_id_by_name(store, name, create=True) for name in {n for n, _ in memberships}}
    joined = date.today()
    rows = []
    for name, vid in memberships:
        pair = (team_ids[name], vid)
        if pair not in held:
            held.add(pair)
            rows.append((*pair, teams.MEMBER, joined))
    store.insert_rows("team_member", ("team_id", "volunteer_id", "role", "joined_on"), rows)


def summarize(plan: ImportPlan, *, backup: Path | None = None) -> ImportResult:
    """What the plan does (a dry run's answer) or did (after commit_import)."""
    counts = plan.counts()
    return ImportResult(imported=counts[NEW], updated=counts[UPDATE], skipped=counts[SKIP],
                        rejected=problem_dicts(plan.with_status(REJECT)),
                        warnings=problem_dicts(plan.rows, warnings=True), backup=backup)


def write_rejected(plan: ImportPlan, out: str | Path) -> int:
    """The rejected rows, as they were in the file, plus a reason column: fix them and import again."""
    check_output(out, inputs=[plan.path])  # never over the workbook being imported
    rejected = plan.with_status(REJECT)
    return write_error_workbook(out, plan.sheet.header, [
        (r.row, r.source.cells, "；".join(f"{p.label}：{p.message}" for p in r.reasons)) for r in rejected])


per_store(globals())  # model queries run on the store each function is given
