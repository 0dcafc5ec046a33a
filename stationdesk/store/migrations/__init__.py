"""Schema migrations: an explicit ordered list (a file glob finds nothing inside a PyInstaller bundle).

Step N takes a database at `user_version` N-1 to N. Each step is frozen SQL, never the live models,
and runs with its version bump in one transaction. A new database walks the same steps as an old one.
"""

from stationdesk.store.migrations import (
    m0001_roster,
    m0002_activities,
    m0003_pairings,
    m0004_certificates,
    m0005_practices,
    m0006_tallies,
    m0007_review,
    m0008_points_tally,
    m0009_points_periods,
    m0010_not_duplicates,
    m0011_merges,
    m0012_search_indexes,
    m0013_people_records,
    m0014_roster_filters,
    m0015_held_by_attendance,
    m0016_station_records,
    m0017_milestone_index,
    m0018_assessment,
)
from stationdesk.store.migrations.reconcile import reconcile

STEPS = (m0001_roster.apply, m0002_activities.apply, m0003_pairings.apply, m0004_certificates.apply,
         m0005_practices.apply, m0006_tallies.apply, m0007_review.apply,
         m0008_points_tally.apply, m0009_points_periods.apply, m0010_not_duplicates.apply,
         m0011_merges.apply, m0012_search_indexes.apply,
         m0013_people_records.apply, m0014_roster_filters.apply,
         m0015_held_by_attendance.apply, m0016_station_records.apply, m0017_milestone_index.apply,
         m0018_assessment.apply)
LATEST = len(STEPS)


def migrate(db, version: int, *, before_upgrade=None) -> int:
    """Apply every step after `version`; returns the number applied.

    `before_upgrade()` runs first when an existing database is about to change (to back it up).
    """
    pending = STEPS[version:]
    if pending and version > 0 and before_upgrade is not None:
        before_upgrade()
    if pending and version > 0:
        reconcile(db, STEPS[:version])  # a file from an early release: the shape those steps give now
    for number, step in enumerate(pending, start=version + 1):
        with db.atomic():
            step(db)
            db.execute_sql(f"PRAGMA user_version = {number:d}")
    return len(pending)
