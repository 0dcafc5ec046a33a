from openpyxl import load_workbook

from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.exchange.xlsx_out import safe_cell
from stationdesk.services import exporting, importing, roster
from tests.exchange.messy import ID_A


def test_formula_like_text_is_kept_as_text():
    for text in ("=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(text).startswith("'")
    assert safe_cell("张三") == "张三" and safe_cell(5) == 5
    assert safe_cell("a\x00b\x07c") == "abc"


def test_export_full_then_import_round_trips(store, tmp_path):
    roster.add_volunteer(store, VolunteerDraft(name="张三", id_number=ID_A, phone="13812345678",
                                               note="=1+1", skills="@cmd"))
    roster.add_volunteer(store, VolunteerDraft(name="李四", phone="0571-63001234"))
    out = tmp_path / "roster.xlsx"
    assert exporting.export_roster(store, out, id_numbers="full", phones="full") == 2
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("姓名", "性别", "身份证号码", "出生日期", "联系电话")
    zhang = next(r for r in rows if r[0] == "张三")
    assert zhang[2] == ID_A and zhang[4] == "13812345678"
    assert zhang[-1] == "'=1+1"
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    assert ws.cell(row=2, column=3).number_format == "@"
    fresh = tmp_path / "fresh.sqlite3"
    from stationdesk.store import open_database

    with open_database(fresh) as other:
        result = importing.commit_import(other, importing.plan_import(other, out))
        assert (result.imported, result.rejected) == (2, [])
        assert roster.search(other, "zs")[0].name == "张三"


def test_masked_and_national_exports(store, tmp_path):
    roster.add_volunteer(store, VolunteerDraft(name="张三", id_number=ID_A, phone="13812345678"))
    default = tmp_path / "default.xlsx"
    exporting.export_roster(store, default)
    header, row = list(load_workbook(default).active.iter_rows(values_only=True))
    assert "身份证号码" not in header  # no ID numbers unless asked for
    assert row[header.index("联系电话")] == "138****5678"
    masked = tmp_path / "masked.xlsx"
    exporting.export_roster(store, masked, id_numbers="masked")
    row = list(load_workbook(masked).active.iter_rows(values_only=True))[1]
    assert row[2] == ID_A[:6] + "********" + ID_A[-4:] and row[4] == "138****5678"
    national = tmp_path / "national.xlsx"
    exporting.export_roster(store, national, fmt="national")
    header, first = list(load_workbook(national).active.iter_rows(values_only=True))
    assert header == exporting.NATIONAL
    assert first[:3] == ("张三", "居民身份证", ID_A)
