import pytest

from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.errors import UserError
from stationdesk.exchange.error_workbook import REASON_HEADER
from stationdesk.exchange.tables import read_grid
from stationdesk.services import importing, roster, teams
from tests.exchange.messy import ID_A, ID_B, write_gbk_csv, write_messy_xlsx


def test_plan_then_commit_a_messy_file(store, tmp_path):
    path = write_messy_xlsx(tmp_path / "messy.xlsx")
    plan = importing.plan_import(store, path)
    assert roster.count(store) == 0  # the preview writes nothing
    status = {r.row: r.status for r in plan.rows}
    assert status == {4: "new", 5: "new", 6: "reject", 7: "reject", 8: "reject", 9: "reject",
                      10: "new", 11: "new"}
    dup = next(r for r in plan.rows if r.row == 8)
    assert "第 4 行重复" in dup.reasons[0].message
    result = importing.commit_import(store, plan)
    assert (result.imported, result.updated, result.skipped, len(result.rejected)) == (4, 0, 0, 5)
    assert {k: result.rejected[0][k] for k in ("row", "column")} == {"row": 6, "column": "身份证号码"}
    assert result.warnings == [{"row": 5, "column": "出生日期",
                                "reason": "出生日期与身份证号码不一致，已按身份证号码填写"}]
    assert roster.count(store) == 4
    names = {t.name: t.member_count for t in teams.list_teams(store)}
    assert names == {"党员先锋队": 1, "巾帼队": 3}


def test_existing_people_are_skipped_or_updated_never_duplicated(store, tmp_path):
    vid = roster.add_volunteer(store, VolunteerDraft(name="张三", id_number=ID_A, village_group="九组"))
    path = write_gbk_csv(tmp_path / "gbk.csv")
    skip = importing.commit_import(store, importing.plan_import(store, path))
    assert (skip.imported, skip.skipped) == (1, 1)
    assert roster.get_volunteer(store, vid).draft.village_group == "九组"
    update = importing.commit_import(store, importing.plan_import(store, path, update_existing=True))
    assert (update.imported, update.updated) == (0, 2)
    assert roster.get_volunteer(store, vid).draft.village_group == "一组"
    assert roster.count(store) == 2
    assert store.scalar("SELECT count(*) FROM volunteer WHERE id_number = ?", (ID_B,)) == 1


def test_an_import_commits_all_or_nothing(store, tmp_path, monkeypatch):
    path = write_messy_xlsx(tmp_path / "messy.xlsx")
    plan = importing.plan_import(store, path)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importing, "_add_memberships", disk_full)  # after every volunteer row is written
    with pytest.raises(OSError):
        importing.commit_import(store, plan)
    assert roster.count(store) == 0
    assert teams.list_teams(store) == []


def test_a_backup_is_taken_before_importing_into_a_non_empty_roster(store, tmp_path):
    roster.add_volunteer(store, VolunteerDraft(name="老队员"))
    result = importing.commit_import(store, importing.plan_import(store, write_gbk_csv(tmp_path / "a.csv")))
    assert result.backup is not None and result.backup.exists()


def test_error_workbook_can_be_fixed_and_imported_again(store, tmp_path):
    path = write_messy_xlsx(tmp_path / "messy.xlsx")
    plan = importing.plan_import(store, path)
    importing.commit_import(store, plan)
    errors = tmp_path / "errors.xlsx"
    assert importing.write_rejected(plan, errors) == 4
    grid = read_grid(errors)
    assert grid.rows[0][-2] == REASON_HEADER
    assert [row[1] for row in grid.rows[1:]] == ["王五", "赵六", "张三", ""]
    assert all(row[-2] for row in grid.rows[1:])
    # The user fixes 赵六's ID and phone in the error workbook and imports it again.
    from openpyxl import load_workbook

    from tests.exchange.messy import ID_C

    wb = load_workbook(errors)
    ws = wb.active
    ws.cell(row=3, column=4).value = ID_C
    ws.cell(row=3, column=5).value = "13700000002"
    wb.save(errors)
    again = importing.commit_import(store, importing.plan_import(store, errors))
    assert again.imported == 1
    assert roster.search(store, "赵六")[0].phone_masked == "137****0002"


def test_a_change_between_preview_and_import_is_refused(store, tmp_path):
    plan = importing.plan_import(store, write_gbk_csv(tmp_path / "a.csv"))
    roster.add_volunteer(store, VolunteerDraft(name="张三", id_number=ID_A))
    with pytest.raises(UserError, match="重新预览"):
        importing.commit_import(store, plan)
    assert roster.count(store) == 1


