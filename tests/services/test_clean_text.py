"""No NUL, control, bidi-override or zero-width character reaches the file, by any way in: the form's
draft, a spreadsheet import, the CLI, or any other service writing through the models."""

from datetime import datetime, timedelta

from stationdesk.domain.activity import ActivityDraft
from stationdesk.domain.text import INVISIBLE, clean
from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.services import activities, audit, importing, roster, teams
from tests.e2e.test_cli import run

DIRTY = "张\x00三\x07\u202e\u200b\u200d\ufeff"  # NUL, BEL, right-to-left override, zero-width space/joiner, BOM


DERIVED = {("volunteer", "sort_name"), ("volunteer", "search_key")}  # \x1f-joined keys the app builds


def stored_text(store) -> list[str]:
    """Every text value in every table, but the derived search keys."""
    values = []
    for (table,) in store.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"):
        cursor = store.execute(f'SELECT * FROM "{table}"')
        names = [d[0] for d in cursor.description]
        for row in cursor:
            values += [v for n, v in zip(names, row, strict=True) if isinstance(v, str) and (table, n) not in DERIVED]
    return values


def test_clean_keeps_line_breaks_and_chinese_and_drops_the_invisible():
    assert clean(DIRTY) == "张三"
    assert clean("第一行\n第二行\t备注") == "第一行\n第二行\t备注"
    assert clean("王䶮 𠮷田") == "王䶮 𠮷田"


def test_every_entry_path_stores_clean_text(store, tmp_path):
    vid = roster.add_volunteer(store, VolunteerDraft(name=DIRTY, skills="维修\u202e家电\x1b", note="第一行\n第二\x00行"))
    assert roster.get_volunteer(store, vid).draft.name == "张三"
    team = teams.create_team(store, f"巾帼\u2066队\u2069{chr(0x7f)}")
    start = datetime(2026, 11, 5, 9)
    activities.create_activity(store, ActivityDraft(title="护河\u200b巡河\x08", starts_at=start,
                                                    ends_at=start + timedelta(hours=2), place="青山\u202d溪"))
    sheet = tmp_path / "名单.csv"
    sheet.write_text("姓名,联系电话\n李\u200b四\x07,13800000001\n", encoding="utf-8")
    result = importing.commit_import(store, importing.plan_import(store, sheet))
    assert result.imported == 1
    audit.set_operator("王\u202e会计")
    try:
        teams.update_team(store, team, name="巾帼队", note="第一行\n第二\x00行\u202e")
    finally:
        audit.set_operator("")
    dirty = [v for v in stored_text(store) if INVISIBLE.search(v)]
    assert dirty == []
    assert "第一行\n第二行" in stored_text(store)


def test_the_cli_cannot_bring_them_in_either(tmp_path):
    db = tmp_path / "s.sqlite3"
    sheet = tmp_path / "名单.csv"
    sheet.write_text("姓名,联系电话\n赵\u202e六\x00,13800000002\n", encoding="utf-8")
    run("--db", db, "--operator", "钱\u200b七", "import", "volunteers", sheet, check_code=0)
    assert "赵六" in run("--db", db, "volunteers", "search", "", check_code=0).stdout
    from stationdesk.store import open_database

    with open_database(db) as store:
        assert [v for v in stored_text(store) if INVISIBLE.search(v)] == []
        assert store.scalar("SELECT actor FROM audit_entry WHERE action = 'import'") == "钱七"
