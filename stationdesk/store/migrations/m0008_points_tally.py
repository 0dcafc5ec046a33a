"""8: each volunteer's points earned and spent, kept by triggers inside the writing transaction (as the
hours tallies of step 6), so 积分超市 lists a county's accounts without summing two million lines."""

from stationdesk.store.migrations.sql import run_sql

_EARNED = "CASE WHEN {p}.source != 'redemption' THEN {p}.hundredths ELSE 0 END"
_SPENT = "CASE WHEN {p}.source = 'redemption' THEN -{p}.hundredths ELSE 0 END"


def _change(p: str, sign: str) -> str:
    return (f"UPDATE points_tally SET earned = earned {sign} ({_EARNED.format(p=p)}),"
            f" spent = spent {sign} ({_SPENT.format(p=p)}) WHERE volunteer_id = {p}.volunteer_id")


SQL = f"""
CREATE TABLE points_tally (
    volunteer_id INTEGER PRIMARY KEY REFERENCES volunteer (id) ON DELETE CASCADE,
    earned INTEGER NOT NULL DEFAULT 0,
    spent INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX points_tally_balance ON points_tally ((earned - spent) DESC);
INSERT INTO points_tally (volunteer_id, earned, spent)
    SELECT volunteer_id, sum({_EARNED.format(p="e")}), sum({_SPENT.format(p="e")}) FROM points_entry e
    GROUP BY volunteer_id;
CREATE TRIGGER points_tally_insert AFTER INSERT ON points_entry BEGIN
    INSERT OR IGNORE INTO points_tally (volunteer_id) VALUES (NEW.volunteer_id);
    {_change("NEW", "+")};
END;
CREATE TRIGGER points_tally_delete AFTER DELETE ON points_entry BEGIN
    {_change("OLD", "-")};
END;
CREATE TRIGGER points_tally_update AFTER UPDATE OF volunteer_id, hundredths, source ON points_entry BEGIN
    {_change("OLD", "-")};
    INSERT OR IGNORE INTO points_tally (volunteer_id) VALUES (NEW.volunteer_id);
    {_change("NEW", "+")};
END;
"""


def apply(db) -> None:
    run_sql(db, SQL)
