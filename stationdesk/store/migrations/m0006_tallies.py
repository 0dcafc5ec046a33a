"""6: running tallies of attendance and each volunteer's team names, kept by triggers, so a county's year of statistics reads 100k rows
instead of grouping 2M (DESIGN §10: ≤ 0.3 s), and covering indexes for the held activities of a period and for the age and political
status of those who served.

`activity_tally`: attended people and hours per activity (any status; statistics pick held activities).
`volunteer_tally`: per volunteer and period — '' (all time), 'YYYY' and 'YYYY-MM' (the first 0, 4 and 7
characters of the activity's start) — the attended participations and hours of held (status 'done') activities. The triggers run inside the writing transaction, so a tally
cannot disagree with the rows it counts; `store.health.tally_problems` recomputes them to prove it.
`volunteer.teams_text`: the team names the roster shows, kept by triggers on team_member and team, so the
roster sorts by teams along an index (100k volunteers: 200 ms of correlated subqueries before).
"""

from stationdesk.store.migrations.sql import run_sql

# A participation counts for volunteer_tally when attended and its activity is done; it adds (or, with
# the sign negative, removes) one activity and its hours to all time, the activity's year and its month.
_VOLUNTEER = """INSERT INTO volunteer_tally (period, volunteer_id, activities, hours)
    SELECT substr(a.starts_at, 1, k.n), {p}.volunteer_id, {sign}1, {sign}{p}.hours
    FROM activity a, (SELECT 0 AS n UNION ALL SELECT 4 UNION ALL SELECT 7) k
    WHERE a.id = {p}.activity_id AND a.status = 'done' AND {p}.attended = 1
    ON CONFLICT (period, volunteer_id) DO UPDATE
    SET activities = activities + excluded.activities, hours = hours + excluded.hours"""
_ACTIVITY = """INSERT INTO activity_tally (activity_id, people, hours)
    SELECT {p}.activity_id, {sign}1, {sign}{p}.hours WHERE {p}.attended = 1
    ON CONFLICT (activity_id) DO UPDATE SET people = people + excluded.people, hours = hours + excluded.hours"""
# Every attended participation of an activity, when the activity itself moves (status or date).
_WHOLE_ACTIVITY = """INSERT INTO volunteer_tally (period, volunteer_id, activities, hours)
    SELECT substr({a}.starts_at, 1, k.n), p.volunteer_id, {sign}1, {sign}p.hours
    FROM participation p, (SELECT 0 AS n UNION ALL SELECT 4 UNION ALL SELECT 7) k
    WHERE p.activity_id = {a}.id AND p.attended = 1 AND {a}.status = 'done'
    ON CONFLICT (period, volunteer_id) DO UPDATE
    SET activities = activities + excluded.activities, hours = hours + excluded.hours"""

# A volunteer's team names in team order, as the roster shows them and sorts by them.
_TEAMS_TEXT = """(SELECT group_concat(name, '、') FROM (SELECT t.name FROM team_member m JOIN team t ON t.id = m.team_id
                  WHERE m.volunteer_id = {v} ORDER BY m.team_id))"""

SQL = f"""
CREATE INDEX activity_held ON activity (status, starts_at, category, brand, beneficiaries);
CREATE INDEX volunteer_status_political_birth ON volunteer (status, political_status, birth_date);
CREATE TABLE activity_tally (
    activity_id INTEGER PRIMARY KEY REFERENCES activity (id) ON DELETE CASCADE,
    people INTEGER NOT NULL,
    hours REAL NOT NULL
);
CREATE TABLE volunteer_tally (
    period TEXT NOT NULL,
    volunteer_id INTEGER NOT NULL REFERENCES volunteer (id) ON DELETE CASCADE,
    activities INTEGER NOT NULL,
    hours REAL NOT NULL,
    PRIMARY KEY (period, volunteer_id)
) WITHOUT ROWID;
INSERT INTO activity_tally (activity_id, people, hours)
    SELECT activity_id, count(*), sum(hours) FROM participation WHERE attended = 1 GROUP BY activity_id;
INSERT INTO volunteer_tally (period, volunteer_id, activities, hours)
    SELECT substr(a.starts_at, 1, k.n), p.volunteer_id, count(*), sum(p.hours)
    FROM participation p JOIN activity a ON a.id = p.activity_id, (SELECT 0 AS n UNION ALL SELECT 4 UNION ALL SELECT 7) k
    WHERE p.attended = 1 AND a.status = 'done' GROUP BY 1, 2;
CREATE TRIGGER participation_tally_insert AFTER INSERT ON participation BEGIN
    {_ACTIVITY.format(p="NEW", sign="")};
    {_VOLUNTEER.format(p="NEW", sign="")};
END;
CREATE TRIGGER participation_tally_delete AFTER DELETE ON participation BEGIN
    {_ACTIVITY.format(p="OLD", sign="-")};
    {_VOLUNTEER.format(p="OLD", sign="-")};
END;
CREATE TRIGGER participation_tally_update AFTER UPDATE OF activity_id, volunteer_id, attended, hours
ON participation BEGIN
    {_ACTIVITY.format(p="OLD", sign="-")};
    {_VOLUNTEER.format(p="OLD", sign="-")};
    {_ACTIVITY.format(p="NEW", sign="")};
    {_VOLUNTEER.format(p="NEW", sign="")};
END;
ALTER TABLE volunteer ADD COLUMN teams_text TEXT;
UPDATE volunteer SET teams_text = {_TEAMS_TEXT.format(v="volunteer.id")};
CREATE INDEX volunteer_status_teams ON volunteer (status, teams_text, sort_name);
CREATE TRIGGER team_member_teams_insert AFTER INSERT ON team_member BEGIN
    UPDATE volunteer SET teams_text = {_TEAMS_TEXT.format(v="NEW.volunteer_id")} WHERE id = NEW.volunteer_id;
END;
CREATE TRIGGER team_member_teams_delete AFTER DELETE ON team_member BEGIN
    UPDATE volunteer SET teams_text = {_TEAMS_TEXT.format(v="OLD.volunteer_id")} WHERE id = OLD.volunteer_id;
END;
CREATE TRIGGER team_member_teams_update AFTER UPDATE OF team_id, volunteer_id ON team_member BEGIN
    UPDATE volunteer SET teams_text = {_TEAMS_TEXT.format(v="volunteer.id")}
    WHERE id IN (OLD.volunteer_id, NEW.volunteer_id);
END;
CREATE TRIGGER team_teams_rename AFTER UPDATE OF name ON team BEGIN
    UPDATE volunteer SET teams_text = {_TEAMS_TEXT.format(v="volunteer.id")}
    WHERE id IN (SELECT volunteer_id FROM team_member WHERE team_id = NEW.id);
END;
CREATE TRIGGER activity_tally_update AFTER UPDATE OF status, starts_at ON activity
WHEN (OLD.status = 'done') != (NEW.status = 'done') OR substr(OLD.starts_at, 1, 7) != substr(NEW.starts_at, 1, 7)
BEGIN
    {_WHOLE_ACTIVITY.format(a="OLD", sign="-")};
    {_WHOLE_ACTIVITY.format(a="NEW", sign="")};
END
"""


def apply(db) -> None:
    run_sql(db, SQL)
