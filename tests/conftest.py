"""Shared fixtures: a real database file per test, opened by the production `open_database`."""

import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("RL_invariant", "1")
# The window remembers its size in QSettings (per user): tests keep theirs away from the real one, and
# every run starts from none.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="stationdesk-test-config-")
# Printouts and backups a test makes without a path go to a throwaway folder, not the user's data folder.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="stationdesk-test-data-")

import pytest

from stationdesk.store import open_database

# Windows' file semantics for the storage, backup, restore, export and print suites.
pytest_plugins = ["tests.windows_semantics"]


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "station.sqlite3"


@pytest.fixture
def store(db_path):
    s = open_database(db_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The demo station built once a session (per xdist worker too: each has its own temporary folder),
    closed so the file holds everything; tests get copies."""
    from stationdesk.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite3"
    with open_database(path) as s:
        build_demo(s, volunteers=60, seed=7)
    return path


@pytest.fixture
def demo_store(demo_template, db_path):
    """A demo station of its own: a copy of the template, opened like any station file (2.4 s to build,
    milliseconds to copy). Copies share the template's station id and certificate key, as a backup
    restored elsewhere would; nothing else in the file names its place."""
    shutil.copyfile(demo_template, db_path)
    s = open_database(db_path)
    yield s
    s.close()


@pytest.fixture(autouse=True)
def no_operator_chosen():
    """The 当前经办人 is process state: each test starts with nobody chosen."""
    from stationdesk.services import audit

    audit.set_operator("")
    yield
    audit.set_operator("")


@pytest.fixture(scope="session")
def postgres_url():
    """A throwaway PostgreSQL cluster for the whole run (the county rollup's engine)."""
    from tests.pg_server import throwaway_cluster

    with throwaway_cluster(Path(tempfile.mkdtemp(prefix="stationdesk-pg-"))) as url:
        yield url
