"""Undoing a merge puts team roles back exactly: the merged-away record led teams, the kept one was a
member of one of them, led another, and both were in a third."""

from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.services import merging, roster, teams


def memberships(store) -> list[tuple]:
    return store.execute("SELECT id, team_id, volunteer_id, role, joined_on FROM team_member ORDER BY id").fetchall()


def test_undoing_a_merge_restores_every_teams_leaders(store):
    keep = roster.add_volunteer(store, VolunteerDraft(name="张三", phone="13800000001"))
    drop = roster.add_volunteer(store, VolunteerDraft(name="张三", phone="13800000001"))
    other = roster.add_volunteer(store, VolunteerDraft(name="李四"))
    led_by_drop, drop_only, led_by_keep, both_members, both_lead = (
        teams.create_team(store, name) for name in ("一队", "二队", "三队", "四队", "五队"))
    teams.add_members(store, led_by_drop, [keep, other])
    teams.set_leader(store, led_by_drop, drop)        # the merged-away record leads a team the kept one is in
    teams.set_leader(store, drop_only, drop)          # … and one the kept one is not in
    teams.add_members(store, drop_only, [other])
    teams.set_leader(store, led_by_keep, keep)
    teams.add_members(store, led_by_keep, [drop])
    teams.add_members(store, both_members, [keep, drop])
    teams.set_leader(store, both_lead, keep)
    teams.set_leader(store, both_lead, drop)
    before = memberships(store)
    leaders = {t: teams.leader_ids(store, t) for t in (led_by_drop, drop_only, led_by_keep, both_members, both_lead)}

    merge_id = merging.merge(store, keep, drop)
    merged = {t: teams.leader_ids(store, t) for t in leaders}
    assert merged == {led_by_drop: {keep}, drop_only: {keep}, led_by_keep: {keep}, both_members: set(),
                      both_lead: {keep}}  # one leader each: the person, under the kept record

    merging.undo_merge(store, merge_id)
    assert memberships(store) == before
    assert {t: teams.leader_ids(store, t) for t in leaders} == leaders
    assert leaders[led_by_drop] == {drop}  # not two leaders
