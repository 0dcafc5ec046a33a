"""合并 on a real station file: everything of the dropped record moves, hours are never doubled, tallies
stay right, and undo gives back the exact database."""

from datetime import datetime

import pytest

from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.errors import UserError
from stationdesk.services import attendance, certificates, merging, points, roster, stats, teams
from stationdesk.store.health import check_database

DERIVED = ("volunteer_tally", "points_tally", "points_period", "activity_tally")
HISTORY = ("audit_entry", "volunteer_merge")  # a merge and its undo are kept in the trail


def content(store) -> dict[str, list]:
    """Every table's rows (tallies without their zero rows: a tally row emptied by a move and filled
    again is the same tally)."""
    out = {}
    for (table,) in store.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        if table in HISTORY:
            continue
        rows = sorted(store.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
        if table in DERIVED:
            rows = [r for r in rows if any(v not in (0, 0.0) for v in r[2:])]
        out[table] = rows
    return out


def twin(store, rng_index: int = 0) -> tuple[int, int]:
    """A volunteer who served, and the same person registered again (no ID number) who also served."""
    ids = [r[0] for r in store.execute("SELECT DISTINCT volunteer_id FROM participation WHERE attended = 1 ORDER BY 1")]
    first = roster.get_volunteer(store, ids[rng_index])
    again = roster.add_volunteer(store, VolunteerDraft(name=first.draft.name, phone=first.draft.phone,
                                                       village_group="三组", note="纸质花名册录入"))
    return first.id, again


def attend(store, volunteer_id: int, activity_id: int, hours_to: int) -> None:
    a = store.execute("SELECT starts_at FROM activity WHERE id = ?", (activity_id,)).fetchone()[0]
    start = datetime.fromisoformat(str(a))
    marks = [attendance.Mark(r.volunteer_id, r.attended, r.check_in, r.check_out)
             for r in attendance.sheet_rows(store, activity_id)]
    marks.append(attendance.Mark(volunteer_id, True, start, start.replace(hour=start.hour + hours_to)))
    attendance.record_attendance(store, activity_id, marks, reason="补登")


def test_merge_moves_everything_and_undo_restores_every_table(demo_store):
    keep, drop = twin(demo_store)
    done = [r[0] for r in demo_store.execute(
        "SELECT id FROM activity WHERE status = 'done' AND id NOT IN (SELECT activity_id FROM participation"
        " WHERE volunteer_id = ?) ORDER BY starts_at", (keep,))]
    attend(demo_store, drop, done[0], 2)
    team = teams.list_teams(demo_store)[0].id
    teams.add_members(demo_store, team, [drop])
    issued = certificates.issue_service_record(demo_store, drop, datetime(2020, 1, 1).date(), datetime.now().date())
    year = datetime.now().year
    before = content(demo_store)
    before_fields = roster.get_volunteer(demo_store, keep).draft
    hours_before = roster_hours(demo_store, keep) + roster_hours(demo_store, drop)
    points_before = points.balance(demo_store, keep) + points.balance(demo_store, drop)
    stats_before = stats.compute(demo_store, stats.period_of(year))

    merge_id = merging.merge(demo_store, keep, drop)
    assert demo_store.scalar("SELECT count(*) FROM volunteer WHERE id = ?", (drop,)) == 0
    assert roster_hours(demo_store, keep) == pytest.approx(hours_before)
    assert points.balance(demo_store, keep) == points_before
    assert demo_store.scalar("SELECT volunteer_id FROM certificate WHERE serial = ?", (issued.serial,)) == keep
    assert certificates.verify(demo_store, issued.qr_text).status == "valid"  # serial unchanged, still genuine
    assert demo_store.scalar("SELECT count(*) FROM team_member WHERE volunteer_id = ? AND team_id = ?",
                             (keep, team)) == 1
    kept, old = roster.get_volunteer(demo_store, keep).draft, before_fields
    assert kept.village_group == old.village_group and kept.note == (old.note or "纸质花名册录入")  # blanks filled
    assert check_database(demo_store) == []
    after = stats.compute(demo_store, stats.period_of(year))
    assert (after.hours, after.participations, after.activities) == (
        stats_before.hours, stats_before.participations, stats_before.activities)
    assert after.volunteers_active <= stats_before.volunteers_active  # two records of one person count once

    merging.undo_merge(demo_store, merge_id)
    assert content(demo_store) == before
    assert check_database(demo_store) == []
    with pytest.raises(UserError, match="撤销过"):
        merging.undo_merge(demo_store, merge_id)


def test_undoing_the_demo_merge_gives_the_team_its_leader_back(demo_store):
    """The demo's last write merged a team leader's old record into a newer one that had joined the same
    team: the kept record leads it until the merge is undone, then the old record leads it again."""
    [done] = merging.merges(demo_store)

    def leaders() -> list[tuple[int, int]]:
        return demo_store.execute("SELECT team_id, volunteer_id FROM team_member WHERE role = 'leader'"
                                  " ORDER BY team_id").fetchall()

    merged = leaders()
    led = {team for team, vid in merged if vid == done.kept_id}
    assert led, "the demo's merged-away record led a team"
    merging.undo_merge(demo_store, done.id)
    undone = leaders()
    assert {team for team, vid in undone if vid == done.dropped_id} == led
    assert done.kept_id not in {vid for _, vid in undone}
    assert len(undone) == len(merged)  # one leader a team, as before
    assert check_database(demo_store) == []


def roster_hours(store, vid: int) -> float:
    return store.scalar("SELECT coalesce(sum(p.hours), 0) FROM participation p JOIN activity a ON a.id = p.activity_id"
                        " WHERE p.volunteer_id = ? AND p.attended = 1 AND a.status = 'done'", (vid,))


def test_the_same_activity_twice_is_kept_once_and_different_hours_ask_which(demo_store):
    keep, drop = twin(demo_store, 1)
    shared = demo_store.execute("SELECT activity_id, hours FROM participation WHERE volunteer_id = ? AND attended = 1"
                                " ORDER BY activity_id LIMIT 1", (keep,)).fetchone()
    attend(demo_store, drop, shared[0], 1)  # the second record says one hour
    total = roster_hours(demo_store, keep)
    with pytest.raises(merging.NeedsChoice, match="时长不同"):
        merging.merge(demo_store, keep, drop)
    assert demo_store.scalar("SELECT count(*) FROM volunteer WHERE id = ?", (drop,)) == 1  # nothing happened
    merging.merge(demo_store, keep, drop, prefer="drop")
    hours = demo_store.scalar("SELECT hours FROM participation WHERE activity_id = ? AND volunteer_id = ?",
                              (shared[0], keep))
    assert hours == 1 and roster_hours(demo_store, keep) == pytest.approx(total - shared[1] + 1)  # not doubled
    assert check_database(demo_store) == []


def test_bad_merges_are_refused_and_undo_after_a_later_write_is_refused(demo_store):
    keep, drop = twin(demo_store, 2)
    with pytest.raises(UserError, match="它自己"):
        merging.merge(demo_store, keep, keep)
    with pytest.raises(UserError, match="找不到"):
        merging.merge(demo_store, keep, 999_999)
    merge_id = merging.merge(demo_store, keep, drop, take=frozenset({"village_group"}))
    assert roster.get_volunteer(demo_store, keep).draft.village_group == "三组"
    roster.add_volunteer(demo_store, VolunteerDraft(name="新来的"))
    with pytest.raises(UserError, match="不能再撤销"):
        merging.undo_merge(demo_store, merge_id)
    assert [m.id for m in merging.merges(demo_store)] == [merge_id, merge_id - 1]  # newest first: the demo's is older
