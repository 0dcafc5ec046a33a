"""12: indexes that let a county's pages read an index instead of the table.

- Roster search tests `search_key LIKE '%…%'` on every volunteer and orders by relevance: with the columns
  it reads in one index, a keystroke scans ~10 MB of index instead of ~28 MB of rows (at 100,000 people).
- The period's requests by state and their average rating come from the requested_at range alone."""

from stationdesk.store.migrations.sql import run_sql

SQL = """
CREATE INDEX volunteer_search ON volunteer (search_key, status, pinyin_initials, pinyin_full, name, sort_name);
DROP INDEX service_request_requested;
CREATE INDEX service_request_requested ON service_request (requested_at, state, rating);
"""


def apply(db) -> None:
    run_sql(db, SQL)
