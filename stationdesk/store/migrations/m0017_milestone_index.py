"""17: 首页 asks on every save who has reached a new star level: the volunteers whose all-time hours (the
tally's period '') pass the first threshold. An index on the hours makes that a range walk over the few
who have, not a read of a county's 100,000 tally rows (8 ms a save)."""

from stationdesk.store.migrations.sql import run_sql

SQL = """
CREATE INDEX volunteer_tally_hours ON volunteer_tally (period, hours);
"""


def apply(db) -> None:
    run_sql(db, SQL)
