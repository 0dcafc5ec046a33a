"""The start of a working day, without Qt: open the station, settle what the last day left (the
operator on duty, kiosk scans never scanned out), then — off the UI thread — check the file and back
it up when the last backup is over a day old."""

from dataclasses import dataclass
from pathlib import Path

from stationdesk.services import attendance, audit, packages, safety
from stationdesk.store import open_database
from stationdesk.store.backup import backup_database, rotate
from stationdesk.store.database import per_store
from stationdesk.store.health import file_check


def open_station(path: str | Path):
    """The station's Store (DatabaseProblem in Chinese when it cannot be opened: damaged, locked …)."""
    return open_database(path)


def begin_day(store) -> None:
    """What every start does once the station is open."""
    audit.load_operator(store)
    attendance.close_forgotten(store)  # kiosk scan-ins of ended activities: closed, flagged 待核实
    packages.identity(store)  # the station's id and signing key, made once (shown in 设置与备份)


@dataclass(frozen=True)
class DayChecks:
    """quick_check (integrity_check once a week), then a backup if the last is over a day old. Plain
    paths and flags, so `run` can work in a background thread without the UI thread's connection."""

    path: Path
    folder: Path
    thorough: bool
    backup_due: bool

    def run(self) -> tuple[list[str], Path | None]:
        """(problems, the backup made or None); no backup of a file that failed its check."""
        problems = file_check(self.path, thorough=self.thorough)
        if problems:
            return problems, None
        return [], backup_database(self.path, self.folder, label="daily") if self.backup_due else None


def day_checks(store) -> DayChecks:
    return DayChecks(store.path, safety.backup_dir(store), safety.full_check_due(store), safety.is_stale(store))


def after_checks(store, checks: DayChecks, problems: list[str], made: Path | None) -> None:
    """Back on the UI thread: remember a passed weekly check; rotate the backups when one was made."""
    if checks.thorough and not problems:
        safety.record_full_check(store)
    if made is not None:
        rotate(made.parent, of=store.path.stem)


per_store(globals())  # model queries run on the store each function is given
