"""Hypothesis against the importer and the exporter: no unhandled error, all-or-nothing, no formulas."""

import re
import string
from datetime import date, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from stationdesk.domain.idnumber import make_id_number
from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.errors import UserError
from stationdesk.exchange.tables import Grid
from stationdesk.exchange.volunteer_sheet import SYNONYMS
from stationdesk.services import exporting, importing, roster
from stationdesk.store import open_database
from tests.reliability.conftest import scale

HEADERS = [name for names in SYNONYMS.values() for name in names] + ["序号", "", "奇怪的列"]
TRICKY = ["\u200b", "\u3000", "\ufeff", "　", "=", "+", "-", "@", "\t", "\r", "'", "１", "２", "Ｘ", "x", "·"]
text = st.text(alphabet=st.sampled_from(list(string.printable) + TRICKY + list("张三李四王五曾单解组队")), max_size=24)
id_like = st.builds(lambda d, s: make_id_number("330182", d, s), st.dates(date(1930, 1, 1), date(2015, 1, 1)),
                    st.integers(0, 999))
cell = st.one_of(st.none(), text, id_like, st.integers(-10**18, 10**18), st.floats(allow_nan=True),
                 st.dates(date(1900, 1, 1), date(2100, 1, 1)), st.datetimes(datetime(1904, 1, 1)),
                 st.booleans(), st.sampled_from(["=1+1", "=HYPERLINK(\"x\")", "+86 138 0000 0000", "１３８１２３４５６７８"]))
grids = st.integers(1, 8).flatmap(lambda width: st.tuples(
    st.lists(st.sampled_from(HEADERS), min_size=width, max_size=width),
    st.lists(st.lists(cell, min_size=0, max_size=width + 1), max_size=12)))


def everything(store) -> list:
    """Every row of every table the importer writes to (and the audit log)."""
    return [store.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("volunteer", "team", "team_member", "audit_entry", "volunteer_tally")]


def test_importer_never_crashes_and_commits_all_or_nothing(tmp_path):
    store = open_database(tmp_path / "fuzz.sqlite3")
    outcomes = {"imported": 0, "rejected": 0, "refused": 0, "failed part-way": 0}

    @settings(max_examples=scale(300, 5000), deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(grid=grids, update=st.booleans(), fail_after=st.one_of(st.none(), st.just("end"), st.integers(0, 6)))
    def check(grid, update, fail_after):
        header, rows = grid
        before = roster.count(store, None)
        try:
            plan = importing.plan_grid(store, Grid("fuzz", [["表格标题"], ["姓名", *header], *rows]),
                                       Path("fuzz.xlsx"), update_existing=update)
        except UserError:
            outcomes["refused"] += 1
            return
        if fail_after is not None:  # the database itself fails part-way (as a full disk would): nothing stays
            snapshot = everything(store)
            if fail_after == "end":  # at the audit entry, the transaction's last write: everything else is in
                store.execute("CREATE TEMP TRIGGER fail_part_way BEFORE INSERT ON audit_entry"
                              " BEGIN SELECT RAISE(ABORT, 'injected'); END")
            else:  # at the n-th new volunteer
                store.execute(f"CREATE TEMP TRIGGER fail_part_way BEFORE INSERT ON volunteer WHEN (SELECT count(*)"
                              f" FROM volunteer) >= {before + fail_after} BEGIN SELECT RAISE(ABORT, 'injected'); END")
            try:
                result = importing.commit_import(store, plan)
            except Exception as exc:
                assert "injected" in str(exc)
                assert everything(store) == snapshot
                outcomes["failed part-way"] += 1
                return
            finally:
                store.execute("DROP TRIGGER fail_part_way")
            assert fail_after != "end" and result.imported <= fail_after  # the failure was never reached
        else:
            result = importing.commit_import(store, plan)
        assert roster.count(store, None) == before + result.imported
        for problem in result.rejected:
            assert problem["row"] >= 3 and problem["column"] and problem["reason"]
        outcomes["imported"] += result.imported
        outcomes["rejected"] += len(result.rejected)

    check()
    store.close()
    print(f"\nimporter fuzz: {outcomes}")
    assert outcomes["imported"] > 0 and outcomes["rejected"] > 0 and outcomes["failed part-way"] > 0


def test_no_export_ever_holds_a_formula(tmp_path):
    store = open_database(tmp_path / "export.sqlite3")
    checked = {"cells": 0, "formulas": 0}

    @settings(max_examples=scale(25, 300), deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(notes=st.lists(st.tuples(text, text, text), min_size=1, max_size=5))
    def check(notes):
        for note, skills, group in notes:
            roster.add_volunteer(store, VolunteerDraft(name="张三", note=note, skills=skills, village_group=group))
        for fmt in ("full", "national"):
            out = tmp_path / f"{fmt}.xlsx"
            exporting.export_roster(store, out, fmt=fmt, id_numbers="full", phones="full")
            for row in load_workbook(out).active.iter_rows():
                for c in row:
                    checked["cells"] += 1
                    checked["formulas"] += c.data_type == "f"
                    if isinstance(c.value, str):
                        assert not re.match(r"[=+\-@\t\r]", c.value), c.value

    check()
    store.close()
    print(f"\nexport injection: {checked['cells']} cells checked, {checked['formulas']} formula cells")
    assert checked["formulas"] == 0
