import pytest

from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.errors import UserError
from stationdesk.services import roster, teams


def test_nested_teams_list_as_a_tree_with_leaders_and_counts(store):
    top = teams.create_team(store, "青山村志愿服务总队")
    a = teams.create_team(store, "党员先锋队", parent_id=top)
    b = teams.create_team(store, "巾帼队", parent_id=top)
    squad = teams.create_team(store, "护河小分队", parent_id=a)
    v1 = roster.add_volunteer(store, VolunteerDraft(name="张三"))
    v2 = roster.add_volunteer(store, VolunteerDraft(name="李四"))
    assert teams.add_members(store, a, [v1, v2]) == 2
    assert teams.add_members(store, a, [v1]) == 0  # already a member
    teams.set_leader(store, a, v2)
    rows = teams.list_teams(store)
    assert [(r.name, r.depth) for r in rows] == [
        ("青山村志愿服务总队", 0), ("党员先锋队", 1), ("护河小分队", 2), ("巾帼队", 1)]
    row_a = next(r for r in rows if r.id == a)
    assert (row_a.member_count, row_a.leaders) == (2, "李四")
    assert teams.member_ids(store, a) == [v2, v1]  # leader first
    teams.remove_member(store, a, v1)
    assert teams.member_ids(store, a) == [v2]
    assert {b, squad} <= {r.id for r in rows}
    teams.add_members(store, b, [v1, v2])
    roster.archive_volunteer(store, v1, reason="迁出本村")  # an archived member is not counted
    counts = {r.id: r.member_count for r in teams.list_teams(store)}
    assert (counts[a], counts[b], counts[squad]) == (1, 1, 0)


def test_team_rules(store):
    top = teams.create_team(store, "总队")
    child = teams.create_team(store, "分队", parent_id=top)
    with pytest.raises(UserError, match="已经有名为"):
        teams.create_team(store, "总队")
    with pytest.raises(UserError, match="不能为空"):
        teams.create_team(store, "  ")
    with pytest.raises(UserError, match="下级队伍"):
        teams.update_team(store, top, name="总队", parent_id=child)


def test_archived_team_hides_but_its_subteams_stay_visible(store):
    top = teams.create_team(store, "总队")
    child = teams.create_team(store, "分队", parent_id=top)
    teams.set_archived(store, top, True)
    assert [(r.id, r.depth) for r in teams.list_teams(store)] == [(child, 0)]
    assert len(teams.list_teams(store, include_archived=True)) == 2
