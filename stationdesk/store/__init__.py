"""Storage: one SQLite file per station, opened, locked and migrated by `open_database`."""

from stationdesk.store.database import Store, open_database

__all__ = ["Store", "open_database"]
