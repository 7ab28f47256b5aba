"""What the fault tests share: a write held at a chosen point of its transaction (so the server
is killed, or the line cut, exactly there and not when a clock says), aztui run as a process,
and what a database holds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

import psycopg

from tests.cli.test_bulk_import import TABLES, orders_file
from tests.waiting import PATIENCE

HOLD_LOCK = 0x686F6C64  # "hold"
"""The advisory lock a held write waits for, while the test holds it."""


class Hold:
    """Each statement that writes ``table`` waits, once it has written its rows, for a lock
    the test holds: the transaction is then half done, uncommitted, until the test kills the
    server or cuts the line. An ``AFTER … FOR EACH STATEMENT`` trigger (it fires for ``COPY``
    too); once the lock is free (released, or gone with a killed server) it lets every
    statement through."""

    def __init__(self, url: str, table: str) -> None:
        self.url = url
        self.table = table
        self.holder: psycopg.Connection | None = None

    def __enter__(self) -> Hold:
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(
                "CREATE OR REPLACE FUNCTION aztui_test_hold() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN "
                f"PERFORM pg_advisory_xact_lock_shared({HOLD_LOCK}); RETURN NULL; END $$"
            )
            conn.execute(
                f"CREATE TRIGGER aztui_test_hold AFTER INSERT OR UPDATE ON {self.table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION aztui_test_hold()"
            )
        self.holder = psycopg.connect(self.url, autocommit=True)
        self.holder.execute("SELECT pg_advisory_lock(%s)", (HOLD_LOCK,))
        return self

    def held(self) -> list[str]:
        """The statements waiting at the hold (their first words)."""
        with psycopg.connect(self.url, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT a.query FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND NOT l.granted AND l.objid = %s "
                "AND l.database = (SELECT oid FROM pg_database WHERE datname = "
                "current_database())",
                (HOLD_LOCK,),
            ).fetchall()
        return [" ".join(query.split()[:3]) for (query,) in rows]

    def release(self) -> None:
        if self.holder is not None:
            self.holder.close()  # with a killed server, already gone
            self.holder = None

    def __exit__(self, *exc: object) -> None:
        self.release()


def cli_env(folder: Path) -> dict[str, str]:
    """An environment for aztui processes: no user configuration, wide lines."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AZTUI_")}
    return {**env, "AZTUI_USER_CONFIG": str(folder / "none.toml"), "COLUMNS": "300"}


class Output:
    """What a process writes on a pipe, read as it comes, so a test can wait for a line."""

    def __init__(self, stream: IO[str]) -> None:
        self.parts: list[str] = []
        self.reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.reader.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.parts.append(line)

    @property
    def text(self) -> str:
        return "".join(self.parts)


class Aztui:
    """``aztui ARGS`` as a process of its own, a write waiting ``patience`` seconds (rather
    than 30) for a lost server to come back: how long a loaded machine takes to restart one is
    not what these tests measure."""

    def __init__(
        self, folder: Path, env: dict[str, str], *args: str, patience: float = PATIENCE
    ) -> None:
        code = (
            "import sys, aztui_postgres.store as s; "
            f"s.WRITE_PATIENCE = {patience!r}; "
            "from aztui.cli.main import main; sys.exit(main(sys.argv[1:]))"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, *args],
            cwd=folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None and self.process.stderr is not None
        self.out, self.err = Output(self.process.stdout), Output(self.process.stderr)

    def says(self, text: str) -> bool:
        return text in self.err.text

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def finish(self) -> tuple[int, str, str]:
        """Once it has ended: its exit status, then everything it wrote on each pipe."""
        code = self.process.wait(PATIENCE)
        for output in (self.out, self.err):
            output.reader.join(PATIENCE)
        return code, self.out.text, self.err.text


def told_plainly(err: str) -> None:
    """What aztui printed is a message for a person: no traceback, no "this is a bug", no
    driver's log lines."""
    assert "Traceback" not in err, err
    assert "unexpected error" not in err and "this is a bug" not in err, err
    assert "psycopg" not in err, err


def few_orders(path: Path, count: int, prefix: str = "403") -> Path:
    """The first ``count`` orders of ``orders_file`` (which writes a large file): every kind a
    seller has, too few for the bulk path."""
    lines = orders_file(path, 45_000, prefix=prefix).read_text().splitlines()[: count + 1]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def contents(url: str) -> dict[str, list[tuple]]:
    """Every table of records and what they derive, its rows sorted."""
    with psycopg.connect(url) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


def imports(url: str) -> list[tuple[str, str, int]]:
    """The import history: (source, kind, records) of each write, in order."""
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT source, kind, records FROM imports ORDER BY id").fetchall()
