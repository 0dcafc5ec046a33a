"""7: attendance awaiting review (待核实) found without reading every participation: 首页 counts it on
each refresh, and a county holds two million participations."""

from stationdesk.store.migrations.sql import run_sql

SQL = """
CREATE INDEX participation_needs_review ON participation (activity_id) WHERE needs_review = 1;
CREATE INDEX participation_open_scan ON participation (activity_id) WHERE attended = 1 AND check_in IS NOT NULL
    AND check_out IS NULL;
"""


def apply(db) -> None:
    run_sql(db, SQL)
