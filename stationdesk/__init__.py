"""StationDesk (站务台账): offline records for a village 新时代文明实践站."""

import sys

__version__ = "0.1.0"
APP_NAME = "站务台账"

# peewee imports a PostgreSQL driver as it loads, when one is installed: 0.2 s of every start of a station,
# which never talks to a server. It is told there is none; the county rollup loads the driver itself when
# it opens a postgresql:// database (store/rollup.py).
sys.modules.setdefault("psycopg", None)  # type: ignore[arg-type]  # None: "not installed", on purpose
