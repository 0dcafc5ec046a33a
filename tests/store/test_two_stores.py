"""Two stations open in one process (a town PC reading another station's file, a rollup beside a
station): each service writes into the store it is given, never into the one opened last."""

from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.services import roster, station, teams
from stationdesk.store import open_database


def test_each_write_lands_in_its_own_file(tmp_path):
    with open_database(tmp_path / "a.sqlite3") as a, open_database(tmp_path / "b.sqlite3") as b:  # b opened last
        station.save_station(a, station.StationInfo(name="甲村新时代文明实践站"))
        station.save_station(b, station.StationInfo(name="乙村新时代文明实践站"))
        va = roster.add_volunteer(a, VolunteerDraft(name="张三"))
        team = teams.create_team(a, "甲村护河队")
        teams.add_members(a, team, [va])
        roster.add_volunteer(b, VolunteerDraft(name="李四"))
        assert station.get_station(a).name == "甲村新时代文明实践站"
        assert station.get_station(b).name == "乙村新时代文明实践站"
        assert [r.name for r in roster.search(a, "")] == ["张三"]
        assert [r.name for r in roster.search(b, "")] == ["李四"]
        assert roster.get_volunteer(a, va).teams == ("甲村护河队",)
        assert teams.list_teams(b) == []
        for store, name in ((a, "甲村新时代文明实践站"), (b, "乙村新时代文明实践站")):  # in the files themselves
            assert store.scalar("SELECT name FROM station") == name
        assert a.scalar("SELECT count(*) FROM audit_entry") > b.scalar("SELECT count(*) FROM audit_entry") > 0


def test_every_service_taking_a_store_is_bound_to_it():
    """A new services module (or function) that forgets per_store(globals()) fails here, not in a
    town's rollup."""
    import importlib
    import inspect
    import pkgutil

    import stationdesk.services as services

    unbound = []
    for info in pkgutil.iter_modules(services.__path__):
        module = importlib.import_module(f"stationdesk.services.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if (not name.startswith("_") and getattr(fn, "__module__", "") == module.__name__
                    and next(iter(inspect.signature(fn).parameters), None) == "store"
                    and not hasattr(fn, "__wrapped__")):
                unbound.append(f"{info.name}.{name}")
    assert unbound == []
