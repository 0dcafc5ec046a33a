"""14: the roster's filters (技能特长, 村民小组, 出生日期 for an age band) read from the search index.

A filter that matches few people (未满18岁 in a county of adults) walked the name index and fetched every
row to test it: 180–210 ms at 100,000 volunteers. With the filtered columns at the end of the search
index, the same walk and the filter's count read the index alone (~15 ms)."""

from stationdesk.store.migrations.sql import run_sql

SQL = """
DROP INDEX volunteer_search;
CREATE INDEX volunteer_search ON volunteer (status, sort_name, search_key, pinyin_initials, pinyin_full, name,
                                            village_group, birth_date, skills);
"""


def apply(db) -> None:
    run_sql(db, SQL)
