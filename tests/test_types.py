"""Typed ids (stationdesk/domain/ids.py): a service taking two ids refuses them swapped — mypy, run on a
snippet calling the real services, passes the right order and fails the swapped one."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SNIPPET = '''\
from datetime import datetime

from stationdesk.domain.ids import ActivityId, TeamId, UnitId, VolunteerId
from stationdesk.services import attendance, pairings, teams


def right(store, activity: ActivityId, volunteer: VolunteerId, team: TeamId, unit: UnitId) -> None:
    attendance.withdraw(store, activity, volunteer)
    attendance.scan(store, activity, volunteer, datetime.now())
    attendance.sign_up(store, activity, [volunteer])
    attendance.sign_up_team(store, activity, team)
    teams.set_leader(store, team, volunteer)
    pairings.set_liaison(store, unit, volunteer)


def swapped(store, activity: ActivityId, volunteer: VolunteerId, team: TeamId, unit: UnitId) -> None:
    attendance.withdraw(store, volunteer, activity)  # line 17
    attendance.scan(store, volunteer, activity, datetime.now())  # 18
    attendance.sign_up(store, activity, [team])  # 19
    attendance.sign_up_team(store, team, activity)  # 20
    teams.set_leader(store, volunteer, team)  # 21
    pairings.set_liaison(store, volunteer, unit)  # 22
    attendance.withdraw(store, 7, 3)  # 23: a bare int is no id either
'''


def test_swapped_ids_fail_mypy(tmp_path):
    snippet = tmp_path / "swapped_ids.py"
    snippet.write_text(SNIPPET, encoding="utf-8")
    # A cache of its own: mypy replays a cached module's errors, under the path it had when they were found.
    run = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary", "--hide-error-context",
                          "--cache-dir", str(tmp_path / "mypy_cache"), str(snippet)],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    ours = [line for line in run.stdout.splitlines() if line.startswith(str(snippet))]
    failed = {int(m.group(1)) for line in ours if (m := re.match(rf"{re.escape(str(snippet))}:(\d+): error:", line))}
    assert failed == set(range(17, 24)), run.stdout + run.stderr
    assert 'Argument 2 to "withdraw" has incompatible type "VolunteerId"; expected "ActivityId"' in run.stdout