def test_rare_character_names_import_from_xlsx_and_csv_and_are_found(store, tmp_path):
    """生僻字 (Extensions A and B) survive a UTF-8 CSV and an xlsx, and pinyin finds them."""
    from openpyxl import Workbook

    from stationdesk.services import roster

    csv_path = tmp_path / "rare.csv"
    csv_path.write_text("姓名,性别\n王䶮,男\n𠮷田,女\n", encoding="utf-8")
    book = Workbook()
    book.active.append(["姓名", "性别"])
    book.active.append(["阿卜杜热合曼·艾合买提江", "男"])
    book.active.append(["李𫖯", "男"])
    xlsx_path = tmp_path / "rare.xlsx"
    book.save(xlsx_path)
    for path in (csv_path, xlsx_path):
        assert importing.commit_import(store, importing.plan_import(store, path)).imported == 2
    assert {r.name for r in roster.search(store, "")} == {"王䶮", "𠮷田", "阿卜杜热合曼·艾合买提江", "李𫖯"}
    assert [r.name for r in roster.search(store, "jt")] == ["𠮷田"]
    assert [r.name for r in roster.search(store, "䶮")] == ["王䶮"]


def test_a_cancelled_import_writes_nothing(store, tmp_path):
    from stationdesk.errors import Cancelled

    path = tmp_path / "many.csv"
    path.write_text("姓名,联系电话\n" + "\n".join(f"志愿者{chr(0x4e00 + i)},1390000{i:04d}" for i in range(1200)),
                    encoding="utf-8")
    plan = importing.plan_import(store, path)

    def cancel_midway(done, total):
        if 0 < done < total:
            raise Cancelled()

    with pytest.raises(Cancelled):
        importing.commit_import(store, plan, progress=cancel_midway)
    assert roster.count(store, None) == 0
    assert store.scalar("SELECT count(*) FROM audit_entry WHERE action = 'import'") == 0


def test_the_apps_own_masked_export_is_explained_not_imported(demo_store, tmp_path):
    """Importing the default export (phones 138****5678, ID numbers masked) into another station: every
    row says why — the table was masked — instead of "电话号码格式不对"; nothing is written."""
    from stationdesk.domain.volunteer import MASKED_MESSAGE
    from stationdesk.services import exporting
    from stationdesk.store import open_database

    out = tmp_path / "masked.xlsx"
    written = exporting.export_roster(demo_store, out, id_numbers=exporting.MASKED)
    with open_database(tmp_path / "other.sqlite3") as other:
        plan = importing.plan_import(other, out)
        with_phone = [r for r in plan.rows if any(p.label == "联系电话" for p in r.reasons)]
        assert len(plan.rows) == written and with_phone
        assert all(r.status == importing.REJECT for r in with_phone)
        assert all(p.message == MASKED_MESSAGE for r in with_phone for p in r.reasons if p.label == "联系电话")
        assert not any("格式不对" in p.message for r in plan.rows for p in r.reasons)
        assert roster.count(other) == 0


@pytest.mark.parametrize("choice", [importing.SKIP, importing.NEW, importing.UPDATE])
def test_a_row_that_is_probably_someone_registered_is_flagged_and_handled_as_chosen(demo_store, tmp_path, choice):
    """The same person typed into another list without an ID number (same name and phone): the preview
    names the record it probably is; skipped by default, added or used to update that record on request."""
    from stationdesk.exchange.xlsx_out import write_table

    known = roster.get_volunteer(demo_store, roster.search_ids(demo_store, "")[0])
    sheet = tmp_path / "list.xlsx"
    write_table(sheet, "花名册", ("姓名", "联系电话", "村民小组", "技能特长"),
                [(known.draft.name, known.draft.phone, "", "剪纸"), ("从未登记", "13900001111", "一组", "")],
                text_columns=(1,))
    plan = importing.plan_import(demo_store, sheet, probable=choice)
    flagged = next(r for r in plan.rows if r.draft.name == known.draft.name)
    assert plan.probable == 1 and flagged.status == choice
    assert f"编号 {known.id}" in flagged.reasons[0].message and "姓名和电话相同" in flagged.reasons[0].message
    assert next(r for r in plan.rows if r.draft.name == "从未登记").status == importing.NEW
    before = roster.count(demo_store)
    importing.commit_import(demo_store, plan)
    assert roster.count(demo_store) == before + (2 if choice == importing.NEW else 1)
    kept = roster.get_volunteer(demo_store, known.id).draft
    if choice == importing.UPDATE:  # the row's own values where it has them; the record's elsewhere
        assert kept.skills == "剪纸" and kept.id_number == known.draft.id_number
        assert kept.village_group == known.draft.village_group
    else:
        assert kept == known.draft
