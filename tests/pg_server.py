"""A throwaway PostgreSQL cluster for the county rollup's tests and bench: Debian's server binaries,
initdb and pg_ctl in a temp dir, listening on a Unix socket only. PostgreSQL refuses to run as root, so
as root (CI) the cluster belongs to the `postgres` user the Debian package creates (REFERENCE §6)."""

import os
import shutil
import socket
import subprocess
from contextlib import contextmanager
from pathlib import Path


def server_bin() -> Path:
    """Debian keeps the server programs out of PATH, under /usr/lib/postgresql/<major>/bin."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    if found:
        return found[-1].parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    raise RuntimeError("PostgreSQL is not installed: `./dev test` installs Debian's postgresql package")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def throwaway_cluster(base: Path):
    """Yields a postgresql:// URL for a fresh cluster in `base` (database `postgres`, user `stationdesk`,
    no password: trust on the socket). The cluster is stopped and its files removed afterwards."""
    bin_dir = server_bin()
    base.mkdir(parents=True, exist_ok=True)
    data, port = base / "data", _free_port()
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], check=True, capture_output=True, text=True)

    run(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "stationdesk", "-E", "UTF8", "--no-locale")
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(base / "server.log"), "-w", "start",
        "-o", f"-k {base} -p {port} -h ''")
    try:
        yield f"postgresql://stationdesk@/postgres?host={base}&port={port}"
    finally:
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)
