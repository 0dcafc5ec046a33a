"""Every write path says what it changed, so no page is left showing old figures after a save."""

import random

from stationdesk.errors import UserError
from stationdesk.services import funds
from stationdesk.services.changes import KINDS, Tracker


def test_every_write_path_names_what_it_changed(demo_store, tmp_path):
    from PIL import Image

    from tests.reliability.every_write import RECIPES

    Image.new("RGB", (64, 48), (200, 30, 30)).save(tmp_path / "photo.jpg")
    tracker = Tracker(demo_store)
    rng = random.Random(5)
    seen: dict[str, frozenset[str] | None] = {}
    for n, name in enumerate(sorted(RECIPES)):
        try:
            RECIPES[name](demo_store, rng, f"第{n}", tmp_path)
        except UserError:
            tracker.take()
            continue
        seen[name] = tracker.take()
    assert len(seen) > 55
    unnamed = {name: kinds for name, kinds in seen.items() if not kinds}
    assert unnamed == {"audit.export_log": frozenset(), "exporting.export_hours": frozenset(),
                       "exporting.export_roster": frozenset(), "packages.export_package": frozenset(),
                       "roster.reveal": frozenset()}, \
        "only looking (an export, a revealed number) may change nothing shown"
    assert all(kinds <= KINDS for kinds in seen.values() if kinds)


def test_a_fund_entry_is_a_fund_change_and_nothing_else(store):
    from datetime import date

    tracker = Tracker(store)
    assert tracker.take() == frozenset()
    funds.add_entry(store, entered_on=date.today(), direction="in", source=funds.SOURCES[0], amount="100",
                    purpose="拨款")
    assert tracker.take() == {"fund_entry"}
    assert tracker.take() == frozenset()


def test_a_write_without_an_entry_or_a_restore_counts_as_everything(store):
    tracker = Tracker(store)
    with store.write():
        store.execute("INSERT INTO setting (key, value) VALUES (?, ?)", ("probe", "1"))  # a row, no entry
    assert tracker.take() is None
    tracker.seen += 5  # ids went back: an older file was swapped in
    assert tracker.take() is None
