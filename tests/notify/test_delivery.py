"""Every alert arrives, through outages and crashes: ``aztui watch`` against a real local
webhook receiver that checks the Standard Webhooks signature of each delivery."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from standardwebhooks import Webhook
from werkzeug import Request, Response
from werkzeug.serving import BaseWSGIServer, make_server

from aztui.config import load_config
from aztui.domain.model import Order, OrderStatus
from aztui.service import Service
from tests.ports import held_socket
from tests.waiting import PATIENCE, wait_until

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


class Receiver:
    """A webhook receiver on a port of its own, down (connections refused) until ``up()``;
    with ``hold_first``, the first delivery is left unanswered until ``release()``."""

    def __init__(self, *, hold_first: bool = False) -> None:
        self.socket = held_socket()  # the port is ours from now on, refusing until up()
        self.port: int = self.socket.getsockname()[1]
        self.hold_first = hold_first
        self.ids: list[str] = []
        self.started = threading.Event()
        self.released = threading.Event()
        self.server: BaseWSGIServer | None = None

    def app(self, environ, start_response):
        request = Request(environ)
        body = request.get_data()
        Webhook(SECRET).verify(body, dict(request.headers))  # raises if forged
        first = not self.started.is_set()
        self.started.set()
        if self.hold_first and first:
            assert self.released.wait(PATIENCE), "the first delivery was never released"
        self.ids.append(request.headers["webhook-id"])
        return Response(status=204)(environ, start_response)

    def up(self) -> None:
        self.socket.listen()
        self.server = make_server(
            "127.0.0.1", self.port, self.app, threaded=True, fd=self.socket.fileno()
        )
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def release(self) -> None:
        self.released.set()

    def down(self) -> None:
        self.released.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        self.socket.close()


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
    write_orders(tmp_path, env, range(1, orders + 1))
    return env


def write_orders(tmp_path: Path, env: dict, numbers: Iterable[int]) -> None:
    """Unshipped orders ``402-000000<n>-0000000``, overdue by n hours: each makes alerts."""
    now = datetime.now(UTC)
    records = [
        Order(
            f"402-000000{n}-0000000",
            now - timedelta(days=2),
            status=OrderStatus.UNSHIPPED,
            latest_ship_date=now - timedelta(hours=n),
        )
        for n in numbers
    ]

    async def seed():
        with user_config(env):
            async with Service(load_config(config_path=tmp_path / "aztui.toml")) as service:
                await service.write(records)

    asyncio.run(seed())


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


def all_sent(tmp_path: Path, env: dict, more_than: int = 0) -> bool:
    """Whether the outbox holds more than ``more_than`` entries, each of them sent."""
    entries = outbox(tmp_path, env)
    return len(entries) > more_than and all(o.status == "sent" for o in entries)


def tried(tmp_path: Path, env: dict) -> list:
    """The outbox once it holds alerts and each has been tried; else nothing."""
    entries = outbox(tmp_path, env)
    return entries if all(o.attempts for o in entries) else []


def another_pass(tmp_path: Path, env: dict, n: int) -> None:
    """Until a watcher has made one more full pass: order ``n`` is written, and its new alerts
    are sent — by a pass that also sent anything else it still took for due."""
    queued = len(outbox(tmp_path, env))
    write_orders(tmp_path, env, [n])
    wait_until(lambda: all_sent(tmp_path, env, more_than=queued), f"the alerts of order {n} sent")


@pytest.mark.slow
def test_an_outage_then_every_alert_arrives_exactly_once(tmp_path):
    receiver = Receiver()  # down: sends fail and wait their turn
    env = setup(tmp_path, receiver.port)
    process = watch(tmp_path, env)
    try:
        # The outage lasts until the watcher has tried every alert, and failed.
        during = wait_until(
            lambda: tried(tmp_path, env), "every alert tried once while the receiver is down"
        )
        assert not any(o.status == "sent" for o in during)
        receiver.up()
        wait_until(lambda: all_sent(tmp_path, env), "every alert sent once the receiver is up")
        for n in (4, 5):  # a few more passes: nothing is sent again
            another_pass(tmp_path, env, n)
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=PATIENCE)
        receiver.down()
    entries = outbox(tmp_path, env)
    assert process.returncode == 0 and "failed" in err and "sent" in err
    assert Counter(receiver.ids) == Counter(o.alert.id for o in entries)  # each once
    outage = {o.alert.id for o in during}
    assert len(receiver.ids) > len(outage) >= 5
    assert all(o.attempts >= 2 for o in entries if o.alert.id in outage)  # each failed first


@pytest.mark.slow
def test_a_crash_mid_send_loses_nothing_and_repeats_only_with_the_same_id(tmp_path):
    receiver = Receiver(hold_first=True)
    env = setup(tmp_path, receiver.port)
    receiver.up()
    try:
        first = watch(tmp_path, env)
        assert receiver.started.wait(PATIENCE)  # a delivery is under way …
        first.send_signal(signal.SIGKILL)  # … and aztui dies before it is recorded
        first.wait(PATIENCE)
        receiver.release()  # the receiver finishes the request it was given
        wait_until(lambda: receiver.ids, "the delivery under way at the crash received")
        second = watch(tmp_path, env)
        wait_until(lambda: all_sent(tmp_path, env), "every alert sent after the restart")
        second.send_signal(signal.SIGTERM)
        second.communicate(timeout=PATIENCE)
    finally:
        receiver.down()
    expected = {o.alert.id for o in outbox(tmp_path, env)}
    counts = Counter(receiver.ids)
    assert set(counts) == expected  # nothing lost
    repeated = [i for i, n in counts.items() if n > 1]
    assert len(repeated) == 1 and counts[repeated[0]] == 2  # only the one in flight, same id
