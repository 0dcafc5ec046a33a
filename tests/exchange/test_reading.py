import zipfile

import pytest

from stationdesk.exchange.tables import UnreadableFile, read_grid
from stationdesk.exchange.volunteer_sheet import header_key, parse_grid
from tests.exchange.messy import ID_A, ID_C, write_gbk_csv, write_messy_xlsx, write_xls


def test_header_keys_tolerate_spaces_fullwidth_and_notes():
    assert header_key(" 身份证号码（必填）* ") == "身份证号码"
    assert header_key("姓　名") == "姓名"
    assert header_key("手机号码(选填)") == "手机号码"


def test_messy_xlsx_maps_columns_below_a_title_and_reports_each_row(tmp_path):
    sheet = parse_grid(read_grid(write_messy_xlsx(tmp_path / "messy.xlsx")))
    assert sheet.header_row == 3
    assert set(sheet.columns) >= {"name", "gender", "id_number", "phone", "birth_date", "teams"}
    assert sheet.ignored_columns == ["序号"]
    by_row = {r.row: r for r in sheet.rows}
    assert by_row[4].draft.name == "张三" and by_row[4].draft.id_number == ID_A and not by_row[4].errors
    assert by_row[4].draft.political_status == "中共党员"
    assert by_row[5].draft.phone == "13912345678" and not by_row[5].errors
    assert [w.field for w in by_row[5].warnings] == ["birth_date"]
    assert "文本" in by_row[6].errors[0].message and by_row[6].errors[0].label == "身份证号码"
    assert {p.field for p in by_row[7].errors} == {"id_number", "phone"}
    assert by_row[9].errors[0].field == "name"
    assert by_row[10].draft.phone == "0571-63001234" and by_row[10].teams == ("巾帼队",)
    assert by_row[11].teams == ("巾帼队",)  # merged cell filled down
    assert 13 not in by_row  # the 制表人 footer is not a volunteer


def test_gbk_csv(tmp_path):
    sheet = parse_grid(read_grid(write_gbk_csv(tmp_path / "gbk.csv")))
    assert [r.draft.name for r in sheet.rows] == ["张三", "单丽"]
    assert sheet.rows[0].draft.id_number == ID_A


def test_utf8_csv_with_bom_and_tabs(tmp_path):
    path = tmp_path / "u.csv"
    path.write_text("\ufeff姓名\t手机\n李四\t13900000000\n", encoding="utf-8")
    assert parse_grid(read_grid(path)).rows[0].draft.phone == "13900000000"


def test_old_xls(tmp_path):
    sheet = parse_grid(read_grid(write_xls(tmp_path / "old.xls")))
    assert sheet.rows[0].draft.name == "曾伟" and sheet.rows[0].draft.id_number == ID_C


@pytest.mark.parametrize("name, content, reason", [
    ("broken.xlsx", b"PK\x03\x04 not really a zip", "损坏"),
    ("empty.xlsx", b"", "空的"),
    ("notes.docx", b"whatever", "不支持"),
    ("weird.csv", bytes(range(128, 256)) * 50, "编码|表头"),
])
def test_unreadable_files_get_a_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=reason):
        parse_grid(read_grid(path))


def test_a_sheet_without_a_header_is_explained(tmp_path):
    path = tmp_path / "no-header.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="没有找到表头"):
        parse_grid(read_grid(path))


def test_zip_bomb_is_refused_quickly(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * (40 * 1024 * 1024))
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(UnreadableFile, match="异常巨大"):
        read_grid(path)


def test_a_huge_sheet_is_refused_before_loading(tmp_path, monkeypatch):
    from stationdesk.exchange import tables

    monkeypatch.setattr(tables, "MAX_ROWS", 5)
    path = tmp_path / "big.csv"
    path.write_text("姓名,手机\n" + "张三,13800000000\n" * 10, encoding="utf-8")
    with pytest.raises(UnreadableFile, match="拆分"):
        read_grid(path)
