"""15: one rule for what counts. An activity whose attendance was recorded was held: the kiosk (签到模式)
did not mark it 已完成 as the sheet does, so hours scanned at the kiosk counted in a volunteer's total and
in a proof but not in 统计 or the 台账. Such activities are marked held now (the tally triggers of
migration 6 add their hours), and the kiosk marks them from now on.

New volunteers are counted by the day they joined: the 加入日期 when typed or imported, else the day the
record was entered. An index on that expression keeps the count a range walk at county size."""

from stationdesk.store.migrations.sql import run_sql

SQL = """
UPDATE activity SET status = 'done', updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now', 'localtime')
    WHERE status = 'planned' AND EXISTS (SELECT 1 FROM participation p WHERE p.activity_id = activity.id
                                         AND p.attended = 1);
CREATE INDEX volunteer_registered ON volunteer (coalesce(joined_on, substr(created_at, 1, 10)));
"""


def apply(db) -> None:
    run_sql(db, SQL)
