"""9: points issued and redeemed per year and per month, kept by triggers (as step 6 does for hours), so
a year's statistics read 1 row, not a county's two million points lines."""

from stationdesk.store.migrations.sql import run_sql

_ISSUED = "CASE WHEN {p}.source != 'redemption' THEN {p}.hundredths ELSE 0 END"
_REDEEMED = "CASE WHEN {p}.source = 'redemption' THEN -{p}.hundredths ELSE 0 END"
_PERIODS = "(SELECT substr({p}.entered_on, 1, 4) AS period UNION ALL SELECT substr({p}.entered_on, 1, 7))"


def _change(p: str, sign: str) -> str:
    return (f"INSERT OR IGNORE INTO points_period (period) SELECT period FROM {_PERIODS.format(p=p)};\n"
            f"    UPDATE points_period SET issued = issued {sign} ({_ISSUED.format(p=p)}),"
            f" redeemed = redeemed {sign} ({_REDEEMED.format(p=p)})"
            f" WHERE period IN (substr({p}.entered_on, 1, 4), substr({p}.entered_on, 1, 7))")


SQL = f"""
CREATE TABLE points_period (
    period TEXT PRIMARY KEY,  -- 'YYYY' or 'YYYY-MM'
    issued INTEGER NOT NULL DEFAULT 0,
    redeemed INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO points_period (period, issued, redeemed)
    SELECT substr(e.entered_on, 1, k.n), sum({_ISSUED.format(p="e")}), sum({_REDEEMED.format(p="e")})
    FROM points_entry e, (SELECT 4 AS n UNION ALL SELECT 7) k GROUP BY 1;
CREATE TRIGGER points_period_insert AFTER INSERT ON points_entry BEGIN
    {_change("NEW", "+")};
END;
CREATE TRIGGER points_period_delete AFTER DELETE ON points_entry BEGIN
    {_change("OLD", "-")};
END;
CREATE TRIGGER points_period_update AFTER UPDATE OF entered_on, hundredths, source ON points_entry BEGIN
    {_change("OLD", "-")};
    {_change("NEW", "+")};
END;
"""


def apply(db) -> None:
    run_sql(db, SQL)
