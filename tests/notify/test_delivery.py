"""Every alert arrives, through outages and crashes: ``aztui watch`` against a real local
webhook receiver that checks the Standard Webhooks signature of each delivery."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from standardwebhooks import Webhook
from werkzeug import Request, Response
from werkzeug.serving import make_server

from aztui.config import load_config
from aztui.domain.model import Order, OrderStatus
from aztui.service import Service

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


class Receiver:
    """A webhook receiver on a fixed port, that can be down, up, or slow once."""

    def __init__(self, port: int, *, slow_first: float = 0.0) -> None:
        self.port, self.slow_first = port, slow_first
        self.ids: list[str] = []
        self.started = threading.Event()
        self.server = None

    def app(self, environ, start_response):
        request = Request(environ)
        body = request.get_data()
        Webhook(SECRET).verify(body, dict(request.headers))  # raises if forged
        self.started.set()
        if self.slow_first and not self.ids:
            time.sleep(self.slow_first)
        self.ids.append(request.headers["webhook-id"])
        return Response(status=204)(environ, start_response)

    def up(self) -> None:
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self) -> None:
        if self.server is not None:
            self.server.shutdown()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def user_config(env: dict):
    """The watchers' user configuration for this process too, while a store is read."""
    old = os.environ.get("AZTUI_USER_CONFIG")
    os.environ["AZTUI_USER_CONFIG"] = env["AZTUI_USER_CONFIG"]
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("AZTUI_USER_CONFIG")
        else:
            os.environ["AZTUI_USER_CONFIG"] = old


def setup(tmp_path: Path, port: int, orders: int = 3) -> dict:
    (tmp_path / "aztui.toml").write_text(
        'db = "store.db"\n[alerts]\ncheck_seconds = 0.3\nretry_seconds = 0.3\n'
        '[tracking]\ninterval_minutes = 0\n[channels.hook]\ntype = "webhook"\n'
        f'options = {{ url = "http://127.0.0.1:{port}/hook" }}\n'
    )
    env = {
        **os.environ,
        "AZTUI_USER_CONFIG": str(tmp_path / "none.toml"),
        "AZTUI_CHANNEL_HOOK_SIGNING_SECRET": SECRET,
    }
    now = datetime.now(UTC)
    records = [
        Order(
            f"402-000000{n}-0000000",
            now - timedelta(days=2),
            status=OrderStatus.UNSHIPPED,
            latest_ship_date=now - timedelta(hours=n),
        )
        for n in range(1, orders + 1)
    ]

    async def seed():
        with user_config(env):
            async with Service(load_config(config_path=tmp_path / "aztui.toml")) as service:
                await service.write(records)

    asyncio.run(seed())
    return env


def watch(tmp_path: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "aztui", "watch"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def outbox(tmp_path: Path, env: dict) -> list:
    async def read():
        with user_config(env):
            async with Service(load_config(config_path=tmp_path / "aztui.toml")) as service:
                return await service.store.outbox()

    return asyncio.run(read())


def wait_until(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


@pytest.mark.slow
def test_an_outage_then_every_alert_arrives_exactly_once(tmp_path):
    port = free_port()
    env = setup(tmp_path, port)
    receiver = Receiver(port)
    process = watch(tmp_path, env)
    try:
        time.sleep(2.0)  # the receiver is down: sends fail and wait their turn
        receiver.up()
        wait_until(
            lambda: (
                len(receiver.ids) >= 5 and all(o.status == "sent" for o in outbox(tmp_path, env))
            )
        )
        time.sleep(1.0)  # a few more passes: nothing is sent again
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
        receiver.down()
    entries = outbox(tmp_path, env)
    assert process.returncode == 0 and "failed" in err and "sent" in err
    assert Counter(receiver.ids) == Counter(o.alert.id for o in entries)  # each once
    assert all(o.attempts >= 2 for o in entries)  # each failed during the outage first


@pytest.mark.slow
def test_a_crash_mid_send_loses_nothing_and_repeats_only_with_the_same_id(tmp_path):
    port = free_port()
    env = setup(tmp_path, port)
    receiver = Receiver(port, slow_first=2.0)
    receiver.up()
    try:
        first = watch(tmp_path, env)
        assert receiver.started.wait(20)  # a delivery is under way …
        first.send_signal(signal.SIGKILL)  # … and aztui dies before it is recorded
        first.wait(10)
        time.sleep(2.5)  # the receiver finishes the request it was given
        second = watch(tmp_path, env)
        wait_until(lambda: all(o.status == "sent" for o in outbox(tmp_path, env)))
        second.send_signal(signal.SIGTERM)
        second.communicate(timeout=20)
    finally:
        receiver.down()
    expected = {o.alert.id for o in outbox(tmp_path, env)}
    counts = Counter(receiver.ids)
    assert set(counts) == expected  # nothing lost
    repeated = [i for i, n in counts.items() if n > 1]
    assert len(repeated) == 1 and counts[repeated[0]] == 2  # only the one in flight, same id
