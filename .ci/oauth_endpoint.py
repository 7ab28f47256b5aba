"""A local OAuth 2 server for the test Dovecot (.ci/dovecot.sh starts it beside Dovecot).

Two endpoints, as a mail provider's: ``POST /token`` takes a refresh token (RFC 6749 6,
``grant_type=refresh_token``) and gives an access token; ``POST /introspect`` (RFC 7662),
which Dovecot's oauth2 passdb asks, says whether an access token is active and whose it is.
A refresh token ``rt-<user>`` is valid for ``<user>``, with ``client_id=aztui-test``; any
other is refused with ``invalid_grant``. Standard library only: it runs before any install.
"""

from __future__ import annotations

import json
import secrets
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

CLIENT_ID = "aztui-test"
ISSUED: dict[str, str] = {}
"""Access token → user."""


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
        elif not refresh.startswith("rt-") or len(refresh) < 4:
            self.answer(400, {"error": "invalid_grant", "error_description": "Bad refresh token"})
        else:
            access = "at-" + secrets.token_urlsafe(24)
            ISSUED[access] = refresh[3:]
            self.answer(200, {"access_token": access, "token_type": "Bearer", "expires_in": 3600})

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
