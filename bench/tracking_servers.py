"""A carrier's tracking API on 127.0.0.1, for bench/tracking.py: one process per carrier.

    python bench/tracking_servers.py NAME PER_SECOND BATCH KEY BASE_EPOCH

prints ``{"port": N}`` once listening, then serves until killed:

``GET /v1/track?numbers=A,B`` (header ``X-Key``) → ``{"A": {"status": …, "events": […],
"signed": …}, …}``, the JSON the tests' carrier (``tests/tracking/conftest.py``) reads: three to
five events per parcel, the same for a number on every call (so asking twice keeps nothing new),
three parcels in five delivered. Like a real carrier it keeps its own limits: more than
``PER_SECOND`` accepted calls in any sliding second gets ``429`` with a ``Retry-After`` in whole
seconds (as carriers send it), more numbers than ``BATCH`` gets ``400``, a wrong key ``401``.
``GET /_stats`` → what it saw: accepted calls, 429s, 400s, numbers asked (and how many
distinct), and the first and last accepted call (``time.monotonic``, this process's clock: only
their difference means anything) since the last ``GET /_stats?reset=1``.
"""

from __future__ import annotations

import json
import math
import sys
import threading
import time
import zlib
from collections import deque
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TypedDict
from urllib.parse import parse_qs, urlsplit

STAGES = (
    ("info_received", "LBL", "Label created", "ROISSY FR"),
    ("in_transit", "PCH", "Picked up", "LYON 69 FR"),
    ("in_transit", "HUB", "Sorted at hub", "CHILLY-MAZARIN 91 FR"),
    ("out_for_delivery", "OFD", "Out for delivery", "PARIS 75 FR"),
    ("delivered", "DLV", "Delivered", "PARIS 75 FR"),
)


def parcel(number: str, base: datetime) -> dict:
    """What the carrier knows of ``number``: the same on every call."""
    seed = zlib.crc32(number.encode())
    stages = 5 if seed % 5 < 3 else 3 + seed % 2  # 3 in 5 delivered, the rest on their way
    start = base + timedelta(minutes=seed % 600)
    events = [
        {
            "at": (start + timedelta(hours=7 * k)).isoformat(),
            "status": status,
            "code": code,
            "text": text,
            "place": place,
        }
        for k, (status, code, text, place) in enumerate(STAGES[:stages])
    ]
    delivered = stages == 5
    return {"status": events[-1]["status"], "events": events, "signed": True if delivered else None}


class Stats(TypedDict):
    """What one carrier's server saw, as ``GET /_stats`` answers it."""

    calls: int
    throttled: int
    oversize: int
    unauthorised: int
    numbers: int
    first: float | None
    last: float | None


class Carrier:
    """The state of one carrier's server: its limits and what it saw."""

    def __init__(self, per_second: float, batch: int, key: str, base: datetime) -> None:
        self.limit = max(1, math.floor(per_second))
        self.batch, self.key, self.base = batch, key, base
        self.lock = threading.Lock()
        self.window: deque[float] = deque()
        self.stats: Stats = {
            "calls": 0,
            "throttled": 0,
            "oversize": 0,
            "unauthorised": 0,
            "numbers": 0,
            "first": None,
            "last": None,
        }
        self.seen: set[str] = set()

    def admit(self) -> float | None:
        """None if a call now keeps to the limit (and it is counted), else seconds to wait."""
        with self.lock:
            now = time.monotonic()
            while self.window and self.window[0] <= now - 1.0:
                self.window.popleft()
            if len(self.window) >= self.limit:
                self.stats["throttled"] += 1
                return self.window[0] + 1.0 - now
            self.window.append(now)
            self.stats["calls"] += 1
            self.stats["first"] = self.stats["first"] or now
            self.stats["last"] = now
            return None


def handler(carrier: Carrier) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects
        disable_nagle_algorithm = True  # headers and body leave at once (no 40 ms delayed ACK)

        def log_message(self, format: str, *args: object) -> None:
            pass

        def reply(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/_stats":
                with carrier.lock:
                    self.reply(200, {**carrier.stats, "distinct": len(carrier.seen)})
                    if "reset" in parse_qs(url.query):
                        carrier.stats["first"] = carrier.stats["last"] = None
                return
            if url.path != "/v1/track":
                self.reply(404, {"error": "not found"})
                return
            if self.headers.get("X-Key") != carrier.key:
                with carrier.lock:
                    carrier.stats["unauthorised"] += 1
                self.reply(401, {"error": "bad key"})
                return
            wait = carrier.admit()
            if wait is not None:
                self.reply(
                    429,
                    {"error": "too many requests"},
                    {"Retry-After": str(max(1, math.ceil(wait)))},
                )
                return
            numbers = parse_qs(url.query).get("numbers", [""])[0].split(",")
            with carrier.lock:
                carrier.stats["numbers"] += len(numbers)
                carrier.seen.update(numbers)
                if len(numbers) > carrier.batch:
                    carrier.stats["oversize"] += 1
            if len(numbers) > carrier.batch:
                self.reply(400, {"error": f"at most {carrier.batch} numbers"})
                return
            self.reply(200, {n: parcel(n, carrier.base) for n in numbers})

    return Handler


def main() -> None:
    name, per_second, batch, key, base = sys.argv[1:6]
    carrier = Carrier(float(per_second), int(batch), key, datetime.fromtimestamp(int(base), UTC))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler(carrier))
    server.daemon_threads = True
    print(json.dumps({"name": name, "port": server.server_address[1]}), flush=True)
    server.serve_forever(poll_interval=0.5)


if __name__ == "__main__":
    main()
