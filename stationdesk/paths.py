"""Where the app keeps data and finds its resources, frozen (PyInstaller) or not. Qt-free."""

import sys
from pathlib import Path

APP_DIR_NAME = "StationDesk"


def resources_dir() -> Path:
    """The `resources/` folder: beside the package in a checkout, inside the bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(name: str) -> Path:
    return resources_dir() / name


def data_dir() -> Path:
    import platformdirs  # 6 ms, and only needed when no --db is given

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def default_database_path() -> Path:
    return data_dir() / "station.sqlite3"
