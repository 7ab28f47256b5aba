"""A PostgreSQL server of a test module's own, which a test may kill and start again: started
as ``.ci/postgres.sh`` starts CI's (initdb, then ``pg_ctl start``, as the ``postgres`` user when
run as root), on a port reserved for its whole life, so that it comes back where its clients
look for it. ``kill`` is ``pg_ctl stop -m immediate``: every server process ends at once, with
no checkpoint, as in a crash; the next start recovers from the write-ahead log.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg

from tests.ports import held_socket

SERVER_USER = "postgres"
"""Who runs the server when the tests run as root (initdb refuses root)."""


def server_bin() -> Path | None:
    """The newest installed PostgreSQL's ``bin`` folder (Debian's layout), if any."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return found[-1].parent if found else None


class Server:
    """One private server: ``start``, ``kill``, ``stop``; ``database()`` makes a fresh one."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        # Not under pytest's tmp_path: as root that folder is closed to the server's user.
        self.folder = Path(tempfile.mkdtemp(prefix="aztui-postgres."))
        self.data = self.folder / "data"
        self.reservation: socket.socket = held_socket()
        """Holds the port while the server is down: nobody else takes it meanwhile, and a
        client's connection is refused as by a machine whose server is down (PostgreSQL binds
        beside it, with ``SO_REUSEADDR``)."""
        self.port: int = self.reservation.getsockname()[1]
        self.running = False
        try:
            if os.getuid() == 0:
                shutil.chown(self.folder, SERVER_USER)
            self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "aztui", "--no-sync")
        except BaseException:
            self.remove()
            raise

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if os.getuid() == 0:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} {' '.join(args)}: {done.stderr.strip()}\n{tail}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://aztui@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        """Start, and return once it accepts connections (``-w``; pg_ctl waits a minute)."""
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} "
            "-c fsync=off -c max_connections=100"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w", "-t",
            "120", "-o", options, "start",
        )  # fmt: skip
        self.running = True

    def kill(self) -> None:
        """Every server process ends now, each connection with it; returns once they have."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "-t", "120", "stop")
        self.running = False

    def stop(self) -> None:
        if self.running:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "120", "stop")
            self.running = False

    def database(self) -> str:
        """A fresh, empty database (the server started first if a test left it down)."""
        if not self.running:
            self.start()
        name = f"aztui_faults_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def remove(self) -> None:
        self.stop()
        self.reservation.close()
        shutil.rmtree(self.folder, ignore_errors=True)
