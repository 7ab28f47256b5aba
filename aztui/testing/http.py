"""A local HTTP server for a plugin's tests: a carrier's API or a channel's receiver on
127.0.0.1, on a port of its own, speaking real HTTP (no mock of the client).

``LocalServer(handler)`` answers every request with ``handler(request)`` and records each
request; ``pytest-httpserver`` (aztui's own tests use it) does more, this needs nothing but
the standard library.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Request:
    """One request the server received."""

    method: str
    path: str
    """Without the query."""
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]
    """Names in lower case."""
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Response:
    status: int = 200
    body: bytes | str = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, value: Any, status: int = 200, **headers: str) -> Response:
        return cls(status, json.dumps(value), {"Content-Type": "application/json", **headers})


Handler = Callable[[Request], Response]


class LocalServer:
    """``with LocalServer(handler) as server:`` a server on ``server.url`` until the block
    ends; ``server.requests`` lists what it received, oldest first. A handler that raises
    answers 500 and its error is raised again by ``check()`` (and when the block ends)."""

    def __init__(self, handler: Handler | None = None) -> None:
        self.handler: Handler = handler or (lambda request: Response(404))
        self.requests: list[Request] = []
        self.errors: list[BaseException] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._request_handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``, without a trailing slash."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url_for(self, path: str) -> str:
        return self.url + "/" + path.lstrip("/")

    def check(self) -> None:
        """Raise the first error a handler met, if any."""
        if self.errors:
            raise self.errors[0]

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
        if kind is None:
            self.check()

    def _request_handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Answer(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def answer(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                request = Request(
                    self.command,
                    parts.path,
                    parse_qs(parts.query, keep_blank_values=True),
                    {name.lower(): value for name, value in self.headers.items()},
                    self.rfile.read(length) if length else b"",
                )
                server.requests.append(request)
                try:
                    response = server.handler(request)
                except Exception as exc:  # noqa: BLE001 - told by check(), answered 500
                    server.errors.append(exc)
                    response = Response(500, f"the test's handler raised {exc!r}")
                body = response.body.encode() if isinstance(response.body, str) else response.body
                self.send_response(response.status)
                for name, value in response.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = answer

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: what a test needs is in ``requests``."""

        return Answer
