"""A local OAuth 2 server for the test Dovecot (.ci/dovecot.sh starts it beside Dovecot).

Two endpoints, as a mail provider's: ``POST /token`` takes a refresh token (RFC 6749 6,
``grant_type=refresh_token``) and gives an access token; ``POST /introspect`` (RFC 7662),
which Dovecot's oauth2 passdb asks, says whether an access token is active and whose it is.
A refresh token ``rt-<user>`` is valid for ``<user>``, with ``client_id=aztui-test``; any
other is refused with ``invalid_grant``. Standard library only: it runs before any install.

A refresh token ``rot-<user>.<rest>`` rotates, as Microsoft 365's do (RFC 6749 6, OAuth 2.1
4.3.1) but at its strictest: each is good for one exchange only, whose answer carries the
next one (``rot-<user>.<random>``); one used again is refused. The first of a chain is any
``rot-<user>.seed-<anything>`` never used.
"""

from __future__ import annotations

import json
import secrets
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

CLIENT_ID = "aztui-test"
ISSUED: dict[str, str] = {}
"""Access token → user."""
ROTATING: set[str] = set()
"""The rotating refresh tokens given and not used yet."""
SPENT: set[str] = set()
"""The rotating refresh tokens used once."""
LOCK = threading.Lock()
"""Two exchanges of one rotating token at once: only one of them is granted."""


class Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        if self.path == "/token":
            self.token(form)
        elif self.path == "/introspect":
            user = ISSUED.get(form.get("token", ""))
            self.answer(200, {"active": True, "username": user} if user else {"active": False})
        else:
            self.answer(404, {"error": "not_found"})

    def token(self, form: dict[str, str]) -> None:
        refresh = form.get("refresh_token", "")
        if form.get("grant_type") != "refresh_token" or form.get("client_id") != CLIENT_ID:
            self.answer(400, {"error": "invalid_client"})
        elif refresh.startswith("rot-") and self.rotates(refresh):
            user = refresh[4:].partition(".")[0]
            following = f"rot-{user}.{secrets.token_urlsafe(12)}"
            ROTATING.add(following)
            self.grant(user, {"refresh_token": following})
        elif not refresh.startswith("rt-") or len(refresh) < 4:
            self.answer(400, {"error": "invalid_grant", "error_description": "Bad refresh token"})
        else:
            self.grant(refresh[3:])

    @staticmethod
    def rotates(refresh: str) -> bool:
        """Whether ``refresh`` is a rotating token good for this exchange (then spent)."""
        user, _, rest = refresh[4:].partition(".")
        with LOCK:
            fresh = refresh in ROTATING or (rest.startswith("seed-") and refresh not in SPENT)
            if not user or not fresh:
                return False
            ROTATING.discard(refresh)
            SPENT.add(refresh)
            return True

    def grant(self, user: str, more: dict[str, object] | None = None) -> None:
        access = "at-" + secrets.token_urlsafe(24)
        ISSUED[access] = user
        body = {"access_token": access, "token_type": "Bearer", "expires_in": 3600}
        self.answer(200, body | (more or {}))

    def answer(self, status: int, body: dict[str, object]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        sys.stderr.write("oauth: " + (format % args) + "\n")


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
