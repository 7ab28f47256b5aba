"""A TCP proxy on 127.0.0.1 between aztui and the test server, to lose the connection the
ways a network does: everything dropped at once, new connections refused for a while, the line
cut in the middle of a transaction, or the answer to a COMMIT never delivered (the server
committed; the client cannot know)."""

from __future__ import annotations

import asyncio
import contextlib

import psycopg
from psycopg.conninfo import conninfo_to_dict


class Proxy:
    def __init__(self, url: str) -> None:
        parts = conninfo_to_dict(url)
        self.target = (str(parts.get("host", "127.0.0.1")), int(str(parts.get("port", 5432))))
        self.url_parts = parts
        self.refusing = False
        self.refused = 0
        """Connections refused so far (each a try of the client while ``refusing``)."""
        self.lose_commit_answer = False
        """The next COMMIT goes through to the server; its answer is dropped with the line."""
        self.commits_lost = 0
        self.cut_before: bytes | None = None
        """The next time a client sends these bytes (a statement's text), every line is cut
        before they reach the server: what the transaction wrote so far is left half done, for
        the server to roll back."""
        self.cuts = 0
        self.links: set[asyncio.StreamWriter] = set()
        self.server: asyncio.base_events.Server | None = None

    async def start(self, password: str = "") -> str:
        """The URL that reaches the server through the proxy (the test server trusts local
        connections, so a ``password`` is carried and ignored)."""
        self.server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        user = str(self.url_parts.get("user", "")) + (f":{password}" if password else "")
        return f"postgresql://{user}@127.0.0.1:{port}/{self.url_parts['dbname']}"

    async def stop(self) -> None:
        self.drop()
        if self.server is not None:
            self.server.close()

    def drop(self) -> None:
        """Cut every open connection, as a network failure does."""
        for writer in list(self.links):
            writer.transport.abort()
        self.links.clear()

    async def _accept(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        if self.refusing:
            self.refused += 1
            client_w.transport.abort()
            return
        server_r, server_w = await asyncio.open_connection(*self.target)
        self.links |= {client_w, server_w}
        committing = asyncio.Event()
        await asyncio.gather(
            self._pipe(client_r, server_w, committing, upstream=True),
            self._pipe(server_r, client_w, committing, upstream=False),
            return_exceptions=True,
        )

    async def _pipe(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        committing: asyncio.Event,
        *,
        upstream: bool,
    ) -> None:
        try:
            while data := await reader.read(65536):
                if upstream and self.cut_before is not None and self.cut_before in data:
                    self.cut_before = None
                    self.cuts += 1
                    self.drop()
                    return
                if upstream and self.lose_commit_answer and b"COMMIT" in data:
                    self.lose_commit_answer = False
                    committing.set()
                elif not upstream and committing.is_set():
                    self.commits_lost += 1  # the server answered: committed; never delivered
                    self.drop()
                    return
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.transport.abort()


async def backends(url: str, admin: str) -> int:
    """How many server connections the database at ``url`` has."""
    name = conninfo_to_dict(url)["dbname"]
    async with await psycopg.AsyncConnection.connect(admin, autocommit=True) as conn:
        row = await (
            await conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (name,))
        ).fetchone()
        assert row is not None  # count(*) answers one row
        return row[0]
