"""Typed ids. A volunteer's id, an activity's and a team's are all ints, and a service taking two of them
(attendance.withdraw(store, activity_id, volunteer_id), teams.set_leader(store, team_id, volunteer_id)…)
would take them swapped without a word: these NewTypes make mypy say so. They cost nothing at run time —
the value is the int (or str) itself — and a plain int becomes one by a call, VolunteerId(3), where an id
enters the program (a CLI argument, a row read back)."""

from typing import NewType

VolunteerId = NewType("VolunteerId", int)
ActivityId = NewType("ActivityId", int)
TeamId = NewType("TeamId", int)
UnitId = NewType("UnitId", int)  # a 文明单位
CertificateSerial = NewType("CertificateSerial", str)
