"""疑似重复 on a real station file: found with reasons, shown side by side, dismissed for good."""

import pytest

from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.errors import UserError
from stationdesk.services import duplicates, roster


def test_a_person_registered_twice_is_found_shown_and_can_be_dismissed(demo_store):
    assert duplicates.pairs(demo_store) == []
    first = roster.get_volunteer(demo_store, roster.search_ids(demo_store, "")[0])
    again = roster.add_volunteer(demo_store, VolunteerDraft(name=first.draft.name, phone=first.draft.phone))  # no ID
    (pair,) = duplicates.pairs(demo_store)
    assert (pair.first, pair.second) == tuple(sorted((first.id, again))) and "姓名和电话相同" in pair.reasons
    old, new = duplicates.sides(demo_store, pair)
    assert old.name == new.name == first.draft.name and new.hours == 0 and new.activities == 0
    assert old.phone_masked == new.phone_masked and "****" in new.phone_masked
    with pytest.raises(UserError):
        duplicates.mark_not_duplicate(demo_store, again, again)
    duplicates.mark_not_duplicate(demo_store, again, first.id)  # either order
    assert duplicates.pairs(demo_store) == []
    duplicates.mark_not_duplicate(demo_store, first.id, again)  # twice: no error, still one row
    assert demo_store.scalar("SELECT count(*) FROM not_duplicate") == 1
